import { toolClientFrom, type ToolSource } from '@headlessanalytics/sdk/tools';
import { AgentRecorder, newSpanId, toolCallerTracker, type AgentRecorderOptions, type TokenUsage, type TrackFunction } from '@headlessanalytics/sdk/agent-hooks';
import { Settings, type CallbackManager, type LlamaIndexEventMaps } from '@llamaindex/core/global';
import { AsyncLocalStorage } from '@llamaindex/env';
import { agentToolCallEvent, agentToolCallResultEvent, stopAgentEvent, type AgentWorkflow } from '@llamaindex/workflow';

export interface LlamaIndexHandlerOptions extends Omit<AgentRecorderOptions, 'track'> {
  /** Where events go; or give `source` to send them in batches through the engine's ingest tool. */
  track?: TrackFunction;
  source?: ToolSource;
  /** Default: `Settings.callbackManager`. */
  callbackManager?: CallbackManager;
}

type Listener<K extends keyof LlamaIndexEventMaps> = (event: { detail: LlamaIndexEventMaps[K] }) => void;

/** Token usage from an LLM response's `raw`: OpenAI-style `usage`, or the last streamed chunk (or its `raw`) carrying one. */
export function tokenUsageOf(raw: unknown): TokenUsage | undefined {
  const candidates = Array.isArray(raw) ? [...raw].reverse().flatMap((chunk: { raw?: unknown } | null) => [chunk, chunk?.raw]) : [raw];
  for (const candidate of candidates) {
    const usage = (candidate as { usage?: Record<string, number> } | null)?.usage;
    if (!usage) continue;
    const inputTokens = usage.prompt_tokens ?? usage.input_tokens ?? 0;
    const outputTokens = usage.completion_tokens ?? usage.output_tokens ?? 0;
    return { inputTokens, outputTokens, totalTokens: usage.total_tokens ?? inputTokens + outputTokens };
  }
  return undefined;
}

/** The `run()` (handler and run id) that the current async context belongs to, across handlers. */
const currentRun = new AsyncLocalStorage<{ handler: object; runId: string }>();

/**
 * Records LlamaIndex runs as canonical `agent.*` events, like the LangChain handler. `run()` drives a
 * workflow agent and records the run and its tool calls (with their error flag) from the workflow's
 * events; LLM calls and retrievals come from the callback manager's `llm-*` and `retrieve-*` events and
 * belong to the `run()` whose async context dispatched them (so concurrent runs and several handlers
 * never mix). Outside any `run()`, LLM calls, retrievals and tool calls are recorded as runs of their own.
 */
export class HeadlessAnalyticsLlamaIndexHandler {
  readonly recorder: AgentRecorder;
  readonly #flush: () => Promise<void>;
  readonly #manager: CallbackManager;
  readonly #listeners: Array<[keyof LlamaIndexEventMaps, Listener<never>]> = [];

  constructor(options: LlamaIndexHandlerOptions) {
    const tracker = options.track ? undefined : options.source ? toolCallerTracker(toolClientFrom(options.source, 'llamaindex'), { onError: options.onTrackError }) : undefined;
    if (!options.track && !tracker) throw new Error('HeadlessAnalyticsLlamaIndexHandler needs `track` or `source`');
    this.recorder = new AgentRecorder({ ...options, track: options.track ?? tracker!.track });
    this.#flush = tracker ? tracker.flush : async () => undefined;
    this.#manager = options.callbackManager ?? Settings.callbackManager;
    this.#on('llm-start', ({ detail }) => this.#ifMine((runId) => this.recorder.start('llm', detail.id, { parentId: runId })));
    this.#on('llm-end', ({ detail }) => this.recorder.end(detail.id, { tokens: tokenUsageOf(detail.response.raw) }));
    this.#on('retrieve-start', ({ detail }) => this.#ifMine((runId) => this.recorder.start('retriever', detail.id, { parentId: runId })));
    this.#on('retrieve-end', ({ detail }) => this.recorder.end(detail.id));
    // Inside run(), tool calls come from the workflow's events, which also carry the error flag.
    this.#on('llm-tool-call', ({ detail }) => this.#ifMine((runId) => runId === undefined && this.recorder.start('tool', detail.toolCall.id, { name: detail.toolCall.name })));
    this.#on('llm-tool-result', ({ detail }) =>
      this.#ifMine((runId) => {
        if (runId !== undefined) return;
        if (detail.toolResult.isError) this.recorder.fail(detail.toolCall.id, String(detail.toolResult.output));
        else this.recorder.end(detail.toolCall.id);
      }),
    );
  }

  /** Calls `record` with this handler's run in the current context (undefined outside any run); skips other handlers' runs. */
  #ifMine(record: (runId: string | undefined) => unknown): void {
    const run = currentRun.getStore();
    if (run === undefined || run.handler === this) record(run?.runId);
  }

  #on<K extends keyof LlamaIndexEventMaps>(name: K, listener: Listener<K>): void {
    this.#manager.on(name, listener as never);
    this.#listeners.push([name, listener as Listener<never>]);
  }

  /** Runs a workflow agent (`agent({ llm, tools })`) to its stop event, recording the run. */
  async run(agent: AgentWorkflow, input: string, options: { name?: string; runId?: string } = {}): Promise<ReturnType<typeof stopAgentEvent.with>> {
    const runId = options.runId ?? newSpanId();
    this.recorder.start('run', runId, { name: options.name });
    return currentRun.run({ handler: this, runId }, () => this.#drive(agent, input, runId));
  }

  async #drive(agent: AgentWorkflow, input: string, runId: string): Promise<ReturnType<typeof stopAgentEvent.with>> {
    try {
      let stop: ReturnType<typeof stopAgentEvent.with> | undefined;
      for await (const event of agent.runStream(input)) {
        if (agentToolCallEvent.include(event)) this.recorder.start('tool', event.data.toolId, { parentId: runId, name: event.data.toolName });
        else if (agentToolCallResultEvent.include(event)) {
          if (event.data.toolOutput.isError) this.recorder.fail(event.data.toolId, event.data.toolOutput.result);
          else this.recorder.end(event.data.toolId);
        } else if (stopAgentEvent.include(event)) stop = event;
      }
      if (!stop) throw new Error('the agent stopped without a result');
      this.recorder.end(runId);
      return stop;
    } catch (error) {
      this.recorder.fail(runId, error);
      throw error;
    }
  }

  /** Resolves once every event recorded so far has been sent. */
  flush(): Promise<void> {
    return this.#flush();
  }

  /** Stops listening to the callback manager. */
  detach(): void {
    for (const [name, listener] of this.#listeners.splice(0)) this.#manager.off(name, listener as never);
  }
}
