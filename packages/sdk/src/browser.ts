/** Browser entry of `@headlessanalytics/sdk`: fetch and Web Crypto only, no Node built-ins. */
export { HeadlessAnalytics } from './browser-client.js';
export * from './public-api.js';
