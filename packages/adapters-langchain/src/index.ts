export { langChainTools } from './from-registry.js';
export { HeadlessAnalyticsCallbackHandler, tokenUsageOf, type CallbackHandlerOptions } from './callback-handler.js';
