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
    sql = `SELECT ${indexSql('u.first_seen', period)} AS cohort, ${indexSql('a.day', period)} - ${indexSql('u.first_seen', period)} AS k,
             count(DISTINCT a.user_id) AS n
           FROM aa_user_days a JOIN aa_users u ON u.scope = a.scope AND u.user_id = a.user_id
           WHERE a.scope = ? AND a.day >= ? AND u.first_seen >= ? AND u.first_seen <= ? GROUP BY cohort, k`;
    args = [scope.key, start, start, input.now];
  } else {
    const returning = input.returningEvent ?? input.event;
    // One pass over both events: each user's first `event` by a window function, then their returns.
    sql = `SELECT ${indexSql('first', period)} AS cohort,
             CASE WHEN event = ? AND ts = first THEN 0 ELSE ${indexSql('ts', period)} - ${indexSql('first', period)} END AS k,
             count(DISTINCT actor_id) AS n
           FROM (SELECT actor_id, ts, event, min(CASE WHEN event = ? THEN ts END) OVER (PARTITION BY actor_id) AS first
                 FROM events WHERE workspace_id = ? AND business_id = ? AND event IN (?, ?) AND actor_id IS NOT NULL)
           WHERE first >= ? AND first <= ? AND ((event = ? AND ts = first) OR (event = ? AND ts >= first))
           GROUP BY cohort, k`;
    args = [input.event, input.event, ...scopeArgs, input.event, returning, start, input.now, input.event, returning];
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
