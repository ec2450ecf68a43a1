export {
  SPAN_KINDS,
  SPAN_PHASES,
  agentEventName,
  type AgentEventEnvelope,
  type AgentEventName,
  type AgentEventProperties,
  type SpanKind,
  type SpanPhase,
  type TokenUsage,
  type TrackFunction,
} from './agent-events.js';
export { AgentRecorder, newSpanId, type AgentRecorderOptions, type SpanStart } from './agent-recorder.js';
export { createAgentHooks, type AgentHooks } from './agent-hooks.js';
export { batchTracker, toolCallerTracker, type BatchTracker, type ToolCaller } from './batch-tracker.js';
