/**
 * The canonical events an agent run produces. Dependency-free and browser-safe: no Node built-ins,
 * no engine import. The engine's `get_agent_performance` tool reads these names.
 */
export const SPAN_KINDS = ['run', 'chain', 'llm', 'tool', 'retriever'] as const;
export type SpanKind = (typeof SPAN_KINDS)[number];

export const SPAN_PHASES = ['started', 'completed', 'failed'] as const;
export type SpanPhase = (typeof SPAN_PHASES)[number];

/** `agent.run.started`, `agent.tool.failed`, `agent.llm.completed`, ... */
export type AgentEventName = `agent.${SpanKind}.${SpanPhase}`;

export const agentEventName = (kind: SpanKind, phase: SpanPhase): AgentEventName => `agent.${kind}.${phase}`;

export interface TokenUsage {
  inputTokens?: number;
  outputTokens?: number;
  totalTokens?: number;
}

/** Flat, so that `query_metrics` can sum `latencyMs` and the token counts. */
export interface AgentEventProperties extends TokenUsage {
  spanId: string;
  parentSpanId?: string;
  kind: SpanKind;
  name?: string;
  latencyMs?: number;
  error?: string;
  /** On run end events: tool calls and tool errors of the whole run. */
  toolCalls?: number;
  toolErrors?: number;
  llmCalls?: number;
}

/** A canonical event envelope (the subset agent runs fill in). */
export interface AgentEventEnvelope {
  event: AgentEventName;
  actor: { type: 'agent'; id: string };
  object?: { type: string; id: string };
  traceId: string;
  sessionId?: string;
  businessId?: string;
  timestamp: number;
  /** `<spanId>.<phase>`, so a re-sent batch stores each event once (omitted when longer than 128 characters). */
  messageId?: string;
  properties: AgentEventProperties;
}

/** Receives each event; may return a promise (rejections go to `onTrackError`, never to the agent). */
export type TrackFunction = (envelope: AgentEventEnvelope) => unknown;
