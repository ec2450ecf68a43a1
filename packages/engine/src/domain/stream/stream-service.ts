import type { AnalyticsReader } from '../analytics/reader.js';
import type { StoredEvent } from '../events/envelope.js';
import { matches, type BusEvent, type BusFilter, type EventBus, type Subscription } from './event-bus.js';

/** Most events a resume reads back from storage when the replay buffer no longer covers `Last-Event-ID`. */
const MAX_REPLAY_FROM_STORE = 1_000;

export type LiveMessage = { kind: 'event'; item: BusEvent } | { kind: 'heartbeat' };

/** Live events of a project: replay after a last-seen id, then new events as they commit. */
export class StreamService {
  constructor(
    /** Reads a resume from storage (it may sort many events): off the main thread on embedded files. */
    private readonly reader: AnalyticsReader,
    readonly bus: EventBus,
  ) {}

  /** Events after `lastId`: from the replay buffer when it reaches back that far, else from storage. */
  async replay(filter: BusFilter, lastId: string): Promise<BusEvent[]> {
    const buffered = this.bus.replaySince(filter, lastId);
    if (buffered) return buffered;
    const where = ['workspace_id = ?', 'id > ?'];
    const args: string[] = [filter.workspaceId, lastId];
    if (filter.businessId !== undefined) (where.push('business_id = ?'), args.push(filter.businessId));
    const rows = await this.reader.all(
      `SELECT id, received_at, body FROM events WHERE ${where.join(' AND ')} ORDER BY id LIMIT ${MAX_REPLAY_FROM_STORE}`,
      args,
    );
    return rows
      .map((row): BusEvent => {
        const event = { ...(JSON.parse(String(row.body)) as StoredEvent), id: String(row.id), receivedAt: Number(row.received_at) };
        return { workspaceId: filter.workspaceId, event };
      })
      .filter((item) => matches(filter, item));
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
