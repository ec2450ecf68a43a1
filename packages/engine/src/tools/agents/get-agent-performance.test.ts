import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { expectOk, openTestEngine, type TestEngine } from '../../../test/support.js';

const T0 = Date.UTC(2026, 5, 1);
let t: TestEngine;
beforeEach(async () => {
  t = await openTestEngine({ clock: () => T0 + 1_000_000 });
});
afterEach(async () => {
  await t.engine.close();
});

interface Run {
  agent: string;
  ok: boolean;
  latencyMs: number;
  tokens?: number;
  tools?: Array<boolean>;
  at?: number;
}

/** The envelopes an agent recorder sends for one run (run end + tool ends; starts carry no metrics). */
function runEvents(run: Run, index: number) {
  const actor = { type: 'agent', id: run.agent };
  const traceId = `${run.agent}-run-${index}`;
  const timestamp = run.at ?? T0 + index * 1000;
  const tools = (run.tools ?? []).map((ok, toolIndex) => ({
    event: ok ? 'agent.tool.completed' : 'agent.tool.failed',
    actor,
    traceId,
    timestamp,
    object: { type: 'tool', id: 'query_funnel' },
    properties: { spanId: `${traceId}-tool-${toolIndex}`, kind: 'tool', latencyMs: 3 },
  }));
  const tokens = run.tokens ?? 0;
  return [
    { event: 'agent.run.started', actor, traceId, timestamp, properties: { spanId: traceId, kind: 'run' } },
    ...tools,
    {
      event: run.ok ? 'agent.run.completed' : 'agent.run.failed',
      actor,
      traceId,
      timestamp,
      properties: { spanId: traceId, kind: 'run', latencyMs: run.latencyMs, inputTokens: tokens, outputTokens: tokens, totalTokens: 2 * tokens, llmCalls: 1 },
    },
  ];
}

async function ingest(runs: Run[]) {
  await expectOk(t.call('ingest_event', { events: runs.flatMap(runEvents) }));
}

describe('get_agent_performance', () => {
  it('returns runs, success rate, nearest-rank p50/p95 latency, tokens and tool error rate per agent', async () => {
    await ingest([
      { agent: 'growth-agent', ok: true, latencyMs: 300, tokens: 10, tools: [true, true] },
      { agent: 'growth-agent', ok: true, latencyMs: 100, tokens: 20, tools: [true] },
      { agent: 'growth-agent', ok: false, latencyMs: 1000, tokens: 5, tools: [false] },
      { agent: 'growth-agent', ok: true, latencyMs: 200 },
      { agent: 'ops-agent', ok: true, latencyMs: 50, tokens: 1 },
    ]);
    await expectOk(t.call('ingest_event', { event: 'agent.run.completed', actor: { type: 'user', id: 'u1' }, properties: { latencyMs: 9 } }));
    const result = await expectOk<{ agents: unknown[]; from: number; to: number }>(t.call('get_agent_performance', {}));
    expect(result.agents).toEqual([
      {
        agentId: 'growth-agent',
        runs: 4,
        succeeded: 3,
        failed: 1,
        successRate: 0.75,
        latencyMs: { p50: 200, p95: 1000, avg: 400 },
        tokens: { input: 35, output: 35, total: 70 },
        llmCalls: 4,
        toolCalls: 4,
        toolErrors: 1,
        toolErrorRate: 0.25,
      },
      {
        agentId: 'ops-agent',
        runs: 1,
        succeeded: 1,
        failed: 0,
        successRate: 1,
        latencyMs: { p50: 50, p95: 50, avg: 50 },
        tokens: { input: 1, output: 1, total: 2 },
        llmCalls: 1,
        toolCalls: 0,
        toolErrors: 0,
        toolErrorRate: 0,
      },
    ]);
  });

  it('filters by agent and time range', async () => {
    await ingest([
      { agent: 'a', ok: true, latencyMs: 10, at: T0 },
      { agent: 'a', ok: false, latencyMs: 20, at: T0 + 5000 },
      { agent: 'b', ok: true, latencyMs: 30, at: T0 + 5000 },
    ]);
    const late = await expectOk<{ agents: Array<{ agentId: string; runs: number }> }>(t.call('get_agent_performance', { from: T0 + 1000 }));
    expect(late.agents.map((agent) => [agent.agentId, agent.runs])).toEqual([['a', 1], ['b', 1]]);
    const onlyA = await expectOk<{ agents: Array<{ agentId: string; runs: number; successRate: number }> }>(t.call('get_agent_performance', { agentId: 'a' }));
    expect(onlyA.agents).toHaveLength(1);
    expect(onlyA.agents[0]).toMatchObject({ agentId: 'a', runs: 2, successRate: 0.5 });
    const none = await expectOk<{ agents: unknown[] }>(t.call('get_agent_performance', { agentId: 'nobody' }));
    expect(none.agents).toEqual([]);
  });

  it('pages the agents, most runs first, with an offset cursor', async () => {
    await ingest([
      { agent: 'a', ok: true, latencyMs: 10 },
      { agent: 'b', ok: true, latencyMs: 10 },
      { agent: 'b', ok: true, latencyMs: 10 },
      { agent: 'c', ok: true, latencyMs: 10 },
    ]);
    type Page = { agents: Array<{ agentId: string; runs: number }>; nextCursor: string | null };
    const first = await expectOk<Page>(t.call('get_agent_performance', { limit: 2 }));
    expect(first.agents.map((agent) => [agent.agentId, agent.runs])).toEqual([['b', 2], ['a', 1]]);
    expect(first.nextCursor).toEqual(expect.any(String));
    const second = await expectOk<Page>(t.call('get_agent_performance', { limit: 2, cursor: first.nextCursor }));
    expect(second.agents.map((agent) => agent.agentId)).toEqual(['c']);
    expect(second.nextCursor).toBeNull();
  });

  it('rejects an inverted range naming the field', async () => {
    const result = await t.call('get_agent_performance', { from: T0 + 10, to: T0 });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('INVALID_INPUT');
    expect(result.error.details?.issues).toEqual([{ path: 'from', message: 'must not be after `to`' }]);
  });

  it('is registered as a read tool of the agents toolset with its REST alias', () => {
    expect(t.engine.registry.describe('get_agent_performance')).toMatchObject({ toolset: 'agents', scope: 'read' });
    expect(t.engine.registry.restAliases()).toContainEqual(expect.objectContaining({ tool: 'get_agent_performance', method: 'GET', path: '/api/agents/performance' }));
  });
});
