export { Engine, createToolRegistry, engineOptionsFromEnv, DEFAULT_RATE_LIMIT_PER_MINUTE, type Credentials, type EngineOptions } from './engine.js';
export { hasScope, stderrLogger, SURFACES, type Logger, type Principal, type Surface, type ToolContext, type ToolProgress } from './context.js';
export type { Services } from './services.js';
export {
  defineTool,
  SCOPES,
  TOOL_NAME_PATTERN,
  type AnyTool,
  type Scope,
  type ToolAnnotations,
  type ToolDefinition,
  type StreamMessage,
  type ToolStream,
} from './tool/define-tool.js';
export {
  ToolRegistry,
  isToolVisibleTo,
  matchesToolFilter,
  type ToolDescriptor,
  type ToolFilter,
  type ToolsetDefinition,
  type ToolsetDescriptor,
} from './tool/registry.js';
export { TOOLSETS } from './engine.js';
export { toJsonSchema, type JsonSchema, type JsonSchemaOptions, type JsonSchemaTarget } from './tool/json-schema.js';
export { invoke, subscribe, MAX_INPUT_DEPTH, type InvokeOptions, type InvokeResult, type SubscribeResult } from './tool/invoke.js';
export type { AliasTable, CliAlias, CliPositional, HttpMethod, RestAlias, RestResponse, SdkAlias } from './tool/aliases.js';
export {
  EngineError,
  ERROR_CODES,
  invalidInput,
  toEngineError,
  type EngineErrorJSON,
  type ErrorCode,
  type ErrorDetails,
  type FieldIssue,
} from './errors/engine-error.js';
export {
  AGENT_ANALYTICS_CODES,
  ERROR_TABLE,
  agentAnalyticsCodesByStatus,
  agentAnalyticsErrorOf,
  cliExitCodeOf,
  httpStatusOf,
  type AgentAnalyticsCode,
  type AgentAnalyticsRoute,
} from './errors/error-table.js';
export { EVENT_LIMITS, TRUST_TIERS, eventEnvelope, storedEvent, type EventEnvelope, type StoredEvent } from './domain/events/envelope.js';
export { DEFAULT_BUSINESS_ID } from './domain/events/events-service.js';
export { DEFAULT_DATABASE_URL } from './store/libsql/libsql-store.js';
export type { Store } from './store/store.js';
export { ENGINE_VERSION } from './domain/health/health-service.js';
export { embeddedToolClient, remoteToolClient, type ToolCallResult, type ToolClient } from './remote/tool-client.js';
export { assignVariant, fnv1a } from './domain/experiments/assignment.js';
export { TRACKER_SOURCE } from './tools/stream/tracker-source.js';
