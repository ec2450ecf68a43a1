import { agentEventName, type AgentEventEnvelope, type SpanKind, type SpanPhase, type TokenUsage, type TrackFunction } from './agent-events.js';

export interface AgentRecorderOptions {
  /** Recorded as the actor `{ type: 'agent', id: agentId }` of every event. */
  agentId: string;
  /** Where events go: an SDK client's track, a batch tracker, a test array. */
  track: TrackFunction;
  sessionId?: string;
  businessId?: string;
  /** Called when `track` throws or rejects; the agent is never interrupted. Default: ignore. */
  onTrackError?: (error: unknown) => void;
  /** Monotonic milliseconds for latencies. Default `performance.now`. */
  clock?: () => number;
  /** Wall-clock time for event timestamps (`clock` may be a monotonic timer). Default `Date.now`. */
  now?: () => number;
}

export interface SpanStart {
  parentId?: string | undefined;
  name?: string | undefined;
  /** For root spans: a traceId to use instead of the span id. */
  traceId?: string | undefined;
}

interface OpenSpan {
  kind: SpanKind;
  name: string | undefined;
  parentId: string | undefined;
  rootId: string;
  startedAt: number;
}

interface RunTotals {
  traceId: string;
  inputTokens: number;
  outputTokens: number;
  totalTokens: number;
  toolCalls: number;
  toolErrors: number;
  llmCalls: number;
}

const MAX_ERROR_LENGTH = 1000;
/** The ingest limits on ids and idempotency keys. */
const MAX_ID_LENGTH = 256;
const MAX_MESSAGE_ID_LENGTH = 128;

function errorText(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : typeof error === 'string' ? error : JSON.stringify(error);
  return (text ?? 'unknown error').slice(0, MAX_ERROR_LENGTH);
}

/** A random id from Web Crypto (browsers, Node ≥ 19, workers). */
export function newSpanId(): string {
  return globalThis.crypto.randomUUID();
}

/**
 * Maps run/chain/llm/tool/retriever start, end and error to canonical events. A span without a known
 * parent is a run (`agent.run.*`, its id the traceId); every other span belongs to its root's trace.
 * Run end events carry the run's token, LLM-call and tool-error totals.
 */
export class AgentRecorder {
  readonly agentId: string;
  readonly #options: AgentRecorderOptions;
  readonly #clock: () => number;
  readonly #now: () => number;
  readonly #spans = new Map<string, OpenSpan>();
  readonly #runs = new Map<string, RunTotals>();

  constructor(options: AgentRecorderOptions) {
    this.agentId = options.agentId;
    this.#options = options;
    this.#clock = options.clock ?? (() => globalThis.performance.now());
    this.#now = options.now ?? Date.now;
  }

  /** Open spans (for tests and leak checks). */
  get openSpans(): number {
    return this.#spans.size;
  }

  start(kind: SpanKind, id: string, start: SpanStart = {}): void {
    const parent = start.parentId === undefined ? undefined : this.#spans.get(start.parentId);
    const rootId = parent ? parent.rootId : id;
    const spanKind: SpanKind = parent ? kind : 'run';
    this.#spans.set(id, { kind: spanKind, name: start.name, parentId: parent ? start.parentId : undefined, rootId, startedAt: this.#clock() });
    if (!parent) {
      this.#runs.set(id, { traceId: start.traceId ?? id, inputTokens: 0, outputTokens: 0, totalTokens: 0, toolCalls: 0, toolErrors: 0, llmCalls: 0 });
    }
    this.#emit(id, 'started', {});
  }

  /** Closes a span; `tokens` are the LLM usage of this span (added to the run's totals). */
  end(id: string, result: { tokens?: TokenUsage | undefined } = {}): void {
    this.#close(id, 'completed', result.tokens, undefined);
  }

  fail(id: string, error: unknown, result: { tokens?: TokenUsage | undefined } = {}): void {
    this.#close(id, 'failed', result.tokens, errorText(error));
  }

  /** Whether a span is open (handlers use it to ignore ends of spans they never saw start). */
  has(id: string): boolean {
    return this.#spans.has(id);
  }

  #close(id: string, phase: SpanPhase, tokens: TokenUsage | undefined, error: string | undefined): void {
    const span = this.#spans.get(id);
    if (!span) return;
    if (span.kind === 'run') this.#closeOrphans(id);
    const run = this.#runs.get(span.rootId);
    if (run) {
      if (span.kind === 'tool') {
        run.toolCalls += 1;
        if (phase === 'failed') run.toolErrors += 1;
      }
      if (span.kind === 'llm') run.llmCalls += 1;
      if (tokens) {
        run.inputTokens += tokens.inputTokens ?? 0;
        run.outputTokens += tokens.outputTokens ?? 0;
        run.totalTokens += tokens.totalTokens ?? (tokens.inputTokens ?? 0) + (tokens.outputTokens ?? 0);
      }
    }
    const extra: Record<string, unknown> = { latencyMs: Math.max(0, Math.round((this.#clock() - span.startedAt) * 1000) / 1000) };
    if (span.kind === 'run' && run) {
      Object.assign(extra, {
        inputTokens: run.inputTokens,
        outputTokens: run.outputTokens,
        totalTokens: run.totalTokens,
        toolCalls: run.toolCalls,
        toolErrors: run.toolErrors,
        llmCalls: run.llmCalls,
      });
    } else if (tokens) {
      Object.assign(extra, tokens);
    }
    if (error !== undefined) extra.error = error;
    this.#emit(id, phase, extra);
    this.#spans.delete(id);
    if (span.kind === 'run') this.#runs.delete(id);
  }

  /** Spans still open when their run ends are closed as failed, so no span leaks and no tool error hides. */
  #closeOrphans(rootId: string): void {
    for (const [id, span] of this.#spans) {
      if (span.rootId === rootId && id !== rootId) this.#close(id, 'failed', undefined, 'the run ended before this span finished');
    }
  }

  #emit(id: string, phase: SpanPhase, extra: Record<string, unknown>): void {
    const span = this.#spans.get(id)!;
    const run = this.#runs.get(span.rootId);
    const envelope: AgentEventEnvelope = {
      event: agentEventName(span.kind, phase),
      actor: { type: 'agent', id: this.agentId },
      traceId: (run?.traceId ?? span.rootId).slice(0, MAX_ID_LENGTH),
      timestamp: this.#now(),
      properties: { spanId: id, kind: span.kind, ...extra },
    };
    // The idempotency key makes re-sent batches safe; ids too long for it go without one.
    const messageId = `${id}.${phase}`;
    if (messageId.length <= MAX_MESSAGE_ID_LENGTH) envelope.messageId = messageId;
    if (span.parentId !== undefined) envelope.properties.parentSpanId = span.parentId;
    if (span.name !== undefined) {
      envelope.properties.name = span.name;
      if (span.kind !== 'run' && span.kind !== 'chain') envelope.object = { type: span.kind, id: span.name.slice(0, MAX_ID_LENGTH) };
    }
    if (this.#options.sessionId !== undefined) envelope.sessionId = this.#options.sessionId;
    if (this.#options.businessId !== undefined) envelope.businessId = this.#options.businessId;
    try {
      const result = this.#options.track(envelope);
      if (result instanceof Promise) result.catch((cause: unknown) => this.#options.onTrackError?.(cause));
    } catch (cause) {
      this.#options.onTrackError?.(cause);
    }
  }
}
