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
 * from the agent.* events in [from, to]. Tool calls are counted from the (workspace, event, ts, actor)
 * index alone; only run end events are read for their latency and token totals.
 */
export async function agentPerformance(store: Store, workspaceId: string, query: AgentPerformanceQuery): Promise<AgentPerformance[]> {
  const filters = ['workspace_id = ? AND ts >= ? AND ts <= ? AND actor_id IS NOT NULL'];
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
  const property = (name: string) => `json_extract(body, '$.properties.${name}')`;
  const [tools, runs] = await store.batch(
    [
      {
        sql: `SELECT actor_id, event, count(*) AS n FROM events WHERE event IN (?, ?) AND ${where} GROUP BY actor_id, event`,
        args: [AGENT_TOOL_EVENTS.completed, AGENT_TOOL_EVENTS.failed, ...args],
      },
      {
        sql: `WITH runs AS (
                SELECT actor_id, event = ? AS ok, CAST(${property('latencyMs')} AS REAL) AS latency,
                  ${property('inputTokens')} AS input_tokens, ${property('outputTokens')} AS output_tokens,
                  ${property('totalTokens')} AS total_tokens, ${property('llmCalls')} AS llm_calls
                FROM events WHERE event IN (?, ?) AND actor_type = 'agent' AND ${where}),
              ranked AS (
                SELECT *, row_number() OVER (PARTITION BY actor_id ORDER BY latency IS NULL, latency) AS rank,
                  count(latency) OVER (PARTITION BY actor_id) AS n FROM runs)
              SELECT actor_id, count(*) AS runs, sum(ok) AS succeeded, avg(latency) AS avg,
                max(CASE WHEN rank = (n * 50 + 99) / 100 THEN latency END) AS p50,
                max(CASE WHEN rank = (n * 95 + 99) / 100 THEN latency END) AS p95,
                sum(input_tokens) AS input_tokens, sum(output_tokens) AS output_tokens,
                sum(total_tokens) AS total_tokens, sum(llm_calls) AS llm_calls
              FROM ranked GROUP BY actor_id`,
        args: [AGENT_RUN_EVENTS.completed, AGENT_RUN_EVENTS.completed, AGENT_RUN_EVENTS.failed, ...args],
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
  for (const row of runs!.rows) {
    const entry = agent(String(row.actor_id));
    entry.runs = num(row.runs);
    entry.succeeded = num(row.succeeded);
    entry.failed = entry.runs - entry.succeeded;
    entry.latencyMs = { p50: numOrNull(row.p50), p95: numOrNull(row.p95), avg: numOrNull(row.avg) };
    entry.tokens = { input: num(row.input_tokens), output: num(row.output_tokens), total: num(row.total_tokens) };
    entry.llmCalls = num(row.llm_calls);
  }
  for (const row of tools!.rows) {
    const entry = agent(String(row.actor_id));
    entry.toolCalls += num(row.n);
    if (row.event === AGENT_TOOL_EVENTS.failed) entry.toolErrors += num(row.n);
  }
  return [...agents.values()]
    .map((entry) => ({
      ...entry,
      successRate: ratio(entry.succeeded, entry.runs),
      toolErrorRate: ratio(entry.toolErrors, entry.toolCalls),
    }))
    .sort((left, right) => right.runs - left.runs || left.agentId.localeCompare(right.agentId));
}
