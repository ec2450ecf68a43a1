import { toolClientFrom, type ToolSource } from '@headlessanalytics/sdk/tools';
import { AgentRecorder, toolCallerTracker, type AgentRecorderOptions, type SpanKind, type TokenUsage, type TrackFunction } from '@headlessanalytics/sdk/agent-hooks';
import { BaseCallbackHandler } from '@langchain/core/callbacks/base';
import type { Serialized } from '@langchain/core/load/serializable';
import type { LLMResult } from '@langchain/core/outputs';

export interface CallbackHandlerOptions extends Omit<AgentRecorderOptions, 'track'> {
  /** Where events go; or give `source` to send them in batches through the engine's ingest tool. */
  track?: TrackFunction;
  source?: ToolSource;
}

function nameOf(serialized: Serialized | undefined, runName: string | undefined): string | undefined {
  if (runName) return runName;
  const named = (serialized as { name?: unknown } | undefined)?.name;
  if (typeof named === 'string') return named;
  const id = serialized?.id;
  return Array.isArray(id) ? id[id.length - 1] : undefined;
}

/** Token usage from `usage_metadata` (standard) or `llmOutput.tokenUsage` (older OpenAI-style). */
export function tokenUsageOf(output: LLMResult): TokenUsage | undefined {
  const legacy = output.llmOutput?.tokenUsage as { promptTokens?: number; completionTokens?: number; totalTokens?: number } | undefined;
  if (legacy && (legacy.promptTokens !== undefined || legacy.totalTokens !== undefined)) {
    return { inputTokens: legacy.promptTokens ?? 0, outputTokens: legacy.completionTokens ?? 0, totalTokens: legacy.totalTokens ?? 0 };
  }
  let usage: TokenUsage | undefined;
  for (const generation of output.generations.flat()) {
    const metadata = (generation as { message?: { usage_metadata?: { input_tokens: number; output_tokens: number; total_tokens: number } } }).message?.usage_metadata;
    if (!metadata) continue;
    usage ??= { inputTokens: 0, outputTokens: 0, totalTokens: 0 };
    usage.inputTokens! += metadata.input_tokens;
    usage.outputTokens! += metadata.output_tokens;
    usage.totalTokens! += metadata.total_tokens;
  }
  return usage;
}

/**
 * A LangChain callback handler that records chain, LLM, tool and retriever start/end/error as canonical
 * `agent.*` events: the root run is `agent.run.*` and its id the traceId; latency, token usage and
 * errors ride along. A tool result with `status: "error"` counts as a failed tool call.
 */
export class HeadlessAnalyticsCallbackHandler extends BaseCallbackHandler {
  name = 'headlessanalytics';
  override awaitHandlers = true;
  readonly recorder: AgentRecorder;
  readonly #flush: () => Promise<void>;

  constructor(options: CallbackHandlerOptions) {
    super();
    const tracker = options.track ? undefined : options.source ? toolCallerTracker(toolClientFrom(options.source, 'langchain'), { onError: options.onTrackError }) : undefined;
    if (!options.track && !tracker) throw new Error('HeadlessAnalyticsCallbackHandler needs `track` or `source`');
    this.recorder = new AgentRecorder({ ...options, track: options.track ?? tracker!.track });
    this.#flush = tracker ? tracker.flush : async () => undefined;
  }

  /** Resolves once every event recorded so far has been sent. */
  flush(): Promise<void> {
    return this.#flush();
  }

  /** One handler, one set of open spans: a copy is the same handler. */
  override copy(): this {
    return this;
  }

  #start(kind: SpanKind, runId: string, parentRunId: string | undefined, name: string | undefined): void {
    this.recorder.start(kind, runId, { parentId: parentRunId, name });
  }

  // LangChain calls chain starts as (chain, inputs, runId, parentRunId, tags, metadata, runType, runName).
  override handleChainStart(chain: Serialized, _inputs: unknown, runId: string, parentRunId?: string, _tags?: string[], _metadata?: Record<string, unknown>, _runType?: string, runName?: string): void {
    this.#start('chain', runId, parentRunId, nameOf(chain, runName));
  }
  override handleChainEnd(_outputs: unknown, runId: string): void {
    this.recorder.end(runId);
  }
  override handleChainError(error: Error, runId: string): void {
    this.recorder.fail(runId, error);
  }

  override handleChatModelStart(llm: Serialized, _messages: unknown, runId: string, parentRunId?: string, _extra?: Record<string, unknown>, _tags?: string[], metadata?: Record<string, unknown>, runName?: string): void {
    this.#start('llm', runId, parentRunId, (metadata?.ls_model_name as string | undefined) ?? nameOf(llm, runName));
  }
  override handleLLMStart(llm: Serialized, _prompts: string[], runId: string, parentRunId?: string, _extra?: Record<string, unknown>, _tags?: string[], metadata?: Record<string, unknown>, runName?: string): void {
    this.#start('llm', runId, parentRunId, (metadata?.ls_model_name as string | undefined) ?? nameOf(llm, runName));
  }
  override handleLLMEnd(output: LLMResult, runId: string): void {
    this.recorder.end(runId, { tokens: tokenUsageOf(output) });
  }
  override handleLLMError(error: Error, runId: string): void {
    this.recorder.fail(runId, error);
  }

  override handleToolStart(tool: Serialized, _input: string, runId: string, parentRunId?: string, _tags?: string[], _metadata?: Record<string, unknown>, runName?: string): void {
    this.#start('tool', runId, parentRunId, nameOf(tool, runName));
  }
  override handleToolEnd(output: unknown, runId: string): void {
    const message = output as { status?: string; content?: unknown } | undefined;
    if (message?.status === 'error') this.recorder.fail(runId, typeof message.content === 'string' ? message.content : 'tool returned an error');
    else this.recorder.end(runId);
  }
  override handleToolError(error: Error, runId: string): void {
    this.recorder.fail(runId, error);
  }

  override handleRetrieverStart(retriever: Serialized, _query: string, runId: string, parentRunId?: string, _tags?: string[], _metadata?: Record<string, unknown>, name?: string): void {
    this.#start('retriever', runId, parentRunId, nameOf(retriever, name));
  }
  override handleRetrieverEnd(_documents: unknown, runId: string): void {
    this.recorder.end(runId);
  }
  override handleRetrieverError(error: Error, runId: string): void {
    this.recorder.fail(runId, error);
  }
}
