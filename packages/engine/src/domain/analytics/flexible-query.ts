import { invalidInput } from '../../errors/engine-error.js';
import { PROPERTY_KEY } from './breakdown.js';
import { DAY_MS } from './event-fields.js';
import { round, type ProjectScope } from './period-summary.js';
import type { AnalyticsReader, SqlArg, SqlRow } from './reader.js';

export const QUERY_METRICS = ['event_count', 'unique_users', 'session_count', 'bounce_rate', 'avg_duration'] as const;
export const QUERY_GROUP_BY = ['event', 'date', 'user_id', 'session_id', 'country'] as const;
export const QUERY_OPS = ['eq', 'neq', 'gt', 'lt', 'gte', 'lte', 'contains'] as const;
export const QUERY_ORDER_BY = ['event_count', 'unique_users', 'session_count', 'date', 'event'] as const;
export type QueryMetric = (typeof QUERY_METRICS)[number];
export type QueryGroupBy = (typeof QUERY_GROUP_BY)[number];

const FIELDS: Record<string, string> = {
  event: 'e.event',
  user_id: 'e.actor_id',
  session_id: 'e.session_id',
  date: "strftime('%Y-%m-%d', e.ts / 1000, 'unixepoch')",
  country: "json_extract(e.body, '$.properties.country')",
  timestamp: 'e.ts',
};
const SQL_OPS: Record<string, string> = { eq: '=', neq: '!=', gt: '>', lt: '<', gte: '>=', lte: '<=' };

/**
 * What a group is keyed by: as FIELDS, but the UTC day as an integer (formatted once per row of the answer)
 * instead of strftime on every event (a 90-day count by date over 1M events: 476 → 208 ms).
 */
const GROUP_SQL: Record<QueryGroupBy, string> = {
  event: 'e.event',
  user_id: 'e.actor_id',
  session_id: 'e.session_id',
  date: `e.ts / ${DAY_MS}`,
  country: FIELDS.country!,
};

/**
 * The metrics counted over the events themselves; each is computed only when asked for. A distinct count
 * reads every event's row, where a plain count reads only the (project, time) index: 90 days over 1M
 * events, 55 ms for event_count alone against 1.4 s with both distinct counts.
 */
const COUNTS = { event_count: 'count(*)', unique_users: 'count(DISTINCT e.actor_id)', session_count: 'count(DISTINCT e.session_id)' } as const;
type CountMetric = keyof typeof COUNTS;
const isCount = (metric: QueryMetric): metric is CountMetric => Object.hasOwn(COUNTS, metric);

const dayText = (day: unknown): string => new Date(Number(day) * DAY_MS).toISOString().slice(0, 10);

/** The order when none is given: by date when grouped by it, else by the first requested count, else by the groups alone. */
function defaultOrder(query: FlexibleQuery): FlexibleQuery['order_by'] {
  if (query.group_by.includes('date')) return 'date';
  return QUERY_ORDER_BY.find((field) => query.metrics.includes(field as QueryMetric) || query.group_by.includes(field as QueryGroupBy));
}

export interface FlexibleQuery {
  metrics: QueryMetric[];
  group_by: QueryGroupBy[];
  filters: Array<{ field: string; op: (typeof QUERY_OPS)[number]; value: string | number | boolean }>;
  from: number;
  to: number;
  order_by?: (typeof QUERY_ORDER_BY)[number] | undefined;
  order: 'asc' | 'desc';
  limit: number;
}

function fieldSql(field: string, index: number): string {
  const known = FIELDS[field];
  if (known) return known;
  const key = field.startsWith('properties.') ? field.slice('properties.'.length) : '';
  if (!PROPERTY_KEY.test(key)) {
    throw invalidInput(`filters[${index}].field '${field}' is not filterable`, [
      { path: `filters[${index}].field`, message: `must be one of ${Object.keys(FIELDS).join(', ')} or properties.<key> (letters, digits, _)` },
    ]);
  }
  return `json_extract(e.body, '$.properties.${key}')`;
}

/** POST /query: metrics × group_by × filters over raw events; rows carry the group_by fields and the metrics. */
export async function runQuery(reader: AnalyticsReader, scope: ProjectScope, query: FlexibleQuery) {
  const where = ['e.workspace_id = ?', 'e.business_id = ?', 'e.ts >= ?', 'e.ts <= ?'];
  const args: SqlArg[] = [scope.workspaceId, scope.projectId, query.from, query.to];
  query.filters.forEach((filter, index) => {
    const column = fieldSql(filter.field, index);
    const value = typeof filter.value === 'boolean' ? Number(filter.value) : filter.value;
    if (filter.op === 'contains') where.push(`instr(CAST(${column} AS TEXT), ?) > 0`);
    else where.push(`${column} ${SQL_OPS[filter.op]} ?`);
    args.push(typeof value === 'number' ? value : String(value));
  });
  const order = query.order_by ?? defaultOrder(query);
  if (order !== undefined && !query.metrics.includes(order as QueryMetric) && !query.group_by.includes(order as QueryGroupBy)) {
    throw invalidInput(`order_by '${order}' must be one of the requested metrics or group_by fields`, [
      { path: 'order_by', message: 'must name a requested metric or group_by field' },
    ]);
  }
  const counted = query.metrics.filter(isCount);
  const selects = [...query.group_by.map((field) => `${GROUP_SQL[field]} AS ${field}`), ...counted.map((metric) => `${COUNTS[metric]} AS ${metric}`)];
  // Only session metrics and no groups: the one row needs no column of its own.
  if (selects.length === 0) selects.push('count(*) AS event_count');
  const groupSql = query.group_by.length > 0 ? ` GROUP BY ${query.group_by.join(', ')}` : '';
  const direction = query.order === 'asc' ? 'ASC' : 'DESC';
  const orderSql = [...(order === undefined ? [] : [`${order} ${direction}`]), ...query.group_by.filter((field) => field !== order)];
  const rows = await reader.all(
    `SELECT ${selects.join(', ')} FROM events e WHERE ${where.join(' AND ')}${groupSql}${orderSql.length > 0 ? ` ORDER BY ${orderSql.join(', ')}` : ''} LIMIT ?`,
    [...args, query.limit],
  );
  const sessionMetrics = query.metrics.some((metric) => metric === 'bounce_rate' || metric === 'avg_duration')
    ? await sessionsByGroup(reader, query, where, [...args, scope.key])
    : new Map<string, SqlRow>();
  const keyOf = (row: SqlRow) => JSON.stringify(query.group_by.map((field) => row[field] ?? null));
  return {
    project: scope.project,
    period: { from: new Date(query.from).toISOString(), to: new Date(query.to).toISOString() },
    metrics: query.metrics,
    group_by: query.group_by,
    rows: rows.map((row) => {
      const out: Record<string, string | number | null> = {};
      for (const field of query.group_by) out[field] = field === 'date' ? dayText(row[field]) : ((row[field] ?? null) as string | number | null);
      const sessions = sessionMetrics.get(keyOf(row));
      for (const metric of query.metrics) {
        if (metric === 'bounce_rate') out[metric] = round(Number(sessions?.bounce_rate ?? 0), 3);
        else if (metric === 'avg_duration') out[metric] = Math.round(Number(sessions?.avg_duration ?? 0));
        else out[metric] = Number(row[metric]);
      }
      return out;
    }),
    count: rows.length,
  };
}

/** Bounce rate and average duration of the sessions each group's events belong to. */
async function sessionsByGroup(reader: AnalyticsReader, query: FlexibleQuery, where: string[], args: SqlArg[]) {
  const groups = query.group_by.map((field) => `${GROUP_SQL[field]} AS ${field}`);
  const groupList = query.group_by.join(', ');
  const rows = await reader.all(
    `SELECT ${[...query.group_by.map((field) => `d.${field} AS ${field}`), 'avg(s.event_count = 1) AS bounce_rate', 'avg(s.end_time - s.start_time) AS avg_duration'].join(', ')}
     FROM (SELECT DISTINCT ${[...groups, 'e.session_id AS sid'].join(', ')}
           FROM events e WHERE ${where.join(' AND ')} AND e.session_id IS NOT NULL) d
     JOIN aa_sessions s ON s.scope = ? AND s.session_id = d.sid
     ${groupList ? `GROUP BY ${query.group_by.map((field) => `d.${field}`).join(', ')}` : ''}`,
    args,
  );
  return new Map(rows.map((row) => [JSON.stringify(query.group_by.map((field) => row[field] ?? null)), row]));
}
