import type { TokenUsage } from './agent-events.js';
import { AgentRecorder, newSpanId, type AgentRecorderOptions } from './agent-recorder.js';

/**
 * AutoGPT-style hooks for any agent loop. Ids are optional: a tool or LLM call without a `runId`
 * belongs to the run started last, and `onError` without a span id fails that run.
 */
export interface AgentHooks {
  readonly recorder: AgentRecorder;
  /** Starts a run and returns its id (also its traceId unless one is given). */
  onRunStart(run?: { runId?: string; name?: string; traceId?: string }): string;
  onRunEnd(run?: { runId?: string; tokens?: TokenUsage }): void;
  /** Starts a tool call and returns its span id (the tool call id when given). */
  onToolStart(tool: { name: string; toolCallId?: string; runId?: string }): string;
  onToolEnd(tool: { toolCallId: string }): void;
  onLlmStart(llm?: { model?: string; callId?: string; runId?: string }): string;
  onLlmEnd(llm: { callId: string; tokens?: TokenUsage }): void;
  /** Fails a tool call, an LLM call or a run (default: the current run). */
  onError(error: unknown, span?: { spanId?: string }): void;
}

export function createAgentHooks(options: AgentRecorderOptions): AgentHooks {
  const recorder = new AgentRecorder(options);
  const runs: string[] = [];
  const currentRun = (runId?: string): string | undefined => runId ?? runs[runs.length - 1];
  const forget = (runId: string) => {
    const index = runs.lastIndexOf(runId);
    if (index >= 0) runs.splice(index, 1);
  };
  return {
    recorder,
    onRunStart(run = {}) {
      const runId = run.runId ?? newSpanId();
      recorder.start('run', runId, { name: run.name, traceId: run.traceId });
      runs.push(runId);
      return runId;
    },
    onRunEnd(run = {}) {
      const runId = currentRun(run.runId);
      if (runId === undefined) return;
      recorder.end(runId, { tokens: run.tokens });
      forget(runId);
    },
    onToolStart(tool) {
      const spanId = tool.toolCallId ?? newSpanId();
      recorder.start('tool', spanId, { parentId: currentRun(tool.runId), name: tool.name });
      return spanId;
    },
    onToolEnd(tool) {
      recorder.end(tool.toolCallId);
    },
    onLlmStart(llm = {}) {
      const spanId = llm.callId ?? newSpanId();
      recorder.start('llm', spanId, { parentId: currentRun(llm.runId), name: llm.model });
      return spanId;
    },
    onLlmEnd(llm) {
      recorder.end(llm.callId, { tokens: llm.tokens });
    },
    onError(error, span = {}) {
      const spanId = span.spanId ?? currentRun();
      if (spanId === undefined) return;
      recorder.fail(spanId, error);
      forget(spanId);
    },
  };
}
