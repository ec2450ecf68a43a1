import type { AgentPerformanceQuery } from './agent-performance.js';

/** One agent's run end events in the window (`agent.run.completed` / `agent.run.failed`, actor type agent). */
export interface AgentRunTotals {
  agentId: string;
  runs: number;
  succeeded: number;
  /** Run latency: mean and nearest-rank percentiles over the runs that report `latencyMs`; null when none does. */
  latency: { avg: number | null; p50: number | null; p95: number | null };
  /** Sums of the runs' `inputTokens`, `outputTokens`, `totalTokens` and `llmCalls` (0 when none reports one). */
  inputTokens: number;
  outputTokens: number;
  totalTokens: number;
  llmCalls: number;
}

/** One agent's tool call events of one name (`agent.tool.completed` or `agent.tool.failed`) in the window. */
export interface AgentToolCount {
  agentId: string;
  event: string;
  count: number;
}

/** The reads behind agent performance, over the events of actors in [from, to]. */
export interface AgentsRepo {
  /** Run totals and tool call counts per agent, read together (one snapshot). */
  performance(workspaceId: string, query: AgentPerformanceQuery): Promise<{ runs: AgentRunTotals[]; tools: AgentToolCount[] }>;
}
