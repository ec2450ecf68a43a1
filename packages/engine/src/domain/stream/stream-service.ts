import type { AnalyticsReader, SqlArg } from '../analytics/reader.js';
import type { StoredEvent } from '../events/envelope.js';
import { matches, type BusEvent, type BusFilter, type EventBus, type Subscription } from './event-bus.js';

/** Most events a resume reads back from storage when the replay buffer no longer covers `Last-Event-ID`. */
const MAX_REPLAY_FROM_STORE = 1_000;
/**
 * How many commit positions before `lastId`'s a resume from storage starts reading: events that another process
 * wrote to the same file in the meantime may carry later ids at earlier positions.
 */
const RESUME_MARGIN = 10_000;
/** Past this many events committed (in any workspace) since `lastId`, a resume reads the workspace's index instead. */
const MAX_SCAN_BY_POSITION = 200_000;

export type LiveMessage = { kind: 'event'; item: BusEvent } | { kind: 'heartbeat' };

/** Live events of a project: replay after a last-seen id, then new events as they commit. */
export class StreamService {
  constructor(
    /** Reads a resume from storage (it may sort many events): off the main thread on embedded files. */
    private readonly reader: AnalyticsReader,
    readonly bus: EventBus,
    private readonly resume: { margin: number; maxScanByPosition: number } = { margin: RESUME_MARGIN, maxScanByPosition: MAX_SCAN_BY_POSITION },
  ) {}

  /**
   * Events after `lastId`: from the replay buffer when it reaches back that far, else from storage. Event ids rise
   * with the commit order (one writer per process mints them in commit order), so a binary search over the commit
   * order finds where `lastId` was committed. When fewer than `maxScanByPosition` events of any workspace were
   * committed since, the read walks them in commit order from a margin before that point (another process writing
   * to the same file may interleave its ids), at a cost that does not grow with the workspace. Further behind, it
   * reads the workspace's events after `lastId` through its index and sorts them by id.
   */
  async replay(filter: BusFilter, lastId: string): Promise<BusEvent[]> {
    const buffered = this.bus.replaySince(filter, lastId);
    if (buffered) return buffered;
    const where = ['workspace_id = ?', 'id > ?'];
    const args: SqlArg[] = [filter.workspaceId, lastId];
    if (filter.businessId !== undefined) (where.push('business_id = ?'), args.push(filter.businessId));
    const { first, last } = await this.#positionAfter(lastId);
    const byPosition = last - first < this.resume.maxScanByPosition;
    if (byPosition) (where.unshift('seq >= ?'), args.unshift(Math.max(0, first - this.resume.margin)));
    const rows = await this.reader.all(
      byPosition
        ? // By commit position only: an index on the workspace would read all its events to sort them.
          `SELECT id, received_at, body FROM events NOT INDEXED WHERE ${where.join(' AND ')} ORDER BY seq LIMIT ${MAX_REPLAY_FROM_STORE}`
        : `SELECT id, received_at, body FROM events WHERE ${where.join(' AND ')} ORDER BY id LIMIT ${MAX_REPLAY_FROM_STORE}`,
      args,
    );
    return rows
      .map((row): BusEvent => {
        const event = { ...(JSON.parse(String(row.body)) as StoredEvent), id: String(row.id), receivedAt: Number(row.received_at) };
        return { workspaceId: filter.workspaceId, event };
      })
      .filter((item) => matches(filter, item));
  }

  /** The commit position (`seq`) of the first event whose id sorts after `id` (a binary search), and the last position. */
  async #positionAfter(id: string): Promise<{ first: number; last: number }> {
    // Two subqueries: SQLite answers a lone min() or max() from the b-tree's ends, both in one select by a scan.
    const [bounds] = await this.reader.all('SELECT (SELECT min(seq) FROM events) AS low, (SELECT max(seq) FROM events) AS high');
    const last = Number(bounds?.high ?? 0);
    let low = Number(bounds?.low ?? 0);
    let high = last + 1;
    while (low < high) {
      const middle = Math.floor((low + high) / 2);
      const [row] = await this.reader.all('SELECT seq, id FROM events WHERE seq >= ? ORDER BY seq LIMIT 1', [middle]);
      if (row === undefined || String(row.id) > id) high = middle;
      else low = Number(row.seq) + 1;
    }
    return { first: low, last };
  }

  /**
   * Replays events after `lastId` (when given), then yields new ones as they commit, and a heartbeat
   * whenever `heartbeatMs` passes without one. Ends when `signal` aborts.
   */
  live(filter: BusFilter, options: { lastId?: string; heartbeatMs: number; signal: AbortSignal }): AsyncGenerator<LiveMessage> {
    // Subscribe now, not on first read: nothing committed after this call can be missed.
    const subscription = this.bus.subscribe(filter);
    if (options.signal.aborted) subscription.close();
    options.signal.addEventListener('abort', () => subscription.close(), { once: true });
    return this.#read(subscription, filter, options);
  }

  async *#read(
    subscription: Subscription,
    filter: BusFilter,
    options: { lastId?: string; heartbeatMs: number; signal: AbortSignal },
  ): AsyncGenerator<LiveMessage> {
    try {
      let last = options.lastId ?? '';
      if (options.lastId !== undefined) {
        for (const item of await this.replay(filter, options.lastId)) {
          last = item.event.id;
          yield { kind: 'event', item };
        }
      }
      while (!options.signal.aborted && !subscription.closed) {
        const item = await subscription.next(options.heartbeatMs);
        if (item === null) {
          if (!options.signal.aborted && !subscription.closed) yield { kind: 'heartbeat' };
          continue;
        }
        if (item.event.id <= last) continue;
        last = item.event.id;
        yield { kind: 'event', item };
      }
    } finally {
      subscription.close();
    }
  }

  /** Collects up to `maxEvents` events (replayed, then live) or until `waitMs` passes: a long poll. */
  async collect(
    filter: BusFilter,
    options: { lastId?: string; maxEvents: number; waitMs: number; signal?: AbortSignal; onEvent?: (item: BusEvent, count: number) => void },
  ): Promise<BusEvent[]> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), options.waitMs);
    const onAbort = () => controller.abort();
    options.signal?.addEventListener('abort', onAbort, { once: true });
    const collected: BusEvent[] = [];
    try {
      const live = this.live(filter, {
        ...(options.lastId === undefined ? {} : { lastId: options.lastId }),
        heartbeatMs: Math.max(1, options.waitMs),
        signal: controller.signal,
      });
      for await (const message of live) {
        if (message.kind !== 'event') continue;
        collected.push(message.item);
        options.onEvent?.(message.item, collected.length);
        if (collected.length >= options.maxEvents) break;
      }
    } finally {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
    }
    return collected;
  }
}
