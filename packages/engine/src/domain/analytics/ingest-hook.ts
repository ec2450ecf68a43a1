import { createHash } from 'node:crypto';
import type { InStatement, Store } from '../../store/store.js';
import type { CommitHook, PendingRow } from '../events/event-writer.js';
import { DAY_MS, floorTo, HOUR_MS, MAX_ROLLUP_VALUE_LENGTH, WEEK_START_MS, isDimension, pageOf, scalarProperties, SESSION_GAP_MS, userOf } from './event-fields.js';

const MAX_CACHED_USERS = 200_000;
const MAX_CACHED_BUSINESSES = 100_000;
const MAX_KEYS_PER_EVENT = 64;

interface SessionState {
  id: string;
  start: number;
  end: number;
}

interface SessionDelta {
  key: [number, string];
  user: string | null;
  start: number;
  end: number;
  entry: string | null;
  exit: string | null;
  count: number;
  derived: number;
}

/**
 * One upsert per table and commit: the rows travel as one JSON parameter unpacked by `json_each`, so the
 * statement text is the same every time and SQLite parses one short statement instead of thousands of
 * placeholders. Each row is an array in `columns` order.
 */
function upserts(table: string, columns: string[], rows: unknown[][], conflict: string): InStatement[] {
  if (rows.length === 0) return [];
  const values = columns.map((_, index) => `value ->> ${index}`).join(', ');
  return [{
    sql: `INSERT INTO ${table} (${columns.join(', ')}) SELECT ${values} FROM json_each(?) WHERE true ${conflict}`,
    args: [JSON.stringify(rows)],
  }];
}

/** The dimension properties of an event as a JSON object (kept with each user's first event of a name, for funnel breakdowns). */
function dimensionsOf(envelope: PendingRow['envelope']): string {
  const dimensions: Record<string, string> = {};
  for (const [key, value] of scalarProperties(envelope)) if (isDimension(key)) dimensions[key] = value;
  return JSON.stringify(dimensions);
}

/**
 * An experiment exposure: a string `properties.experiment` tag with a scalar `properties.variant`, the
 * variant as text the way SQLite reads it from the JSON (true → '1').
 */
function exposureOf(envelope: PendingRow['envelope']): { experiment: string; variant: string } | null {
  const properties = envelope.properties;
  const experiment = properties?.experiment;
  const variant = properties?.variant;
  if (typeof experiment !== 'string') return null;
  if (typeof variant === 'string') return { experiment, variant };
  if (typeof variant === 'number' && Number.isFinite(variant)) return { experiment, variant: String(variant) };
  if (typeof variant === 'boolean') return { experiment, variant: variant ? '1' : '0' };
  return null;
}

/**
 * Whether the value rollup keeps a dimension's value exactly as a raw read of the event gives it: text of at most
 * MAX_ROLLUP_VALUE_LENGTH characters, or no value (JSON null or absent, which both read as NULL). Numbers and booleans
 * are kept as text, longer text cut, objects and arrays not kept; such a value marks its key `irregular`.
 */
function keptAsIs(value: unknown): boolean {
  return value === null || value === undefined || (typeof value === 'string' && value.length <= MAX_ROLLUP_VALUE_LENGTH);
}

/** Adds `row` under `key`, or merges it into the row already there. */
function merge<T>(map: Map<string, T>, key: string, row: T, combine: (existing: T) => void): void {
  const existing = map.get(key);
  if (existing) combine(existing);
  else map.set(key, row);
}

const sep = '\u0000';

/**
 * Each of `users` users' latest derived session in a scope. The index is named: for a single user, SQLite's
 * planner otherwise walks every session of the project by its primary key (32 ms on the main thread for a
 * project with a million events, on every commit with one new user, where the index answers in 0.03 ms).
 */
export function latestSessionsSql(users: number): string {
  return `SELECT user_id, session_id, start_time, max(end_time) AS end_time FROM aa_sessions INDEXED BY aa_sessions_by_user
          WHERE scope = ? AND user_id IN (${Array.from({ length: users }, () => '?').join(',')}) AND derived = 1 GROUP BY user_id`;
}

/**
 * Keeps what the Agent Analytics reads need, in the same transaction as the events, for the businesses
 * that are Agent Analytics projects (the only ones those reads accept; other businesses' events skip
 * this work), keyed by a compact per-project scope id: sessions (given, or derived from a 30-minute
 * inactivity gap per user) and the days each has events on, hourly event counts, user activity by hour,
 * day and UTC week-hour, first/last seen per user and per event (with the first event's dimensions),
 * dimension values by day, users per dimension value, property keys, and each user's first experiment
 * exposure. Measured cost and read speed-ups: bench/analytics.mjs.
 */
export class AnalyticsIngestHook implements CommitHook {
  readonly #store: Store;
  /** Latest derived session per workspace/business/user. */
  readonly #sessions = new Map<string, SessionState>();
  /** Envelopes whose `sessionId` this hook derived. */
  readonly #derived = new WeakSet<object>();
  /** workspace/business → aa_scopes.id */
  readonly #scopes = new Map<string, number>();
  /**
   * workspace/business → whether it is a project. A project's id is minted when it is created, so no
   * business is seen here as a non-project and later becomes one.
   */
  readonly #projects = new Map<string, boolean>();

  constructor(store: Store) {
    this.#store = store;
  }

  rollback(): void {
    this.#sessions.clear();
  }

  async prepare(all: readonly PendingRow[]): Promise<InStatement[]> {
    const rows = await this.#ofProjects(all);
    if (rows.length === 0) return [];
    await this.#deriveSessions(rows);
    const scopes = await this.#scopeKeys(rows);
    const sessions = new Map<string, SessionDelta>();
    const counts = new Map<string, unknown[]>();
    const userHours = new Map<string, unknown[]>();
    const userDays = new Map<string, unknown[]>();
    const sessionDays = new Map<string, unknown[]>();
    const weekHours = new Map<string, unknown[]>();
    const users = new Map<string, unknown[]>();
    const eventUsers = new Map<string, unknown[]>();
    const valueDays = new Map<string, unknown[]>();
    const valueUsers = new Map<string, unknown[]>();
    const keys = new Map<string, unknown[]>();
    const exposures = new Map<string, unknown[]>();
    for (const { workspaceId: ws, envelope, id: eventId } of rows) {
      const id = scopes.get(`${ws}${sep}${envelope.businessId}`)!;
      const ts = envelope.timestamp;
      const event = envelope.event;
      const user = userOf(envelope);
      const hour = floorTo(ts, HOUR_MS);
      const day = floorTo(ts, DAY_MS);
      const scope = `${id}${sep}`;
      merge(counts, `${scope}${hour}${sep}${event}`, [id, hour, event, 1], (row) => void ((row[3] as number) += 1));
      if (user !== null) {
        userHours.set(`${scope}${hour}${sep}${user}`, [id, hour, user]);
        userDays.set(`${scope}${day}${sep}${user}`, [id, day, user]);
        const weekHour = Math.floor((hour - WEEK_START_MS) / HOUR_MS) % 168;
        merge(weekHours, `${scope}${weekHour}${sep}${user}`, [id, weekHour, user, ts], (row) => void (row[3] = Math.max(row[3] as number, ts)));
        merge(users, scope + user, [id, user, ts, ts], (row) => {
          row[2] = Math.min(row[2] as number, ts);
          row[3] = Math.max(row[3] as number, ts);
        });
        const existing = eventUsers.get(`${scope}${event}${sep}${user}`);
        if (!existing) eventUsers.set(`${scope}${event}${sep}${user}`, [id, event, user, ts, ts, dimensionsOf(envelope)]);
        else {
          if (ts < (existing[3] as number)) (existing[3] = ts), (existing[5] = dimensionsOf(envelope));
          existing[4] = Math.max(existing[4] as number, ts);
        }
      }
      for (const [key, value] of scalarProperties(envelope)) {
        if (!isDimension(key)) continue;
        merge(valueDays, `${scope}${key}${sep}${day}${sep}${event}${sep}${value}`, [id, key, day, event, value, 1], (row) => void ((row[5] as number) += 1));
        if (user !== null) {
          merge(valueUsers, `${scope}${key}${sep}${value}${sep}${user}${sep}${event}`, [id, key, value, user, event, ts], (row) => void (row[5] = Math.max(row[5] as number, ts)));
        }
      }
      // The first MAX_KEYS_PER_EVENT keys, and any dimension whose value the value rollup keeps differently from
      // the raw event (see keptAsIs), flagged `irregular`.
      const properties = envelope.properties ?? {};
      let position = 0;
      for (const key in properties) {
        const irregular = isDimension(key) && !keptAsIs(properties[key]) ? 1 : 0;
        if (position++ >= MAX_KEYS_PER_EVENT && irregular === 0) continue;
        merge(keys, `${scope}${event}${sep}${key}`, [id, event, key, ts, irregular], (row) => {
          row[3] = Math.max(row[3] as number, ts);
          row[4] = Math.max(row[4] as number, irregular);
        });
      }
      const exposure = exposureOf(envelope);
      if (exposure) {
        const key = user ?? envelope.sessionId ?? eventId!;
        merge(exposures, `${scope}${exposure.experiment}${sep}${key}`, [id, exposure.experiment, key, user === null ? 0 : 1, exposure.variant, ts, ts], (row) => {
          if (ts < (row[5] as number)) (row[4] = exposure.variant), (row[5] = ts);
          row[6] = Math.max(row[6] as number, ts);
        });
      }
      const sessionId = envelope.sessionId;
      if (sessionId !== undefined) {
        sessionDays.set(`${scope}${day}${sep}${sessionId}`, [id, day, sessionId]);
        const page = pageOf(envelope);
        const derived = this.#derived.has(envelope) ? 1 : 0;
        merge(sessions, scope + sessionId, { key: [id, sessionId], user, start: ts, end: ts, entry: page, exit: page, count: 1, derived }, (delta) => {
          if (ts < delta.start) (delta.start = ts), (delta.entry = page);
          if (ts >= delta.end) (delta.end = ts), (delta.exit = page);
          delta.count += 1;
          delta.user ??= user;
        });
      }
    }
    return [
      ...upserts('aa_counts', ['scope', 'hour', 'event', 'count'], [...counts.values()], 'ON CONFLICT DO UPDATE SET count = count + excluded.count'),
      ...upserts('aa_user_hours', ['scope', 'hour', 'user_id'], [...userHours.values()], 'ON CONFLICT DO NOTHING'),
      ...upserts('aa_user_days', ['scope', 'day', 'user_id'], [...userDays.values()], 'ON CONFLICT DO NOTHING'),
      ...upserts('aa_session_days', ['scope', 'day', 'session_id'], [...sessionDays.values()], 'ON CONFLICT DO NOTHING'),
      ...upserts('aa_users', ['scope', 'user_id', 'first_seen', 'last_seen'], [...users.values()],
        'ON CONFLICT DO UPDATE SET first_seen = min(first_seen, excluded.first_seen), last_seen = max(last_seen, excluded.last_seen)'),
      ...upserts('aa_user_week_hours', ['scope', 'week_hour', 'user_id', 'last_seen'], [...weekHours.values()],
        'ON CONFLICT DO UPDATE SET last_seen = max(last_seen, excluded.last_seen)'),
      ...upserts('aa_event_users', ['scope', 'event', 'user_id', 'first_seen', 'last_seen', 'first_dims'], [...eventUsers.values()],
        `ON CONFLICT DO UPDATE SET first_dims = CASE WHEN excluded.first_seen < first_seen THEN excluded.first_dims ELSE first_dims END,
          first_seen = min(first_seen, excluded.first_seen), last_seen = max(last_seen, excluded.last_seen)`),
      ...upserts('aa_value_days', ['scope', 'key', 'day', 'event', 'value', 'count'], [...valueDays.values()],
        'ON CONFLICT DO UPDATE SET count = count + excluded.count'),
      ...upserts('aa_value_users', ['scope', 'key', 'value', 'user_id', 'event', 'last_seen'], [...valueUsers.values()],
        'ON CONFLICT DO UPDATE SET last_seen = max(last_seen, excluded.last_seen)'),
      ...upserts('aa_property_keys', ['scope', 'event', 'key', 'last_seen', 'irregular'], [...keys.values()],
        'ON CONFLICT DO UPDATE SET last_seen = max(last_seen, excluded.last_seen), irregular = max(irregular, excluded.irregular)'),
      ...upserts('aa_exposures', ['scope', 'experiment', 'user_key', 'is_user', 'variant', 'first_seen', 'last_seen'], [...exposures.values()],
        `ON CONFLICT DO UPDATE SET variant = CASE WHEN excluded.first_seen < first_seen THEN excluded.variant ELSE variant END,
          first_seen = min(first_seen, excluded.first_seen), last_seen = max(last_seen, excluded.last_seen)`),
      ...upserts(
        'aa_sessions',
        ['scope', 'session_id', 'user_id', 'start_time', 'end_time', 'entry_page', 'exit_page', 'event_count', 'derived'],
        [...sessions.values()].map((delta) => [...delta.key, delta.user, delta.start, delta.end, delta.entry, delta.exit, delta.count, delta.derived]),
        `ON CONFLICT DO UPDATE SET
          user_id = coalesce(user_id, excluded.user_id),
          entry_page = CASE WHEN excluded.start_time < start_time THEN excluded.entry_page ELSE entry_page END,
          exit_page = CASE WHEN excluded.end_time >= end_time THEN excluded.exit_page ELSE exit_page END,
          start_time = min(start_time, excluded.start_time),
          end_time = max(end_time, excluded.end_time),
          event_count = event_count + excluded.event_count`,
      ),
    ];
  }

  /** The rows whose business is an Agent Analytics project. */
  async #ofProjects(rows: readonly PendingRow[]): Promise<readonly PendingRow[]> {
    let all = true;
    let none = true;
    let previous: PendingRow | undefined;
    for (const row of rows) {
      const { workspaceId: ws, envelope } = row;
      // Batches usually carry one business: skip the lookup while it does not change.
      if (previous !== undefined && previous.workspaceId === ws && previous.envelope.businessId === envelope.businessId) continue;
      previous = row;
      const key = `${ws}${sep}${envelope.businessId}`;
      let project = this.#projects.get(key);
      if (project === undefined) {
        if (this.#projects.size >= MAX_CACHED_BUSINESSES) this.#projects.clear();
        const found = await this.#store.execute('SELECT 1 FROM projects WHERE workspace_id = ? AND id = ?', [ws, envelope.businessId]);
        this.#projects.set(key, (project = found.rows.length > 0));
      }
      all &&= project;
      none &&= !project;
    }
    if (none) return [];
    return all ? rows : rows.filter(({ workspaceId, envelope }) => this.#projects.get(`${workspaceId}${sep}${envelope.businessId}`));
  }

  /** Gives every event with a user but no `sessionId` the session its user's activity falls in (30-minute gap). */
  async #deriveSessions(rows: readonly PendingRow[]): Promise<void> {
    const pending = rows
      .filter((row) => row.envelope.sessionId === undefined && userOf(row.envelope) !== null)
      .sort((a, b) => a.envelope.timestamp - b.envelope.timestamp);
    if (pending.length === 0) return;
    await this.#loadLatest(pending);
    for (const row of pending) {
      const { envelope } = row;
      const user = userOf(envelope)!;
      const key = `${row.workspaceId}${sep}${envelope.businessId}${sep}${user}`;
      const ts = envelope.timestamp;
      let state = this.#sessions.get(key);
      if (state && ts >= state.start - SESSION_GAP_MS && ts <= state.end + SESSION_GAP_MS) {
        state.start = Math.min(state.start, ts);
        state.end = Math.max(state.end, ts);
      } else if (!state || ts > state.end) {
        const id = `s_${createHash('sha256').update(`${key}${sep}${ts}`).digest('hex').slice(0, 24)}`;
        state = { id, start: ts, end: ts };
        this.#sessions.set(key, state);
      } else {
        // An event long before the user's latest session: a session of its own, not tracked further.
        state = { id: `s_${createHash('sha256').update(`${key}${sep}${ts}`).digest('hex').slice(0, 24)}`, start: ts, end: ts };
      }
      envelope.sessionId = state.id;
      this.#derived.add(envelope);
    }
    if (this.#sessions.size > MAX_CACHED_USERS) this.#sessions.clear();
  }

  /** The compact integer key of each workspace/business in `rows` (created on first use). */
  async #scopeKeys(rows: readonly PendingRow[]): Promise<Map<string, number>> {
    const keys = new Map<string, number>();
    for (const { workspaceId: ws, envelope } of rows) {
      const name = `${ws}${sep}${envelope.businessId}`;
      if (keys.has(name)) continue;
      let id = this.#scopes.get(name);
      if (id === undefined) {
        await this.#store.execute('INSERT OR IGNORE INTO aa_scopes (workspace_id, business_id) VALUES (?, ?)', [ws, envelope.businessId]);
        const found = await this.#store.execute('SELECT id FROM aa_scopes WHERE workspace_id = ? AND business_id = ?', [ws, envelope.businessId]);
        id = Number(found.rows[0]!.id);
        this.#scopes.set(name, id);
      }
      keys.set(name, id);
    }
    return keys;
  }

  /** Loads each uncached user's latest derived session from the store. */
  async #loadLatest(rows: readonly PendingRow[]): Promise<void> {
    const missing = new Map<string, { ws: string; biz: string; users: Set<string> }>();
    for (const { workspaceId: ws, envelope } of rows) {
      const user = userOf(envelope)!;
      if (this.#sessions.has(`${ws}${sep}${envelope.businessId}${sep}${user}`)) continue;
      const scope = `${ws}${sep}${envelope.businessId}`;
      let entry = missing.get(scope);
      if (!entry) missing.set(scope, (entry = { ws, biz: envelope.businessId, users: new Set() }));
      entry.users.add(user);
    }
    const scopes = await this.#scopeKeys(rows);
    for (const { ws, biz, users } of missing.values()) {
      const scope = scopes.get(`${ws}${sep}${biz}`)!;
      const list = [...users];
      for (let start = 0; start < list.length; start += 500) {
        const chunk = list.slice(start, start + 500);
        const result = await this.#store.execute(latestSessionsSql(chunk.length), [scope, ...chunk]);
        for (const row of result.rows) {
          this.#sessions.set(`${ws}${sep}${biz}${sep}${String(row.user_id)}`, {
            id: String(row.session_id),
            start: Number(row.start_time),
            end: Number(row.end_time),
          });
        }
      }
    }
  }
}
