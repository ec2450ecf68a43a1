import { olderThan, type EventKey } from '../events/event-keyset.js';
import { scopeArgs, type ProjectScope } from './period-summary.js';
import type { AnalyticsReader, SqlArg, SqlRow } from './reader.js';
import { isoDate } from './time.js';

function eventRow(scope: ProjectScope, row: SqlRow) {
  const body = JSON.parse(String(row.body)) as { properties?: Record<string, unknown> };
  const properties = body.properties ?? null;
  const country = properties?.country;
  return {
    id: String(row.id),
    project_id: scope.projectId,
    event: String(row.event),
    properties,
    user_id: row.actor_id === null ? null : String(row.actor_id),
    session_id: row.session_id === null ? null : String(row.session_id),
    timestamp: Number(row.ts),
    date: isoDate(Number(row.ts)),
    country: typeof country === 'string' ? country : null,
  };
}

/** GET /events: raw events, newest first, `limit` at a time after `after`; `more` when events follow. */
export async function listEvents(
  reader: AnalyticsReader,
  scope: ProjectScope,
  input: { from: number; limit: number; after?: EventKey | undefined; event?: string | undefined; session_id?: string | undefined; user_id?: string | undefined },
) {
  const where = ['workspace_id = ?', 'business_id = ?', 'ts >= ?'];
  const args: SqlArg[] = [...scopeArgs(scope), input.from];
  if (input.event !== undefined) (where.push('event = ?'), args.push(input.event));
  if (input.session_id !== undefined) (where.push('session_id = ?'), args.push(input.session_id));
  if (input.user_id !== undefined) (where.push('actor_id = ?'), args.push(input.user_id));
  if (input.after !== undefined) {
    const older = olderThan(scope.workspaceId, input.after);
    (where.push(older.clause), args.push(...older.args));
  }
  const rows = await reader.all(
    `SELECT id, event, ts, actor_id, session_id, body FROM events WHERE ${where.join(' AND ')} ORDER BY ts DESC, seq DESC LIMIT ?`,
    [...args, input.limit + 1],
  );
  return { project: scope.project, events: rows.slice(0, input.limit).map((row) => eventRow(scope, row)), more: rows.length > input.limit };
}

/**
 * GET /properties: event names with counts, users and first/last day seen, and the property keys in use: both lists
 * in a fixed order (events by count, then name; keys by name), each its first `rows` entries.
 */
export async function listProperties(reader: AnalyticsReader, scope: ProjectScope, from: number, rows: number) {
  const args = [scope.key, from];
  const [events, users, keys] = await Promise.all([
    reader.all(
      `SELECT event, sum(count) AS n, min(hour) AS first, max(hour) AS last FROM aa_counts
       WHERE scope = ? AND hour >= ? GROUP BY event ORDER BY n DESC, event LIMIT ?`,
      [...args, rows],
    ),
    reader.all('SELECT event, count(*) AS n FROM aa_event_users WHERE scope = ? AND last_seen >= ? GROUP BY event', args),
    reader.all('SELECT DISTINCT key FROM aa_property_keys WHERE scope = ? AND last_seen >= ? ORDER BY key LIMIT ?', [...args, rows]),
  ]);
  const usersByEvent = new Map(users.map((row) => [String(row.event), Number(row.n)]));
  return {
    project: scope.project,
    events: events.map((row) => ({
      event: String(row.event),
      count: Number(row.n),
      unique_users: usersByEvent.get(String(row.event)) ?? 0,
      first_seen: isoDate(Number(row.first)),
      last_seen: isoDate(Number(row.last)),
    })),
    property_keys: keys.map((row) => String(row.key)),
  };
}

/**
 * GET /properties/received: which property keys arrived on which event names (exact, from keys kept on ingest), by
 * key then event, the first `limit` pairs.
 */
export async function listReceivedProperties(reader: AnalyticsReader, scope: ProjectScope, from: number, sample: number, limit: number) {
  const rows = await reader.all(
    'SELECT key, event FROM aa_property_keys WHERE scope = ? AND last_seen >= ? ORDER BY key, event LIMIT ?',
    [scope.key, from, limit],
  );
  return {
    project: scope.project,
    sample_size: sample,
    since: new Date(from).toISOString(),
    properties: rows.map((row) => ({ key: String(row.key), event: String(row.event) })),
  };
}

/** GET /live: who is active in the last `windowSeconds`, read from raw events. */
export async function getLive(reader: AnalyticsReader, scope: ProjectScope, now: number, windowSeconds: number) {
  const args = [...scopeArgs(scope), now - windowSeconds * 1000, now];
  const where = 'workspace_id = ? AND business_id = ? AND ts > ? AND ts <= ?';
  const [totals, pages, events, recent] = await Promise.all([
    reader.all(`SELECT count(*) AS n, count(DISTINCT actor_id) AS users, count(DISTINCT session_id) AS sessions FROM events WHERE ${where}`, args),
    reader.all(
      `SELECT json_extract(body, '$.properties.path') AS path, count(DISTINCT coalesce(actor_id, session_id, id)) AS visitors FROM events
       WHERE ${where} AND path IS NOT NULL GROUP BY path ORDER BY visitors DESC, path LIMIT 10`,
      args,
    ),
    reader.all(`SELECT event, count(*) AS n FROM events WHERE ${where} GROUP BY event ORDER BY n DESC, event LIMIT 10`, args),
    reader.all(`SELECT id, event, ts, actor_id, session_id, body FROM events WHERE ${where} ORDER BY ts DESC, seq DESC LIMIT 10`, args),
  ]);
  const total = Number(totals[0]?.n ?? 0);
  return {
    project: scope.project,
    window_seconds: windowSeconds,
    timestamp: now,
    active_visitors: Number(totals[0]?.users ?? 0),
    active_sessions: Number(totals[0]?.sessions ?? 0),
    total_events: total,
    events_per_minute: Math.round(total / (windowSeconds / 60)),
    top_pages: pages.map((row) => ({ path: String(row.path), visitors: Number(row.visitors) })),
    top_events: events.map((row) => ({ event: String(row.event), count: Number(row.n) })),
    recent_events: recent.map((row) => {
      const full = eventRow(scope, row);
      return { event: full.event, properties: full.properties, user_id: full.user_id, session_id: full.session_id, timestamp: full.timestamp };
    }),
  };
}
