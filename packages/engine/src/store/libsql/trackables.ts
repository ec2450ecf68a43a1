import type { SqlArg, SqlRow } from '../../domain/analytics/reader.js';
import type { TrackableKind, TrackableStatus } from '../../domain/trackables/kinds.js';
import type {
  Conversions, CounterDelta, Trackable, TrackableCode, TrackableCounters, TrackableListQuery, TrackablePatch, TrackableRepo, TrackableToken,
} from '../../domain/trackables/trackable-repo.js';
import type { InStatement, Store } from '../store.js';

type Rows = (sql: string, args: SqlArg[]) => Promise<SqlRow[]>;

const COLUMNS = [
  'workspace_id', 'id', 'scan_code', 'kind', 'name', 'event_name', 'target_url', 'metadata', 'status', 'batch_id', 'code',
  'gtin', 'lot', 'serial', 'created_at', 'updated_at',
] as const;
const SELECT = `SELECT ${COLUMNS.join(', ')} FROM trackables`;
/** Rows per INSERT: each travels as one JSON parameter unpacked by json_each, so the statement text stays short. */
const ROWS_PER_INSERT = 2_000;

const text = (value: unknown): string | null => (value === null || value === undefined ? null : String(value));

function trackableOf(row: SqlRow): Trackable {
  return {
    workspaceId: String(row.workspace_id),
    id: String(row.id),
    scanCode: String(row.scan_code),
    kind: String(row.kind) as TrackableKind,
    name: String(row.name),
    eventName: String(row.event_name),
    targetUrl: text(row.target_url),
    metadata: JSON.parse(String(row.metadata)) as Record<string, unknown>,
    status: String(row.status) as TrackableStatus,
    batchId: text(row.batch_id),
    code: row.code === null || row.code === undefined ? null : (JSON.parse(String(row.code)) as TrackableCode),
    gtin: text(row.gtin),
    lot: text(row.lot),
    serial: text(row.serial),
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  };
}

const rowOf = (value: Trackable): unknown[] => [
  value.workspaceId, value.id, value.scanCode, value.kind, value.name, value.eventName, value.targetUrl, JSON.stringify(value.metadata),
  value.status, value.batchId, value.code === null ? null : JSON.stringify(value.code), value.gtin, value.lot, value.serial,
  value.createdAt, value.updatedAt,
];

function tokenOf(row: SqlRow): TrackableToken {
  return {
    id: String(row.id),
    workspaceId: String(row.workspace_id),
    trackableId: String(row.trackable_id),
    prefix: String(row.prefix),
    createdAt: Number(row.created_at),
    revokedAt: row.revoked_at === null || row.revoked_at === undefined ? null : Number(row.revoked_at),
  };
}

/** One upsert per table and commit, the rows as one JSON parameter (as the analytics hook does). */
function upsert(table: string, columns: readonly string[], rows: unknown[][], conflict: string): InStatement[] {
  if (rows.length === 0) return [];
  const values = columns.map((_, index) => `value ->> ${index}`).join(', ');
  return [{ sql: `INSERT INTO ${table} (${columns.join(', ')}) SELECT ${values} FROM json_each(?) WHERE true ${conflict}`, args: [JSON.stringify(rows)] }];
}

/** The trackables on libSQL: metadata through the store's connection, event reads through the analytics reader. */
export class LibsqlTrackableRepo implements TrackableRepo {
  constructor(
    private readonly store: Store,
    private readonly readEvents: Rows,
  ) {}

  async insert(trackables: readonly Trackable[]): Promise<void> {
    const statements: InStatement[] = [];
    for (let start = 0; start < trackables.length; start += ROWS_PER_INSERT) {
      const rows = trackables.slice(start, start + ROWS_PER_INSERT).map(rowOf);
      statements.push(...upsert('trackables', COLUMNS, rows, ''));
    }
    if (statements.length > 0) await this.store.batch(statements, 'write');
  }

  async deleteBatch(workspaceId: string, batchId: string): Promise<void> {
    await this.store.execute('DELETE FROM trackables WHERE workspace_id = ? AND batch_id = ?', [workspaceId, batchId]);
  }

  async highestNumber(workspaceId: string, stem: string): Promise<number> {
    // Ids `{stem}-{digits}`: the range of ids starting `{stem}-` (`.` follows `-` in byte order), digits only after it.
    const result = await this.store.execute(
      `SELECT max(CAST(substr(id, ?) AS INTEGER)) AS highest FROM trackables
       WHERE workspace_id = ? AND id > ? AND id < ? AND substr(id, ?) NOT GLOB '*[^0-9]*' AND length(id) > ?`,
      [stem.length + 2, workspaceId, `${stem}-`, `${stem}.`, stem.length + 2, stem.length + 1],
    );
    return Number(result.rows[0]?.highest ?? 0);
  }

  async takenScanCodes(codes: readonly string[]): Promise<Set<string>> {
    const taken = new Set<string>();
    for (let start = 0; start < codes.length; start += 500) {
      const chunk = codes.slice(start, start + 500);
      const result = await this.store.execute(`SELECT scan_code FROM trackables WHERE scan_code IN (${chunk.map(() => '?').join(',')})`, [...chunk]);
      for (const row of result.rows) taken.add(String(row.scan_code));
    }
    return taken;
  }

  async get(workspaceId: string, id: string): Promise<Trackable | undefined> {
    const result = await this.store.execute(`${SELECT} WHERE workspace_id = ? AND id = ?`, [workspaceId, id]);
    return result.rows[0] ? trackableOf(result.rows[0] as unknown as SqlRow) : undefined;
  }

  async byScanCode(scanCode: string): Promise<Trackable | undefined> {
    const result = await this.store.execute(`${SELECT} WHERE scan_code = ?`, [scanCode]);
    return result.rows[0] ? trackableOf(result.rows[0] as unknown as SqlRow) : undefined;
  }

  async byDigitalLink(link: { gtin: string; lot?: string | undefined; serial?: string | undefined }, workspaceId?: string): Promise<Trackable | undefined> {
    const lot = link.lot ?? null;
    const serial = link.serial ?? null;
    const scoped = workspaceId === undefined ? '' : ' AND workspace_id = ?';
    const result = await this.store.execute(
      `${SELECT} WHERE gtin = ?1 AND (?2 IS NULL OR lot IS NULL OR lot = ?2) AND (?3 IS NULL OR serial IS NULL OR serial = ?3)${scoped.replace('?', '?4')}
       ORDER BY coalesce(serial = ?3, 0) DESC, coalesce(lot = ?2, 0) DESC, serial IS NULL DESC, lot IS NULL DESC, created_at, workspace_id, id LIMIT 1`,
      [link.gtin, lot, serial, ...(workspaceId === undefined ? [] : [workspaceId])],
    );
    return result.rows[0] ? trackableOf(result.rows[0] as unknown as SqlRow) : undefined;
  }

  async list(workspaceId: string, query: TrackableListQuery): Promise<Trackable[]> {
    const where = ['workspace_id = ?'];
    const args: SqlArg[] = [workspaceId];
    const add = (clause: string, ...values: SqlArg[]) => (where.push(clause), args.push(...values));
    if (query.kind !== undefined) add('kind = ?', query.kind);
    if (query.status !== undefined) add('status = ?', query.status);
    if (query.batchId !== undefined) add('batch_id = ?', query.batchId);
    if (query.prefix !== undefined) add('substr(id, 1, ?) = ? AND id >= ?', query.prefix.length, query.prefix, query.prefix);
    if (query.ids !== undefined) add(`id IN (${query.ids.map(() => '?').join(',') || 'NULL'})`, ...query.ids);
    if (query.after !== undefined) add('id > ?', query.after);
    const result = await this.store.execute(`${SELECT} WHERE ${where.join(' AND ')} ORDER BY id LIMIT ?`, [...args, query.limit]);
    return result.rows.map((row) => trackableOf(row as unknown as SqlRow));
  }

  async update(workspaceId: string, id: string, patch: TrackablePatch, updatedAt: number): Promise<Trackable | undefined> {
    const sets: string[] = ['updated_at = ?'];
    const args: SqlArg[] = [updatedAt];
    const set = (column: string, value: SqlArg) => (sets.push(`${column} = ?`), args.push(value));
    if (patch.name !== undefined) set('name', patch.name);
    if (patch.targetUrl !== undefined) set('target_url', patch.targetUrl);
    if (patch.metadata !== undefined) set('metadata', JSON.stringify(patch.metadata));
    if (patch.status !== undefined) set('status', patch.status);
    if (patch.gtin !== undefined) set('gtin', patch.gtin);
    if (patch.lot !== undefined) set('lot', patch.lot);
    if (patch.serial !== undefined) set('serial', patch.serial);
    const result = await this.store.execute(
      `UPDATE trackables SET ${sets.join(', ')} WHERE workspace_id = ? AND id = ? RETURNING ${COLUMNS.join(', ')}`,
      [...args, workspaceId, id],
    );
    return result.rows[0] ? trackableOf(result.rows[0] as unknown as SqlRow) : undefined;
  }

  async insertToken(token: TrackableToken, hash: string): Promise<void> {
    await this.store.execute(
      'INSERT INTO trackable_tokens (id, workspace_id, trackable_id, hash, prefix, created_at, revoked_at) VALUES (?, ?, ?, ?, ?, ?, NULL)',
      [token.id, token.workspaceId, token.trackableId, hash, token.prefix, token.createdAt],
    );
  }

  async revokeTokens(workspaceId: string, trackableId: string, at: number): Promise<number> {
    const result = await this.store.execute(
      'UPDATE trackable_tokens SET revoked_at = ? WHERE workspace_id = ? AND trackable_id = ? AND revoked_at IS NULL',
      [at, workspaceId, trackableId],
    );
    return result.rowsAffected;
  }

  async tokenByHash(hash: string): Promise<TrackableToken | undefined> {
    const result = await this.store.execute('SELECT * FROM trackable_tokens WHERE hash = ?', [hash]);
    return result.rows[0] ? tokenOf(result.rows[0] as unknown as SqlRow) : undefined;
  }

  async liveTokens(workspaceId: string, trackableId: string): Promise<TrackableToken[]> {
    const result = await this.store.execute(
      'SELECT * FROM trackable_tokens WHERE workspace_id = ? AND trackable_id = ? AND revoked_at IS NULL ORDER BY created_at, id',
      [workspaceId, trackableId],
    );
    return result.rows.map((row) => tokenOf(row as unknown as SqlRow));
  }

  async salt(workspaceId: string, fresh: string): Promise<string> {
    const result = await this.store.execute(
      'INSERT INTO trackable_salts (workspace_id, salt) VALUES (?, ?) ON CONFLICT DO UPDATE SET salt = salt RETURNING salt',
      [workspaceId, fresh],
    );
    return String(result.rows[0]!.salt);
  }

  async usedSince(workspaceId: string, trackableId: string, actorId: string, since: number): Promise<boolean> {
    const rows = await this.readEvents(
      `SELECT 1 AS used FROM events INDEXED BY events_by_actor
       WHERE workspace_id = ? AND actor_id = ? AND ts >= ? AND (body ->> '$.trackable.id') = ? LIMIT 1`,
      [workspaceId, actorId, since, trackableId],
    );
    return rows.length > 0;
  }

  async counters(workspaceId: string, trackableId: string): Promise<TrackableCounters> {
    const [counter] = await this.readEvents(
      'SELECT uses, bots, repeats, anonymous, first_seen, last_seen FROM trackable_counters WHERE workspace_id = ? AND trackable_id = ?',
      [workspaceId, trackableId],
    );
    const [actors] = await this.readEvents('SELECT count(*) AS actors FROM trackable_actors WHERE workspace_id = ? AND trackable_id = ?', [workspaceId, trackableId]);
    return {
      uses: Number(counter?.uses ?? 0),
      bots: Number(counter?.bots ?? 0),
      repeats: Number(counter?.repeats ?? 0),
      anonymous: Number(counter?.anonymous ?? 0),
      firstSeen: counter ? Number(counter.first_seen) : null,
      lastSeen: counter ? Number(counter.last_seen) : null,
      actors: Number(actors?.actors ?? 0),
    };
  }

  async conversions(workspaceId: string, trackableId: string, windowMs: number): Promise<Conversions> {
    // Each converting event once: by an actor of the trackable, between that actor's first use and last use + window,
    // and within the window after one of its uses (the EXISTS, on the actor index). The uses themselves are not conversions.
    const [row] = await this.readEvents(
      `SELECT count(*) AS events, count(DISTINCT c.actor_id) AS actors,
              coalesce(sum(CASE WHEN json_type(c.body, '$.properties.revenue') IN ('integer', 'real') THEN c.body ->> '$.properties.revenue' END), 0) AS revenue
       FROM trackable_actors a
       JOIN events c INDEXED BY events_by_actor
         ON c.workspace_id = a.workspace_id AND c.actor_id = a.actor_id AND c.ts >= a.first_seen AND c.ts <= a.last_seen + ?
       WHERE a.workspace_id = ? AND a.trackable_id = ?
         AND (c.event = 'order.created' OR (json_type(c.body, '$.properties.revenue') IN ('integer', 'real') AND (c.body ->> '$.properties.revenue') > 0))
         AND (c.body ->> '$.trackable.id') IS NOT ?
         AND EXISTS (SELECT 1 FROM events s INDEXED BY events_by_actor
                     WHERE s.workspace_id = c.workspace_id AND s.actor_id = c.actor_id AND s.ts <= c.ts AND s.ts >= c.ts - ?
                       AND (s.body ->> '$.trackable.id') = ?)`,
      [windowMs, workspaceId, trackableId, trackableId, windowMs, trackableId],
    );
    return { events: Number(row?.events ?? 0), actors: Number(row?.actors ?? 0), revenue: Number(row?.revenue ?? 0) };
  }

  countStatements(delta: CounterDelta): InStatement[] {
    return [
      ...upsert(
        'trackable_counters',
        ['workspace_id', 'trackable_id', 'uses', 'bots', 'repeats', 'anonymous', 'first_seen', 'last_seen'],
        delta.counters,
        `ON CONFLICT DO UPDATE SET uses = uses + excluded.uses, bots = bots + excluded.bots, repeats = repeats + excluded.repeats,
         anonymous = anonymous + excluded.anonymous, first_seen = min(first_seen, excluded.first_seen), last_seen = max(last_seen, excluded.last_seen)`,
      ),
      ...upsert(
        'trackable_actors',
        ['workspace_id', 'trackable_id', 'actor_id', 'uses', 'first_seen', 'last_seen'],
        delta.actors,
        'ON CONFLICT DO UPDATE SET uses = uses + excluded.uses, first_seen = min(first_seen, excluded.first_seen), last_seen = max(last_seen, excluded.last_seen)',
      ),
    ];
  }
}
