/** What both entries of `@headlessanalytics/sdk` export besides their own `HeadlessAnalytics` (Node or browser). */
export {
  DEFAULT_API_URL,
  HeadlessAnalyticsClient,
  type AgentHandlerOptions,
  type HeadlessAnalyticsOptions,
  type OpenAIToolsOptions,
  type TrackFields,
} from './client.js';
export { HeadlessAnalyticsError, type ApiErrorCode, type ErrorCode, type ErrorDetails, type ErrorIssue } from './errors.js';
export type { DeliveryStats, TrackResult } from './event-queue.js';
export { DEFAULT_RETRY, type RetryOptions } from './backoff.js';
export type { CallOptions, CatalogTool, JsonSchema, ToolAnnotations, ToolDescriptor } from './catalog-types.js';
export { API_ERROR_CODES, TOOL_CATALOG } from './generated/tool-catalog.js';
export type { EventEnvelope, StoredEvent, ToolInput, ToolMap, ToolName, ToolOutput } from './generated/tool-types.js';
export { createLangChainHandler, type LangChainCallbackHandler } from './framework-handlers/langchain-handler.js';
export { createLlamaIndexHandler, type CallbackManagerLike, type LlamaIndexHandler } from './framework-handlers/llamaindex-handler.js';
export {
  AgentRecorder,
  createAgentHooks,
  type AgentEventEnvelope,
  type AgentHooks,
  type AgentRecorderOptions,
  type TokenUsage,
} from './agent-hooks/index.js';
export type { ChatCompletionsTool, ResponsesTool } from './openai/index.js';
