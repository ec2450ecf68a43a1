/** Node entry of `@headlessanalytics/sdk`. The browser entry (`browser.ts`) has the same API without Node globals. */
export { HeadlessAnalytics } from './node-client.js';
export * from './public-api.js';
