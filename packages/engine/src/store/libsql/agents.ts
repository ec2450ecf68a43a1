import { AGENT_RUN_EVENTS, AGENT_TOOL_EVENTS, type AgentPerformanceQuery } from '../../domain/agents/agent-performance.js';
import type { AgentRunTotals, AgentsRepo, AgentToolCount } from '../../domain/agents/agents-repo.js';
import type { Store } from '../store.js';

const num = (value: unknown): number => (value === null || value === undefined ? 0 : Number(value));
const numOrNull = (value: unknown): number | null => (value === null || value === undefined ? null : Number(value));

/**
 * Agent performance on libSQL: tool calls are counted from the (workspace, event, ts, actor) index alone; only run
 * end events are read for their latency and token totals.
 */
export class LibsqlAgentsRepo implements AgentsRepo {
  constructor(private readonly store: Store) {}

  async performance(workspaceId: string, query: AgentPerformanceQuery): Promise<{ runs: AgentRunTotals[]; tools: AgentToolCount[] }> {
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
    const [tools, runs] = await this.store.batch(
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
    return {
      runs: runs!.rows.map((row) => ({
        agentId: String(row.actor_id),
        runs: num(row.runs),
        succeeded: num(row.succeeded),
        latency: { avg: numOrNull(row.avg), p50: numOrNull(row.p50), p95: numOrNull(row.p95) },
        inputTokens: num(row.input_tokens),
        outputTokens: num(row.output_tokens),
        totalTokens: num(row.total_tokens),
        llmCalls: num(row.llm_calls),
      })),
      tools: tools!.rows.map((row) => ({ agentId: String(row.actor_id), event: String(row.event), count: num(row.n) })),
    };
  }
}

const repos = new WeakMap<Store, LibsqlAgentsRepo>();

/** The agents' repository on `store` (one per store), for callers that hold the store itself. */
export function libsqlAgents(store: Store): LibsqlAgentsRepo {
  let repo = repos.get(store);
  if (!repo) repos.set(store, (repo = new LibsqlAgentsRepo(store)));
  return repo;
}
