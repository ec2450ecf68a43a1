import { libsqlAgents } from '../../store/libsql/agents.js';
import type { Store } from '../../store/store.js';
import type { AgentsRepo } from './agents-repo.js';

/** The events written by agent-run recorders (LangChain, LlamaIndex, OpenAI loops, AutoGPT-style hooks). */
export const AGENT_RUN_EVENTS = { completed: 'agent.run.completed', failed: 'agent.run.failed' } as const;
export const AGENT_TOOL_EVENTS = { completed: 'agent.tool.completed', failed: 'agent.tool.failed' } as const;

export interface AgentPerformanceQuery {
  from: number;
  to: number;
  agentId?: string;
  businessId?: string;
}

export interface AgentPerformance {
  agentId: string;
  runs: number;
  succeeded: number;
  failed: number;
  successRate: number;
  latencyMs: { p50: number | null; p95: number | null; avg: number | null };
  tokens: { input: number; output: number; total: number };
  llmCalls: number;
  toolCalls: number;
  toolErrors: number;
  toolErrorRate: number;
}

const ratio = (part: number, whole: number): number => (whole === 0 ? 0 : part / whole);

/** Where the agent events are read: their repository, or (for callers that still hold only the store) the store's. */
export type AgentsSource = AgentsRepo | Store;

/**
 * Per-agent runs, success rate, run latency percentiles (nearest rank), tokens and tool error rate,
 * from the agent.* events in [from, to].
 */
export async function agentPerformance(source: AgentsSource, workspaceId: string, query: AgentPerformanceQuery): Promise<AgentPerformance[]> {
  const repo = 'performance' in source ? source : libsqlAgents(source);
  const { runs, tools } = await repo.performance(workspaceId, query);
  const agents = new Map<string, AgentPerformance>();
  const agent = (id: string): AgentPerformance => {
    let entry = agents.get(id);
    if (!entry) {
      entry = {
        agentId: id,
        runs: 0,
        succeeded: 0,
        failed: 0,
        successRate: 0,
        latencyMs: { p50: null, p95: null, avg: null },
        tokens: { input: 0, output: 0, total: 0 },
        llmCalls: 0,
        toolCalls: 0,
        toolErrors: 0,
        toolErrorRate: 0,
      };
      agents.set(id, entry);
    }
    return entry;
  };
  for (const row of runs) {
    const entry = agent(row.agentId);
    entry.runs = row.runs;
    entry.succeeded = row.succeeded;
    entry.failed = entry.runs - entry.succeeded;
    entry.latencyMs = { p50: row.latency.p50, p95: row.latency.p95, avg: row.latency.avg };
    entry.tokens = { input: row.inputTokens, output: row.outputTokens, total: row.totalTokens };
    entry.llmCalls = row.llmCalls;
  }
  for (const row of tools) {
    const entry = agent(row.agentId);
    entry.toolCalls += row.count;
    if (row.event === AGENT_TOOL_EVENTS.failed) entry.toolErrors += row.count;
  }
  return [...agents.values()]
    .map((entry) => ({
      ...entry,
      successRate: ratio(entry.succeeded, entry.runs),
      toolErrorRate: ratio(entry.toolErrors, entry.toolCalls),
    }))
    .sort((left, right) => right.runs - left.runs || left.agentId.localeCompare(right.agentId));
}
