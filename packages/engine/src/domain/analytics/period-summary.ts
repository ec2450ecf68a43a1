import type { AnalyticsReader, SqlArg } from './reader.js';

/** Which project's data a read covers. */
export interface ProjectScope {
  workspaceId: string;
  projectId: string;
  /** The project's name, echoed as `project` in responses. */
  project: string;
  /** The compact key of the project's rollups (aa_scopes.id); -1 before its first event. */
  key: number;
}

export interface PeriodSummary {
  total_events: number;
  unique_users: number;
  total_sessions: number;
  bounced_sessions: number;
  total_duration: number;
  session_events: number;
}

export interface Delta {
  current: number;
  previous: number;
  change: number;
  change_pct: number | null;
}

export const round = (value: number, digits: number): number => {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
};

export const ratio = (part: number, whole: number): number => (whole === 0 ? 0 : part / whole);

/** current vs previous; `change_pct` is a whole percentage, null when previous is 0 (no division by zero). */
export function delta(current: number, previous: number, digits = 3): Delta {
  const change = round(current - previous, digits);
  return { current, previous, change, change_pct: previous === 0 ? null : Math.round(((current - previous) / previous) * 100) };
}

/** Arguments for `workspace_id = ? AND business_id = ?` on the events table. */
export const scopeArgs = (scope: ProjectScope): SqlArg[] => [scope.workspaceId, scope.projectId];

/**
 * Events, users and sessions of [from, to). When the window runs to now, unique users come from each
 * user's last-seen time (one index range); otherwise from hourly user activity.
 */
export async function periodSummary(reader: AnalyticsReader, scope: ProjectScope, from: number, to: number, toNow: boolean): Promise<PeriodSummary> {
  const [events, users, sessions] = await Promise.all([
    reader.all('SELECT coalesce(sum(count), 0) AS n FROM aa_counts WHERE scope = ? AND hour >= ? AND hour < ?', [scope.key, from, to]),
    toNow
      ? reader.all('SELECT count(*) AS n FROM aa_users WHERE scope = ? AND last_seen >= ?', [scope.key, from])
      : reader.all('SELECT count(DISTINCT user_id) AS n FROM aa_user_hours WHERE scope = ? AND hour >= ? AND hour < ?', [scope.key, from, to]),
    reader.all(
      `SELECT count(*) AS sessions, coalesce(sum(event_count = 1), 0) AS bounced, coalesce(sum(end_time - start_time), 0) AS duration,
              coalesce(sum(event_count), 0) AS events
       FROM aa_sessions WHERE scope = ? AND start_time >= ? AND start_time < ?`,
      [scope.key, from, to],
    ),
  ]);
  const session = sessions[0] ?? {};
  return {
    total_events: Number(events[0]?.n ?? 0),
    unique_users: Number(users[0]?.n ?? 0),
    total_sessions: Number(session.sessions ?? 0),
    bounced_sessions: Number(session.bounced ?? 0),
    total_duration: Number(session.duration ?? 0),
    session_events: Number(session.events ?? 0),
  };
}

export const bounceRate = (summary: PeriodSummary): number => round(ratio(summary.bounced_sessions, summary.total_sessions), 3);
export const avgDuration = (summary: PeriodSummary): number => Math.round(ratio(summary.total_duration, summary.total_sessions));

/** The five period-over-period metrics of stats and insights. */
export type Comparison = Record<'total_events' | 'unique_users' | 'total_sessions' | 'bounce_rate' | 'avg_duration', Delta>;

export function comparison(current: PeriodSummary, previous: PeriodSummary): Comparison {
  return {
    total_events: delta(current.total_events, previous.total_events),
    unique_users: delta(current.unique_users, previous.unique_users),
    total_sessions: delta(current.total_sessions, previous.total_sessions),
    bounce_rate: delta(bounceRate(current), bounceRate(previous)),
    avg_duration: delta(avgDuration(current), avgDuration(previous)),
  };
}
