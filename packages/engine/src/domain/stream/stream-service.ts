import { matches, type BusEvent, type BusFilter, type EventBus, type Subscription } from './event-bus.js';
import type { StreamRepo } from './stream-repo.js';

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
    /** Reads a resume from storage (it may sort many events). */
    private readonly repo: StreamRepo,
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
    const { first, last } = await this.#positionAfter(lastId);
    const byPosition = last - first < this.resume.maxScanByPosition;
    const events = await this.repo.eventsAfter({
      workspaceId: filter.workspaceId,
      businessId: filter.businessId,
      afterId: lastId,
      fromPosition: byPosition ? Math.max(0, first - this.resume.margin) : undefined,
      limit: MAX_REPLAY_FROM_STORE,
    });
    return events.map((event): BusEvent => ({ workspaceId: filter.workspaceId, event })).filter((item) => matches(filter, item));
  }

  /** The commit position (`seq`) of the first event whose id sorts after `id` (a binary search), and the last position. */
  async #positionAfter(id: string): Promise<{ first: number; last: number }> {
    const bounds = await this.repo.positionBounds();
    const last = bounds.high;
    let low = bounds.low;
    let high = last + 1;
    while (low < high) {
      const middle = Math.floor((low + high) / 2);
      const found = await this.repo.firstAtOrAfter(middle);
      if (found === undefined || found.id > id) high = middle;
      else low = found.position + 1;
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
