export { llamaIndexTools, ToolCallError, withoutNulls } from './from-registry.js';
export { HeadlessAnalyticsLlamaIndexHandler, tokenUsageOf, type LlamaIndexHandlerOptions } from './instrumentation-handler.js';
