import { DAY_MS } from './event-fields.js';
import { round, type ProjectScope } from './period-summary.js';
import type { AnalyticsReader, SqlArg } from './reader.js';
import { isoDate } from './time.js';

export const RETENTION_PERIODS = ['day', 'week', 'month'] as const;
export type RetentionPeriod = (typeof RETENTION_PERIODS)[number];
export const MAX_COHORTS: Record<RetentionPeriod, number> = { day: 30, week: 12, month: 12 };

const WEEK_MS = 7 * DAY_MS;
const MONDAY = 4 * DAY_MS;

/** SQL giving the period index (days, Monday weeks or months since 1970, UTC) of a ms column. */
function indexSql(column: string, period: RetentionPeriod): string {
  if (period === 'day') return `(${column} / ${DAY_MS})`;
  if (period === 'week') return `((${column} - ${MONDAY}) / ${WEEK_MS})`;
  return `((CAST(strftime('%Y', ${column} / 1000, 'unixepoch') AS INTEGER) - 1970) * 12 + CAST(strftime('%m', ${column} / 1000, 'unixepoch') AS INTEGER) - 1)`;
}

function indexOf(ms: number, period: RetentionPeriod): number {
  if (period === 'day') return Math.floor(ms / DAY_MS);
  if (period === 'week') return Math.floor((ms - MONDAY) / WEEK_MS);
  const date = new Date(ms);
  return (date.getUTCFullYear() - 1970) * 12 + date.getUTCMonth();
}

function startOf(index: number, period: RetentionPeriod): number {
  if (period === 'day') return index * DAY_MS;
  if (period === 'week') return index * WEEK_MS + MONDAY;
  return Date.UTC(1970 + Math.floor(index / 12), index % 12, 1);
}

export interface RetentionInput {
  period: RetentionPeriod;
  cohorts: number;
  now: number;
  since?: number | undefined;
  event?: string | undefined;
  returningEvent?: string | undefined;
}

/**
 * GET /retention: users grouped by the period they were first seen; `retained[k]` counts those active
 * k periods later. Activity is any event (session-based), or `event`/`returning_event` when given.
 */
export async function getRetention(reader: AnalyticsReader, scope: ProjectScope, input: RetentionInput) {
  const { period } = input;
  const last = indexOf(input.now, period);
  const first = Math.max(last - input.cohorts + 1, input.since === undefined ? -Infinity : indexOf(input.since, period));
  const start = startOf(first, period);
  const scopeArgs: SqlArg[] = [scope.workspaceId, scope.projectId];
  let sql: string;
  let args: SqlArg[];
  if (input.event === undefined) {
    sql = `WITH c AS MATERIALIZED (SELECT user_id, ${indexSql('first_seen', period)} AS cohort FROM aa_users
             WHERE workspace_id = ? AND business_id = ? AND first_seen >= ? AND first_seen <= ?)
           SELECT c.cohort AS cohort, ${indexSql('h.hour', period)} - c.cohort AS k, count(DISTINCT h.user_id) AS n
           FROM aa_user_hours h JOIN c ON c.user_id = h.user_id
           WHERE h.workspace_id = ? AND h.business_id = ? AND h.hour >= ? GROUP BY cohort, k`;
    args = [...scopeArgs, start, input.now, ...scopeArgs, start - (start % 3_600_000)];
  } else {
    const returning = input.returningEvent ?? input.event;
    sql = `WITH c AS MATERIALIZED (SELECT actor_id AS user_id, ${indexSql('min(ts)', period)} AS cohort FROM events
             WHERE workspace_id = ? AND business_id = ? AND event = ? AND actor_id IS NOT NULL GROUP BY actor_id HAVING min(ts) >= ? AND min(ts) <= ?)
           SELECT c.cohort AS cohort, ${indexSql('e.ts', period)} - c.cohort AS k, count(DISTINCT e.actor_id) AS n
           FROM events e JOIN c ON c.user_id = e.actor_id
           WHERE e.workspace_id = ? AND e.business_id = ? AND e.event = ? AND e.ts >= ? GROUP BY cohort, k`;
    args = [...scopeArgs, input.event, start, input.now, ...scopeArgs, returning, start];
  }
  const rows = await reader.all(sql, args);
  const counts = new Map<string, number>();
  for (const row of rows) counts.set(`${row.cohort}:${row.k}`, Number(row.n));
  const cohorts = [];
  const sums: Array<{ retained: number; users: number }> = [];
  for (let index = first; index <= last; index += 1) {
    const users = counts.get(`${index}:0`) ?? 0;
    const retained = Array.from({ length: last - index + 1 }, (_, k) => (k === 0 ? users : counts.get(`${index}:${k}`) ?? 0));
    cohorts.push({
      date: isoDate(startOf(index, period)),
      users,
      retained,
      rates: retained.map((count) => (users === 0 ? 0 : round(count / users, 3))),
    });
    if (users === 0) continue;
    retained.forEach((count, k) => {
      const sum = (sums[k] ??= { retained: 0, users: 0 });
      sum.retained += count;
      sum.users += users;
    });
  }
  const averageRates = sums.map((sum) => round(sum.retained / sum.users, 3));
  return {
    project: scope.project,
    period,
    cohorts,
    average_rates: averageRates,
    users_analyzed: cohorts.reduce((total, cohort) => total + cohort.users, 0),
    flags: averageRates.length > 1 && averageRates[1]! < 0.1 ? ['retention_cliff'] : [],
  };
}
