import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { AgentRecorder, batchTracker, createAgentHooks, type AgentEventEnvelope } from './index.js';

function fakeClock(step = 5) {
  let now = 1_000;
  return () => (now += step);
}

describe('agent hooks', () => {
  it('record a run with an LLM call, a tool call and a failed tool call as canonical events', () => {
    const events: AgentEventEnvelope[] = [];
    const hooks = createAgentHooks({ agentId: 'growth-agent', track: (event) => events.push(event), clock: fakeClock(), now: () => 42, sessionId: 's1' });
    const runId = hooks.onRunStart({ name: 'plan' });
    const llm = hooks.onLlmStart({ model: 'gpt-test' });
    hooks.onLlmEnd({ callId: llm, tokens: { inputTokens: 10, outputTokens: 5 } });
    const ok = hooks.onToolStart({ name: 'query_funnel', toolCallId: 'call_1' });
    hooks.onToolEnd({ toolCallId: ok });
    const bad = hooks.onToolStart({ name: 'ingest_event' });
    hooks.onError(new Error('INVALID_INPUT: event is required'), { spanId: bad });
    hooks.onRunEnd();

    expect(events.map((event) => event.event)).toEqual([
      'agent.run.started',
      'agent.llm.started',
      'agent.llm.completed',
      'agent.tool.started',
      'agent.tool.completed',
      'agent.tool.started',
      'agent.tool.failed',
      'agent.run.completed',
    ]);
    for (const event of events) {
      expect(event.actor).toEqual({ type: 'agent', id: 'growth-agent' });
      expect(event.traceId).toBe(runId);
      expect(event.sessionId).toBe('s1');
      expect(event.timestamp).toBe(42);
    }
    expect(new Set(events.map((event) => event.messageId)).size).toBe(events.length);
    const failed = events[6]!;
    expect(failed.object).toEqual({ type: 'tool', id: 'ingest_event' });
    expect(failed.properties.error).toBe('Error: INVALID_INPUT: event is required');
    expect(failed.properties.parentSpanId).toBe(runId);
    const end = events[7]!.properties;
    expect(end).toMatchObject({ kind: 'run', inputTokens: 10, outputTokens: 5, totalTokens: 15, toolCalls: 2, toolErrors: 1, llmCalls: 1 });
    expect(end.latencyMs).toBeGreaterThan(0);
    expect(hooks.recorder.openSpans).toBe(0);
  });

  it('fail spans still open when their run ends, and never let a failing track reach the agent', () => {
    const events: AgentEventEnvelope[] = [];
    const errors: unknown[] = [];
    const recorder = new AgentRecorder({
      agentId: 'a',
      track: (event) => {
        events.push(event);
        if (event.event === 'agent.tool.started') throw new Error('sink down');
      },
      onTrackError: (error) => errors.push(error),
    });
    recorder.start('chain', 'root');
    recorder.start('tool', 't1', { parentId: 'root', name: 'query_events' });
    recorder.fail('root', 'boom');
    expect(events.map((event) => event.event)).toEqual(['agent.run.started', 'agent.tool.started', 'agent.tool.failed', 'agent.run.failed']);
    expect(events[3]!.properties).toMatchObject({ toolCalls: 1, toolErrors: 1, error: 'boom' });
    expect(errors).toHaveLength(1);
    expect(recorder.openSpans).toBe(0);
  });

  it('batch tracker sends the events of one turn as one batch and flush waits for it', async () => {
    const batches: AgentEventEnvelope[][] = [];
    const tracker = batchTracker(async (events) => void batches.push(events), { maxBatch: 3 });
    const hooks = createAgentHooks({ agentId: 'a', track: tracker.track });
    hooks.onRunStart();
    hooks.onToolStart({ name: 'x', toolCallId: 'c' });
    hooks.onToolEnd({ toolCallId: 'c' });
    hooks.onRunEnd();
    expect(batches).toHaveLength(0);
    await tracker.flush();
    expect(batches.map((batch) => batch.length)).toEqual([3, 1]);
  });

  it('import nothing but each other (browser-safe, dependency-free)', () => {
    const dir = fileURLToPath(new URL('.', import.meta.url));
    for (const file of readdirSync(dir).filter((name) => name.endsWith('.ts') && !name.endsWith('.test.ts'))) {
      const imports = [...readFileSync(`${dir}/${file}`, 'utf8').matchAll(/from '([^']+)'/g)].map((match) => match[1]!);
      expect(imports.every((path) => path.startsWith('./')), `${file} imports ${imports.join(', ')}`).toBe(true);
    }
  });
});
