import { decodeStrictArguments, toOpenAITools, type ChatCompletionsTool, type ResponsesTool } from './openai/index.js';
import { createAgentHooks, type AgentEventEnvelope, type AgentHooks, type AgentRecorderOptions } from './agent-hooks/index.js';
import { DEFAULT_RETRY, delay, isRetryableStatus, retryDelay, type RetryOptions } from './backoff.js';
import type { CallOptions, CatalogTool } from './catalog-types.js';
import { HeadlessAnalyticsError } from './errors.js';
import { EventQueue, type DeliveryStats, type QueueOptions } from './event-queue.js';
import type { TrackResult } from './queued-event.js';
import { TOOL_CATALOG } from './generated/tool-catalog.js';
import { createLangChainHandler, type LangChainCallbackHandler } from './framework-handlers/langchain-handler.js';
import { createLlamaIndexHandler, type LlamaIndexHandler } from './framework-handlers/llamaindex-handler.js';
import { ToolMethods } from './generated/tool-methods.js';
import type { EventEnvelope, ToolInput, ToolName, ToolOutput } from './generated/tool-types.js';
import { errorOfAnswer, postJson, retryAfterOf, type TransportOptions } from './transport.js';

export const DEFAULT_API_URL = 'https://api.headlessanalytics.com';

export interface HeadlessAnalyticsOptions {
  /** A workspace API key (`ha_live_…`); sent as `Authorization: Bearer`. A `write` key is enough for `track()`. */
  writeKey: string;
  /** Base URL of the API. Default `https://api.headlessanalytics.com`. */
  apiUrl?: string;
  /** Send as soon as this many events wait. Default 100. */
  flushAt?: number;
  /** Send waiting events at least this often. Default 250 ms. */
  flushIntervalMs?: number;
  /** Events per request, at most 1,000. Default 1,000. */
  maxBatchSize?: number;
  /** Approximate request body limit. Default 512 KB. */
  maxBatchBytes?: number;
  /** Events held before `track()` refuses new ones (QUEUE_FULL, reported to `onError`). Default 100,000. */
  maxQueueSize?: number;
  /** Ingest requests in flight at once. Default 2. */
  maxConcurrentRequests?: number;
  retry?: Partial<RetryOptions>;
  /** Retries of a read-only or idempotent tool call on 408/429/5xx/network errors. Default 2. */
  toolCallRetries?: number;
  /** Events given up (bad input, auth, retries exhausted, queue full). Default: one `console.error` line. */
  onError?: (error: HeadlessAnalyticsError, events: readonly object[]) => void;
  /** A fetch implementation; default `globalThis.fetch`. */
  fetch?: typeof fetch;
}

/** What `track()` takes besides the event name: any field of the canonical envelope. */
export type TrackFields = Omit<EventEnvelope, 'event'>;

/** Which tools `openAITools()` lists (all by default) and in which OpenAI API's format. */
export interface OpenAIToolsOptions {
  /** `chat` (default): Chat Completions `{ type, function }`; `responses`: the Responses API's flat form. */
  format?: 'chat' | 'responses';
  toolsets?: readonly string[];
  scopes?: readonly CatalogTool['scope'][];
  names?: readonly string[];
  readOnly?: boolean;
}

/** Agent hooks options without `track`: the client's own `track()` is used. */
export type AgentHandlerOptions = Omit<AgentRecorderOptions, 'track'>;

const MAX_BATCH = 1000;

function positive(name: string, value: number | undefined, fallback: number, max = Number.MAX_SAFE_INTEGER): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value <= 0 || value > max) throw new TypeError(`options.${name} must be a number from 1 to ${max}; got ${value}`);
  return value;
}

function queueOptions(options: HeadlessAnalyticsOptions): QueueOptions {
  return {
    flushAt: positive('flushAt', options.flushAt, 100),
    flushIntervalMs: positive('flushIntervalMs', options.flushIntervalMs, 250),
    maxBatchSize: positive('maxBatchSize', options.maxBatchSize, MAX_BATCH, MAX_BATCH),
    maxBatchBytes: positive('maxBatchBytes', options.maxBatchBytes, 512_000),
    maxQueueSize: positive('maxQueueSize', options.maxQueueSize, 100_000),
    maxConcurrentRequests: positive('maxConcurrentRequests', options.maxConcurrentRequests, 2),
    retry: { ...DEFAULT_RETRY, ...options.retry },
    onError:
      options.onError ??
      ((error, events) => console.error(`[headlessanalytics] ${events.length} event(s) not delivered: ${error.code}: ${error.message}`)),
  };
}

/**
 * The HeadlessAnalytics client: `track()` with a batching, retrying queue, and a typed method for every registry
 * tool (`queryFunnel`, `getApiUsage`, ...). Runs wherever `fetch` does.
 */
export class HeadlessAnalyticsClient extends ToolMethods {
  readonly apiUrl: string;
  readonly #transport: TransportOptions;
  readonly #queue: EventQueue;
  readonly #toolCallRetries: number;
  readonly #retry: RetryOptions;

  constructor(options: HeadlessAnalyticsOptions) {
    super();
    if (typeof options?.writeKey !== 'string' || options.writeKey === '') {
      throw new TypeError('options.writeKey is required: a workspace API key (ha_live_… or ha_test_…)');
    }
    this.apiUrl = (options.apiUrl ?? DEFAULT_API_URL).replace(/\/+$/, '');
    if (typeof (options.fetch ?? globalThis.fetch) !== 'function') throw new TypeError('No fetch available: pass options.fetch');
    // Browsers throw "Illegal invocation" when fetch is called as a method of another object: keep it unbound.
    const given = options.fetch;
    const unboundFetch: typeof fetch = given ? (input, init) => given(input, init) : (input, init) => globalThis.fetch(input, init);
    this.#transport = { apiUrl: this.apiUrl, writeKey: options.writeKey, fetch: unboundFetch };
    const queue = queueOptions(options);
    this.#queue = new EventQueue(queue, this.#transport);
    this.#retry = queue.retry;
    this.#toolCallRetries = options.toolCallRetries ?? 2;
  }

  /**
   * Queues an event; it is sent in a batch with others. The timestamp and messageId (given, or this client's random
   * UUID plus a counter) are fixed now, so retries never store it twice. The promise resolves when the event is stored
   * or given up; it never rejects.
   */
  track(event: string, fields: TrackFields = {}): Promise<TrackResult> {
    fields ??= {};
    if (fields.timestamp === undefined && fields.messageId === undefined && !('event' in fields)) {
      return this.#queue.enqueue(event, Date.now(), undefined, fields);
    }
    const { timestamp, messageId, event: _event, ...rest } = fields as TrackFields & { event?: unknown };
    return this.#queue.enqueue(event, timestamp ?? Date.now(), messageId, rest);
  }

  /**
   * Resolves once every event tracked before the call is delivered or given up. `keepalive` sends with fetch
   * keepalive (small batches) so the requests outlive a closing browser page.
   */
  flush(options: { keepalive?: boolean } = {}): Promise<void> {
    return this.#queue.flush(options.keepalive === true);
  }

  /** Delivers what is queued, stops the batch timer and refuses further `track()` calls. */
  shutdown(): Promise<void> {
    return this.#queue.close();
  }

  /** Counters of the event queue: pending events, requests, retries, delivered and dropped events. */
  get deliveryStats(): DeliveryStats {
    return this.#queue.stats;
  }

  /** Every registry tool this SDK was generated from: name, description, scope, annotations, input JSON Schema. */
  tools(): readonly CatalogTool[] {
    return TOOL_CATALOG;
  }

  /** The registry tools as OpenAI function tools with strict-mode schemas; run the model's calls with `callOpenAITool`. */
  openAITools(options?: OpenAIToolsOptions & { format?: 'chat' }): ChatCompletionsTool[];
  openAITools(options: OpenAIToolsOptions & { format: 'responses' }): ResponsesTool[];
  openAITools(options: OpenAIToolsOptions = {}): ChatCompletionsTool[] | ResponsesTool[] {
    const selected = TOOL_CATALOG.filter(
      (tool) =>
        (!options.toolsets || options.toolsets.includes(tool.toolset)) &&
        (!options.scopes || options.scopes.includes(tool.scope)) &&
        (!options.names || options.names.includes(tool.name)) &&
        (options.readOnly === undefined || tool.annotations.readOnlyHint === options.readOnly),
    );
    return toOpenAITools(selected, options.format ?? 'chat');
  }

  /**
   * Runs one OpenAI tool call: `argumentsJson` is the model's arguments string for a tool from `openAITools()`
   * (strict-mode nulls are turned back into absent fields). Errors throw HeadlessAnalyticsError, whose message the
   * model can act on.
   */
  callOpenAITool(name: string, argumentsJson: string, options?: CallOptions): Promise<unknown> {
    const tool = TOOL_CATALOG.find((entry) => entry.name === name);
    let input: unknown;
    try {
      input = JSON.parse(argumentsJson || '{}');
    } catch {
      return Promise.reject(new HeadlessAnalyticsError('INVALID_INPUT', `The arguments of tool call '${name}' are not valid JSON.`));
    }
    return this.invokeTool(name, tool ? decodeStrictArguments(tool.inputSchema, input) : input, options);
  }

  /** AutoGPT-style hooks (`onRunStart`, `onToolStart`, `onLlmEnd`, ...) that record an agent's run through `track()`. */
  agentHooks(options: AgentHandlerOptions): AgentHooks {
    return createAgentHooks({ ...options, track: this.#trackAgentEvent });
  }

  /** A dependency-free LangChain callback handler: pass it in `callbacks: [...]`. Records `agent.*` events. */
  langChainCallbackHandler(options: AgentHandlerOptions): LangChainCallbackHandler {
    return createLangChainHandler({ ...options, track: this.#trackAgentEvent });
  }

  /** A dependency-free LlamaIndex.TS handler: `handler.attach(Settings.callbackManager)`. Records `agent.*` events. */
  llamaIndexHandler(options: AgentHandlerOptions): LlamaIndexHandler {
    return createLlamaIndexHandler({ ...options, track: this.#trackAgentEvent });
  }

  readonly #trackAgentEvent = (envelope: AgentEventEnvelope): Promise<TrackResult> => {
    const { event, properties, ...fields } = envelope;
    return this.track(event, { ...fields, properties: { ...properties } });
  };

  /** Calls any tool by name (what an agent's tool call names); the typed methods are shorthands for this. */
  callTool<N extends ToolName>(name: N, input: ToolInput<N>, options?: CallOptions): Promise<ToolOutput<N>>;
  callTool(name: string, input?: unknown, options?: CallOptions): Promise<unknown>;
  callTool(name: string, input?: unknown, options?: CallOptions): Promise<unknown> {
    return this.invokeTool(name, input ?? {}, options);
  }

  /**
   * `POST /api/tools/{name}`. Events tracked before the call are flushed first, so a query sees them. Read-only and
   * idempotent tools are retried on 408/429/5xx and network errors; errors throw HeadlessAnalyticsError.
   */
  protected async invokeTool(name: string, input: unknown, options: CallOptions = {}): Promise<unknown> {
    if (this.#queue.stats.pending > 0) await this.#queue.flush();
    const tool = TOOL_CATALOG.find((entry) => entry.name === name);
    const retries = tool && (tool.annotations.readOnlyHint || tool.annotations.idempotentHint) ? this.#toolCallRetries : 0;
    const body = JSON.stringify(input ?? {});
    for (let attempt = 0; ; attempt += 1) {
      const answer = await postJson(this.#transport, `/api/tools/${encodeURIComponent(name)}`, body, options.signal ? { signal: options.signal } : {});
      if (answer.status >= 200 && answer.status < 300) return answer.body;
      if (!isRetryableStatus(answer.status) || attempt >= retries) throw errorOfAnswer(answer);
      await delay(retryDelay(attempt, this.#retry, retryAfterOf(answer)));
    }
  }
}
