import { DAY_MS, HOUR_MS } from './event-fields.js';
import {
  avgDuration, bounceRate, comparison, periodSummary, ratio, round, type Delta, type ProjectScope,
} from './period-summary.js';
import type { AnalyticsReader } from './reader.js';

export const GROUP_BYS = ['hour', 'day', 'week', 'month'] as const;
export type StatsGroupBy = (typeof GROUP_BYS)[number];
export const INSIGHT_PERIODS = ['24h', '1d', '7d', '14d', '30d', '90d'] as const;
export type InsightPeriod = (typeof INSIGHT_PERIODS)[number];

const TOP_EVENTS = 20;
/** 1970-01-05 was a Monday: weeks start on Monday, UTC. */
const MONDAY = 4 * DAY_MS;
const WEEK_MS = 7 * DAY_MS;

function bucketSql(groupBy: StatsGroupBy): string {
  switch (groupBy) {
    case 'hour':
      return 'hour';
    case 'day':
      return `(hour - hour % ${DAY_MS})`;
    case 'week':
      return `(((hour - ${MONDAY}) / ${WEEK_MS}) * ${WEEK_MS} + ${MONDAY})`;
    case 'month':
      return `(CAST(strftime('%s', hour / 1000, 'unixepoch', 'start of month') AS INTEGER) * 1000)`;
  }
}

function bucketLabel(start: number, groupBy: StatsGroupBy): string {
  const iso = new Date(start).toISOString();
  if (groupBy === 'hour') return `${iso.slice(0, 13)}:00`;
  return groupBy === 'month' ? iso.slice(0, 7) : iso.slice(0, 10);
}

/**
 * Distinct users per time bucket: hourly activity for hour buckets, daily activity otherwise (one row per
 * user and day, so day buckets need no DISTINCT), plus hourly activity for a partial first day.
 */
async function usersBy(reader: AnalyticsReader, scope: ProjectScope, from: number, groupBy: StatsGroupBy) {
  if (groupBy === 'hour') {
    return reader.all('SELECT hour AS bucket, count(*) AS n FROM aa_user_hours WHERE scope = ? AND hour >= ? GROUP BY hour', [scope.key, from]);
  }
  const firstDay = Math.ceil(from / DAY_MS) * DAY_MS;
  if (groupBy === 'day') {
    // Whole days count rows of daily activity; a partial first day is its own bucket, from hourly activity.
    const [partial, days] = await Promise.all([
      from < firstDay
        ? reader.all('SELECT ? AS bucket, count(DISTINCT user_id) AS n FROM aa_user_hours WHERE scope = ? AND hour >= ? AND hour < ?', [firstDay - DAY_MS, scope.key, from, firstDay])
        : Promise.resolve([]),
      reader.all('SELECT day AS bucket, count(*) AS n FROM aa_user_days WHERE scope = ? AND day >= ? GROUP BY day', [scope.key, firstDay]),
    ]);
    return [...partial, ...days];
  }
  const dayBucket = bucketSql(groupBy).replaceAll('hour', 'day');
  const partial = from < firstDay
    ? `SELECT ${bucketSql(groupBy)} AS bucket, user_id FROM aa_user_hours WHERE scope = ? AND hour >= ? AND hour < ? UNION ALL `
    : '';
  const args = from < firstDay ? [scope.key, from, firstDay, scope.key, firstDay] : [scope.key, firstDay];
  return reader.all(
    `SELECT bucket, count(DISTINCT user_id) AS n FROM (${partial}SELECT ${dayBucket} AS bucket, user_id FROM aa_user_days WHERE scope = ? AND day >= ?) GROUP BY bucket`,
    args,
  );
}

/** Which part of the time series an answer holds: the first `limit` buckets after the bucket labelled `after`. */
export interface StatsSeriesPage {
  after?: string | undefined;
  limit: number;
}

export const statsFlags = (totalEvents: number, uniqueUsers: number): string[] =>
  totalEvents > 0 && uniqueUsers === 0 ? ['anonymous_only_tracking'] : [];

/**
 * GET /stats: totals, a time series, top events, session metrics, and a comparison with the previous window. The
 * series is oldest bucket first, `series.limit` buckets after `series.after`; `more` when buckets follow them. Bucket
 * labels are ISO prefixes of one length per group_by, so their text order is their time order.
 */
export async function getStats(reader: AnalyticsReader, scope: ProjectScope, from: number, now: number, groupBy: StatsGroupBy, series: StatsSeriesPage) {
  const where = 'scope = ? AND hour >= ?';
  const args = [scope.key, from];
  const bucket = bucketSql(groupBy);
  const previousFrom = from - (now + 1 - from);
  const [current, previous, eventSeries, userSeries, eventCounts, eventUsers] = await Promise.all([
    periodSummary(reader, scope, from, now + 1, true),
    periodSummary(reader, scope, Math.max(0, Math.floor(previousFrom / HOUR_MS) * HOUR_MS), from, false),
    reader.all(`SELECT ${bucket} AS bucket, sum(count) AS n FROM aa_counts WHERE ${where} GROUP BY bucket`, args),
    usersBy(reader, scope, from, groupBy),
    reader.all(`SELECT event, sum(count) AS n FROM aa_counts WHERE ${where} GROUP BY event ORDER BY n DESC, event LIMIT ${TOP_EVENTS}`, args),
    reader.all(
      'SELECT event, count(*) AS n FROM aa_event_users WHERE scope = ? AND last_seen >= ? GROUP BY event',
      args,
    ),
  ]);
  const buckets = new Map<number, { bucket: string; unique_users: number; total_events: number }>();
  for (const row of eventSeries) {
    const start = Number(row.bucket);
    buckets.set(start, { bucket: bucketLabel(start, groupBy), unique_users: 0, total_events: Number(row.n) });
  }
  for (const row of userSeries) {
    const entry = buckets.get(Number(row.bucket));
    if (entry) entry.unique_users = Number(row.n);
  }
  const after = series.after;
  const following = [...buckets.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([, entry]) => entry)
    .filter((entry) => after === undefined || entry.bucket > after);
  const usersByEvent = new Map(eventUsers.map((row) => [String(row.event), Number(row.n)]));
  return {
    project: scope.project,
    period: { from: new Date(from).toISOString(), to: new Date(now).toISOString(), groupBy },
    totals: { unique_users: current.unique_users, total_events: current.total_events },
    timeSeries: following.slice(0, series.limit),
    more: following.length > series.limit,
    events: eventCounts.map((row) => ({ event: String(row.event), count: Number(row.n), unique_users: usersByEvent.get(String(row.event)) ?? 0 })),
    sessions: {
      total_sessions: current.total_sessions,
      bounce_rate: bounceRate(current),
      avg_duration: avgDuration(current),
      pages_per_session: round(ratio(current.session_events, current.total_sessions), 1),
      sessions_per_user: round(ratio(current.total_sessions, current.unique_users), 1),
    },
    metrics: comparison(current, previous),
    flags: statsFlags(current.total_events, current.unique_users),
  };
}

const PERIOD_MS: Record<InsightPeriod, number> = {
  '24h': DAY_MS, '1d': DAY_MS, '7d': 7 * DAY_MS, '14d': 14 * DAY_MS, '30d': 30 * DAY_MS, '90d': 90 * DAY_MS,
};

function trendOf(events: Delta): 'growing' | 'stable' | 'declining' {
  if (events.change_pct === null) return events.current > 0 ? 'growing' : 'stable';
  if (events.change_pct > 10) return 'growing';
  return events.change_pct < -10 ? 'declining' : 'stable';
}

/** GET /insights: the last `period` against the one before it. */
export async function getInsights(reader: AnalyticsReader, scope: ProjectScope, period: InsightPeriod, now: number) {
  const length = PERIOD_MS[period];
  const from = Math.floor((now - length) / HOUR_MS) * HOUR_MS;
  const previousFrom = from - length;
  const [current, previous] = await Promise.all([
    periodSummary(reader, scope, from, now + 1, true),
    periodSummary(reader, scope, Math.max(0, previousFrom), from, false),
  ]);
  const metrics = comparison(current, previous);
  const bounce = metrics.bounce_rate;
  const flags = [
    ...statsFlags(current.total_events, current.unique_users),
    ...(bounce.change_pct !== null && bounce.change_pct > 20 ? ['bounce_rate_spike'] : []),
  ];
  return {
    project: scope.project,
    period,
    current_period: { from: new Date(from).toISOString(), to: new Date(now).toISOString() },
    previous_period: { from: new Date(Math.max(0, previousFrom)).toISOString(), to: new Date(from - 1).toISOString() },
    metrics,
    trend: trendOf(metrics.total_events),
    flags,
  };
}
