import { round, type ProjectScope } from './period-summary.js';
import type { AnalyticsReader, SqlArg } from './reader.js';
import { isoDate } from './time.js';

export const PAGE_TYPES = ['entry', 'exit', 'both'] as const;
export type PageType = (typeof PAGE_TYPES)[number];

/** GET /sessions: newest first, `limit` at a time after the session `after`; `is_bounce` = a session of one event. */
export async function listSessions(
  reader: AnalyticsReader,
  scope: ProjectScope,
  input: { from: number; limit: number; after?: { t: number; id: string } | undefined; user_id?: string | undefined; is_bounce?: 0 | 1 | undefined },
) {
  const where = ['scope = ?', 'start_time >= ?'];
  const args: SqlArg[] = [scope.key, input.from];
  if (input.user_id !== undefined) (where.push('user_id = ?'), args.push(input.user_id));
  if (input.is_bounce !== undefined) where.push(input.is_bounce === 1 ? 'event_count = 1' : 'event_count > 1');
  if (input.after !== undefined) (where.push('(start_time < ? OR (start_time = ? AND session_id > ?))'), args.push(input.after.t, input.after.t, input.after.id));
  const found = await reader.all(
    `SELECT * FROM aa_sessions WHERE ${where.join(' AND ')} ORDER BY start_time DESC, session_id LIMIT ?`,
    [...args, input.limit + 1],
  );
  const rows = found.slice(0, input.limit);
  return {
    project: scope.project,
    more: found.length > input.limit,
    sessions: rows.map((row) => ({
      session_id: String(row.session_id),
      user_id: row.user_id === null ? null : String(row.user_id),
      project_id: scope.projectId,
      start_time: Number(row.start_time),
      end_time: Number(row.end_time),
      duration: Number(row.end_time) - Number(row.start_time),
      entry_page: row.entry_page === null ? null : String(row.entry_page),
      exit_page: row.exit_page === null ? null : String(row.exit_page),
      event_count: Number(row.event_count),
      is_bounce: (Number(row.event_count) === 1 ? 1 : 0) as 0 | 1,
      date: isoDate(Number(row.start_time)),
    })),
  };
}

const BUCKETS: Array<[string, number]> = [
  ['0s', 1], ['1-10s', 10_000], ['10-30s', 30_000], ['30-60s', 60_000], ['1-3m', 180_000], ['3-10m', 600_000], ['10m+', Number.MAX_SAFE_INTEGER],
];
const ENGAGED = new Set(['30-60s', '1-3m', '3-10m', '10m+']);

/** GET /sessions/distribution: session durations in fixed buckets, the median bucket and the share of sessions ≥ 30 s. */
export async function sessionDistribution(reader: AnalyticsReader, scope: ProjectScope, from: number) {
  const cases = BUCKETS.map(([name, below], index) => `WHEN d < ${below} THEN ${index}`).join(' ');
  const rows = await reader.all(
    `SELECT CASE ${cases} END AS bucket, count(*) AS sessions, sum(event_count = 1) AS bounces, avg(event_count) AS avg_events
     FROM (SELECT end_time - start_time AS d, event_count FROM aa_sessions WHERE scope = ? AND start_time >= ?)
     GROUP BY bucket ORDER BY bucket`,
    [scope.key, from],
  );
  const total = rows.reduce((sum, row) => sum + Number(row.sessions), 0);
  const distribution = rows.map((row) => ({
    bucket: BUCKETS[Number(row.bucket)]![0],
    sessions: Number(row.sessions),
    bounces: Number(row.bounces),
    avg_events: round(Number(row.avg_events), 1),
    pct: round((Number(row.sessions) / total) * 100, 1),
  }));
  let cumulative = 0;
  const median = distribution.find((row) => (cumulative += row.sessions) >= total / 2);
  const engaged = distribution.filter((row) => ENGAGED.has(row.bucket)).reduce((sum, row) => sum + row.sessions, 0);
  return {
    project: scope.project,
    distribution,
    median_bucket: median?.bucket ?? null,
    engaged_pct: total === 0 ? 0 : round((engaged / total) * 100, 1),
  };
}

async function pageRows(reader: AnalyticsReader, scope: ProjectScope, column: 'entry_page' | 'exit_page', from: number, limit: number) {
  const rows = await reader.all(
    `SELECT ${column} AS page, count(*) AS sessions, sum(event_count = 1) AS bounces, avg(end_time - start_time) AS avg_duration,
            avg(event_count) AS avg_events
     FROM aa_sessions WHERE scope = ? AND start_time >= ? AND ${column} IS NOT NULL
     GROUP BY ${column} ORDER BY sessions DESC, page LIMIT ?`,
    [scope.key, from, limit],
  );
  return rows.map((row) => ({
    page: String(row.page),
    sessions: Number(row.sessions),
    bounces: Number(row.bounces),
    bounce_rate: round(Number(row.bounces) / Number(row.sessions), 3),
    avg_duration: Math.round(Number(row.avg_duration)),
    avg_events: round(Number(row.avg_events), 1),
  }));
}

/** GET /pages: top entry and/or exit pages of sessions, with bounce rate and average duration (ms). */
export async function getPages(reader: AnalyticsReader, scope: ProjectScope, input: { type: PageType; from: number; limit: number }) {
  const entry = input.type === 'exit' ? undefined : await pageRows(reader, scope, 'entry_page', input.from, input.limit);
  const exit = input.type === 'entry' ? undefined : await pageRows(reader, scope, 'exit_page', input.from, input.limit);
  return { project: scope.project, ...(entry ? { entry_pages: entry } : {}), ...(exit ? { exit_pages: exit } : {}) };
}
