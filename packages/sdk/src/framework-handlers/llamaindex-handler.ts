import { createAgentHooks, type AgentHooks, type AgentRecorderOptions, type TokenUsage } from '../agent-hooks/index.js';

/** What LlamaIndex.TS dispatches: a CustomEvent whose `detail` carries the payload. */
interface LlamaIndexEvent {
  detail?: unknown;
}
type Listener = (event: LlamaIndexEvent) => void;

/** LlamaIndex's `Settings.callbackManager` (or any CallbackManager). */
export interface CallbackManagerLike {
  on(event: string, handler: Listener): unknown;
  off(event: string, handler: Listener): unknown;
}

export interface LlamaIndexHandler {
  readonly hooks: AgentHooks;
  /** Listener per LlamaIndex event name, for registering by hand. */
  readonly listeners: Readonly<Record<string, Listener>>;
  /** Registers every listener on the manager; returns a function that removes them. */
  attach(manager: CallbackManagerLike): () => void;
}

interface Usage {
  prompt_tokens?: number;
  completion_tokens?: number;
  total_tokens?: number;
  input_tokens?: number;
  output_tokens?: number;
}

/** OpenAI-style (`prompt_tokens`) or Anthropic-style (`input_tokens`) usage in the raw LLM response. */
function tokensOf(response: unknown): TokenUsage | undefined {
  const usage = (response as { raw?: { usage?: Usage } } | undefined)?.raw?.usage;
  if (!usage) return undefined;
  const inputTokens = usage.prompt_tokens ?? usage.input_tokens ?? 0;
  const outputTokens = usage.completion_tokens ?? usage.output_tokens ?? 0;
  return { inputTokens, outputTokens, totalTokens: usage.total_tokens ?? inputTokens + outputTokens };
}

interface Detail {
  id?: string;
  startStep?: { taskId?: string; id?: string };
  endStep?: { taskId?: string; id?: string };
  response?: unknown;
  toolCall?: { id?: string; name?: string };
  toolResult?: { isError?: boolean; output?: unknown };
}
const detailOf = (event: LlamaIndexEvent): Detail => (event?.detail ?? {}) as Detail;

/**
 * Records LlamaIndex.TS agent, query, LLM and tool-call events as canonical `agent.*` events. Agent tasks and
 * queries are runs; LLM calls and tool calls belong to the run started last. No LlamaIndex import.
 */
export function createLlamaIndexHandler(options: AgentRecorderOptions): LlamaIndexHandler {
  const hooks = createAgentHooks(options);
  const runStart = (runId: string | undefined, name: string) => void hooks.onRunStart({ ...(runId ? { runId } : {}), name });
  const runEnd = (runId: string | undefined) => hooks.onRunEnd(runId && hooks.recorder.has(runId) ? { runId } : {});
  const listeners: Record<string, Listener> = {
    'agent-start': (event) => runStart(detailOf(event).startStep?.taskId ?? detailOf(event).startStep?.id, 'agent'),
    'agent-end': (event) => runEnd(detailOf(event).endStep?.taskId ?? detailOf(event).endStep?.id),
    'query-start': (event) => runStart(detailOf(event).id, 'query'),
    'query-end': (event) => runEnd(detailOf(event).id),
    'llm-start': (event) => void hooks.onLlmStart({ ...(detailOf(event).id ? { callId: detailOf(event).id } : {}) }),
    'llm-end': (event) => {
      const detail = detailOf(event);
      if (detail.id && hooks.recorder.has(detail.id)) hooks.onLlmEnd({ callId: detail.id, tokens: tokensOf(detail.response) });
    },
    'llm-tool-call': (event) => {
      const call = detailOf(event).toolCall;
      if (call?.name) hooks.onToolStart({ name: call.name, ...(call.id ? { toolCallId: call.id } : {}) });
    },
    'llm-tool-result': (event) => {
      const { toolCall, toolResult } = detailOf(event);
      if (!toolCall?.id || !hooks.recorder.has(toolCall.id)) return;
      if (toolResult?.isError) hooks.onError(typeof toolResult.output === 'string' ? toolResult.output : 'tool returned an error', { spanId: toolCall.id });
      else hooks.onToolEnd({ toolCallId: toolCall.id });
    },
  };
  return {
    hooks,
    listeners,
    attach(manager) {
      for (const [name, listener] of Object.entries(listeners)) manager.on(name, listener);
      return () => {
        for (const [name, listener] of Object.entries(listeners)) manager.off(name, listener);
      };
    },
  };
}
