import type { Store } from '../../store/store.js';

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
const num = (value: unknown): number => (value === null || value === undefined ? 0 : Number(value));
const numOrNull = (value: unknown): number | null => (value === null || value === undefined ? null : Number(value));

/**
 * Per-agent runs, success rate, run latency percentiles (nearest rank), tokens and tool error rate,
 * from the agent.* events in [from, to]. Two statements over the (workspace, event, ts) index.
 */
export async function agentPerformance(store: Store, workspaceId: string, query: AgentPerformanceQuery): Promise<AgentPerformance[]> {
  const names = [...Object.values(AGENT_RUN_EVENTS), ...Object.values(AGENT_TOOL_EVENTS)];
  const filters = ["workspace_id = ? AND ts >= ? AND ts <= ? AND actor_type = 'agent'"];
  const args: Array<string | number> = [workspaceId, query.from, query.to];
  if (query.agentId !== undefined) {
    filters.push('actor_id = ?');
    args.push(query.agentId);
  }
  if (query.businessId !== undefined) {
    filters.push('business_id = ?');
    args.push(query.businessId);
  }
  const where = filters.join(' AND ');
  const runNames = Object.values(AGENT_RUN_EVENTS);
  const [counts, latencies] = await store.batch(
    [
      {
        sql: `SELECT actor_id, event, count(*) AS n,
                sum(json_extract(body, '$.properties.inputTokens')) AS input_tokens,
                sum(json_extract(body, '$.properties.outputTokens')) AS output_tokens,
                sum(json_extract(body, '$.properties.totalTokens')) AS total_tokens,
                sum(json_extract(body, '$.properties.llmCalls')) AS llm_calls
              FROM events WHERE event IN (${names.map(() => '?').join(', ')}) AND ${where}
              GROUP BY actor_id, event`,
        args: [...names, ...args],
      },
      {
        sql: `WITH runs AS (
                SELECT actor_id, CAST(json_extract(body, '$.properties.latencyMs') AS REAL) AS latency FROM events
                WHERE event IN (?, ?) AND ${where} AND json_extract(body, '$.properties.latencyMs') IS NOT NULL),
              ranked AS (
                SELECT actor_id, latency, row_number() OVER (PARTITION BY actor_id ORDER BY latency) AS rank,
                  count(*) OVER (PARTITION BY actor_id) AS n FROM runs)
              SELECT actor_id, avg(latency) AS avg,
                max(CASE WHEN rank = (n * 50 + 99) / 100 THEN latency END) AS p50,
                max(CASE WHEN rank = (n * 95 + 99) / 100 THEN latency END) AS p95
              FROM ranked GROUP BY actor_id`,
        args: [...runNames, ...args],
      },
    ],
    'read',
  );
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
  for (const row of counts!.rows) {
    const entry = agent(String(row.actor_id));
    const n = num(row.n);
    switch (row.event) {
      case AGENT_RUN_EVENTS.completed:
      case AGENT_RUN_EVENTS.failed:
        if (row.event === AGENT_RUN_EVENTS.completed) entry.succeeded += n;
        else entry.failed += n;
        entry.tokens.input += num(row.input_tokens);
        entry.tokens.output += num(row.output_tokens);
        entry.tokens.total += num(row.total_tokens);
        entry.llmCalls += num(row.llm_calls);
        break;
      case AGENT_TOOL_EVENTS.completed:
      case AGENT_TOOL_EVENTS.failed:
        entry.toolCalls += n;
        if (row.event === AGENT_TOOL_EVENTS.failed) entry.toolErrors += n;
        break;
    }
  }
  for (const row of latencies!.rows) {
    agent(String(row.actor_id)).latencyMs = { p50: numOrNull(row.p50), p95: numOrNull(row.p95), avg: numOrNull(row.avg) };
  }
  return [...agents.values()]
    .map((entry) => ({
      ...entry,
      runs: entry.succeeded + entry.failed,
      successRate: ratio(entry.succeeded, entry.succeeded + entry.failed),
      toolErrorRate: ratio(entry.toolErrors, entry.toolCalls),
    }))
    .sort((left, right) => right.runs - left.runs || left.agentId.localeCompare(right.agentId));
}
