import type { SqlArg, SqlRow } from '../../domain/analytics/reader.js';
import type { StoredEvent } from '../../domain/events/envelope.js';
import type { ReplayQuery, StreamRepo } from '../../domain/stream/stream-repo.js';

type Rows = (sql: string, args?: SqlArg[]) => Promise<SqlRow[]>;

/** A resume's reads on libSQL, through the analytics reader (off the main thread on embedded files: it may sort many). */
export class LibsqlStreamRepo implements StreamRepo {
  constructor(private readonly readEvents: Rows) {}

  async positionBounds(): Promise<{ low: number; high: number }> {
    // Two subqueries: SQLite answers a lone min() or max() from the b-tree's ends, both in one select by a scan.
    const [bounds] = await this.readEvents('SELECT (SELECT min(seq) FROM events) AS low, (SELECT max(seq) FROM events) AS high');
    return { low: Number(bounds?.low ?? 0), high: Number(bounds?.high ?? 0) };
  }

  async firstAtOrAfter(position: number): Promise<{ position: number; id: string } | undefined> {
    const [row] = await this.readEvents('SELECT seq, id FROM events WHERE seq >= ? ORDER BY seq LIMIT 1', [position]);
    return row === undefined ? undefined : { position: Number(row.seq), id: String(row.id) };
  }

  async eventsAfter(query: ReplayQuery): Promise<StoredEvent[]> {
    const where = ['workspace_id = ?', 'id > ?'];
    const args: SqlArg[] = [query.workspaceId, query.afterId];
    if (query.businessId !== undefined) (where.push('business_id = ?'), args.push(query.businessId));
    const byPosition = query.fromPosition !== undefined;
    if (byPosition) (where.unshift('seq >= ?'), args.unshift(query.fromPosition!));
    const limit = Math.trunc(query.limit);
    const rows = await this.readEvents(
      byPosition
        ? // By commit position only: an index on the workspace would read all its events to sort them.
          `SELECT id, received_at, body FROM events NOT INDEXED WHERE ${where.join(' AND ')} ORDER BY seq LIMIT ${limit}`
        : `SELECT id, received_at, body FROM events WHERE ${where.join(' AND ')} ORDER BY id LIMIT ${limit}`,
      args,
    );
    return rows.map((row) => ({ ...(JSON.parse(String(row.body)) as StoredEvent), id: String(row.id), receivedAt: Number(row.received_at) }));
  }
}
