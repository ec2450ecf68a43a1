import { AgentRecorder, type AgentRecorderOptions, type SpanKind, type TokenUsage } from '../agent-hooks/index.js';

/** The parts of LangChain's serialized runnable the handler reads. */
interface SerializedLike {
  id?: string[];
  name?: string;
}

/**
 * The parts of LangChain's `LLMResult` the handler reads. A generation declares `text` too: LangChain's plain
 * `Generation` has no `message`, and a type sharing no property with it would not accept it.
 */
interface LlmResultLike {
  llmOutput?: { tokenUsage?: { promptTokens?: number; completionTokens?: number; totalTokens?: number } } | null;
  generations?: Array<Array<{ text?: string; message?: { usage_metadata?: { input_tokens?: number; output_tokens?: number; total_tokens?: number } } }>>;
}

function nameOf(serialized: SerializedLike | undefined, runName: string | undefined): string | undefined {
  if (runName) return runName;
  if (typeof serialized?.name === 'string') return serialized.name;
  return Array.isArray(serialized?.id) ? serialized.id[serialized.id.length - 1] : undefined;
}

/** Token usage from `llmOutput.tokenUsage` (OpenAI-style) or the messages' `usage_metadata` (standard). */
function tokenUsageOf(output: LlmResultLike | undefined): TokenUsage | undefined {
  const legacy = output?.llmOutput?.tokenUsage;
  if (legacy && (legacy.promptTokens !== undefined || legacy.totalTokens !== undefined)) {
    return { inputTokens: legacy.promptTokens ?? 0, outputTokens: legacy.completionTokens ?? 0, totalTokens: legacy.totalTokens ?? 0 };
  }
  let usage: Required<TokenUsage> | undefined;
  for (const generation of output?.generations?.flat() ?? []) {
    const metadata = generation.message?.usage_metadata;
    if (!metadata) continue;
    usage ??= { inputTokens: 0, outputTokens: 0, totalTokens: 0 };
    usage.inputTokens += metadata.input_tokens ?? 0;
    usage.outputTokens += metadata.output_tokens ?? 0;
    usage.totalTokens += metadata.total_tokens ?? 0;
  }
  return usage;
}

type Extra = Record<string, unknown> | undefined;

/** A LangChain callback handler as a plain object (LangChain wraps handler objects itself): no LangChain import. */
export interface LangChainCallbackHandler {
  readonly name: string;
  readonly recorder: AgentRecorder;
  handleChainStart(chain: SerializedLike, inputs: unknown, runId: string, parentRunId?: string, tags?: string[], metadata?: Extra, runType?: string, runName?: string): void;
  handleChainEnd(outputs: unknown, runId: string): void;
  handleChainError(error: unknown, runId: string): void;
  handleLLMStart(llm: SerializedLike, prompts: unknown, runId: string, parentRunId?: string, extra?: Extra, tags?: string[], metadata?: Extra, runName?: string): void;
  handleChatModelStart(llm: SerializedLike, messages: unknown, runId: string, parentRunId?: string, extra?: Extra, tags?: string[], metadata?: Extra, runName?: string): void;
  handleLLMEnd(output: LlmResultLike, runId: string): void;
  handleLLMError(error: unknown, runId: string): void;
  handleToolStart(tool: SerializedLike, input: unknown, runId: string, parentRunId?: string, tags?: string[], metadata?: Extra, runName?: string): void;
  handleToolEnd(output: unknown, runId: string): void;
  handleToolError(error: unknown, runId: string): void;
  handleRetrieverStart(retriever: SerializedLike, query: unknown, runId: string, parentRunId?: string, tags?: string[], metadata?: Extra, name?: string): void;
  handleRetrieverEnd(documents: unknown, runId: string): void;
  handleRetrieverError(error: unknown, runId: string): void;
}

/**
 * Records LangChain chain, LLM, tool and retriever callbacks as canonical `agent.*` events: the root run is
 * `agent.run.*` and its id the traceId; latency, token usage and errors ride along. A tool result with
 * `status: "error"` counts as a failed tool call.
 */
export function createLangChainHandler(options: AgentRecorderOptions): LangChainCallbackHandler {
  const recorder = new AgentRecorder(options);
  const start = (kind: SpanKind, runId: string, parentRunId: string | undefined, name: string | undefined) => recorder.start(kind, runId, { parentId: parentRunId, name });
  const modelName = (llm: SerializedLike, metadata: Extra, runName: string | undefined) => (metadata?.ls_model_name as string | undefined) ?? nameOf(llm, runName);
  return {
    name: 'headlessanalytics',
    recorder,
    handleChainStart: (chain, _inputs, runId, parentRunId, _tags, _metadata, _runType, runName) => start('chain', runId, parentRunId, nameOf(chain, runName)),
    handleChainEnd: (_outputs, runId) => recorder.end(runId),
    handleChainError: (error, runId) => recorder.fail(runId, error),
    handleLLMStart: (llm, _prompts, runId, parentRunId, _extra, _tags, metadata, runName) => start('llm', runId, parentRunId, modelName(llm, metadata, runName)),
    handleChatModelStart: (llm, _messages, runId, parentRunId, _extra, _tags, metadata, runName) => start('llm', runId, parentRunId, modelName(llm, metadata, runName)),
    handleLLMEnd: (output, runId) => recorder.end(runId, { tokens: tokenUsageOf(output) }),
    handleLLMError: (error, runId) => recorder.fail(runId, error),
    handleToolStart: (tool, _input, runId, parentRunId, _tags, _metadata, runName) => start('tool', runId, parentRunId, nameOf(tool, runName)),
    handleToolEnd(output, runId) {
      const message = output as { status?: string; content?: unknown } | undefined;
      if (message?.status === 'error') recorder.fail(runId, typeof message.content === 'string' ? message.content : 'tool returned an error');
      else recorder.end(runId);
    },
    handleToolError: (error, runId) => recorder.fail(runId, error),
    handleRetrieverStart: (retriever, _query, runId, parentRunId, _tags, _metadata, name) => start('retriever', runId, parentRunId, nameOf(retriever, name)),
    handleRetrieverEnd: (_documents, runId) => recorder.end(runId),
    handleRetrieverError: (error, runId) => recorder.fail(runId, error),
  };
}
