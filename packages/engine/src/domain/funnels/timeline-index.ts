import type { Store } from '../../store/store.js';
import type { FunnelQuery } from './funnel-service.js';
import { partitionPoint } from '../indexes/partition-point.js';

/** Rows per read while loading: each read holds the main thread for about 20 ms. */
/**
 * Rows read per page while a timeline loads. The embedded driver reads a page on the calling thread, so a page
 * is what a load holds the event loop for (10-20 ms here); between pages it lets other work run.
 */
const LOAD_PAGE = 5_000;

/** Growable typed columns of one event name: timestamp, actor code and business code, kept in timestamp order. */
class EventColumn {
  ts = new Float64Array(1024);
  actor = new Uint32Array(1024);
  business = new Uint32Array(1024);
  length = 0;
  sorted = true;

  push(ts: number, actor: number, business: number): void {
    if (this.length === this.ts.length) this.#grow();
    if (this.length > 0 && ts < this.ts[this.length - 1]!) this.sorted = false;
    this.ts[this.length] = ts;
    this.actor[this.length] = actor;
    this.business[this.length] = business;
    this.length += 1;
  }

  #grow(): void {
    const capacity = this.ts.length * 2;
    const grow = <T extends Float64Array | Uint32Array>(old: T, make: (n: number) => T): T => {
      const next = make(capacity);
      next.set(old);
      return next;
    };
    this.ts = grow(this.ts, (n) => new Float64Array(n));
    this.actor = grow(this.actor, (n) => new Uint32Array(n));
    this.business = grow(this.business, (n) => new Uint32Array(n));
  }

  /** Restores timestamp order after out-of-order (backfilled) events; stable for equal timestamps. */
  ensureSorted(): void {
    if (this.sorted) return;
    const order = Array.from({ length: this.length }, (_, index) => index).sort((a, b) => this.ts[a]! - this.ts[b]! || a - b);
    const ts = new Float64Array(this.ts.length);
    const actor = new Uint32Array(this.ts.length);
    const business = new Uint32Array(this.ts.length);
    order.forEach((from, to) => {
      ts[to] = this.ts[from]!;
      actor[to] = this.actor[from]!;
      business[to] = this.business[from]!;
    });
    Object.assign(this, { ts, actor, business, sorted: true });
  }

  /** First index with ts >= value. */
  lowerBound(value: number): number {
    return partitionPoint(this.length, (index) => this.ts[index]! < value);
  }
}

class WorkspaceTimeline {
  lastSeq = 0;
  size = 0;
  readonly actors = new Map<string, number>();
  readonly businesses = new Map<string, number>();
  readonly events = new Map<string, EventColumn>();
  #catchingUp: Promise<void> | null = null;

  constructor(
    private readonly store: Store,
    private readonly workspaceId: string,
  ) {}

  /** Appends every committed event with an actor whose rowid is above the last one seen. */
  catchUp(): Promise<void> {
    this.#catchingUp ??= this.#load().finally(() => (this.#catchingUp = null));
    return this.#catchingUp;
  }

  async #load(): Promise<void> {
    for (;;) {
      const page = await this.store.rows(
        // NOT INDEXED: walk the rowid range; left alone, SQLite sorts the workspace's whole covering index per page.
        'SELECT seq, event, business_id, actor_id, ts FROM events NOT INDEXED WHERE seq > ? AND workspace_id = ? AND actor_id IS NOT NULL ORDER BY seq LIMIT ?',
        [this.lastSeq, this.workspaceId, LOAD_PAGE],
      );
      for (const row of page) {
        const event = String(row[1]);
        let column = this.events.get(event);
        if (!column) this.events.set(event, (column = new EventColumn()));
        column.push(Number(row[4]), code(this.actors, String(row[3])), code(this.businesses, String(row[2])));
      }
      this.size += page.length;
      if (page.length > 0) this.lastSeq = Number(page[page.length - 1]![0]);
      if (page.length < LOAD_PAGE) return;
      // Requests, commits and timers run between pages: loading a million events takes seconds.
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
}

function code(map: Map<string, number>, value: string): number {
  let found = map.get(value);
  if (found === undefined) map.set(value, (found = map.size));
  return found;
}

/**
 * In-memory timelines per workspace for ordered-step analysis: per event name, timestamps and actor codes in
 * typed arrays. Loaded on first use and tailed from the events table by rowid before every query, so any
 * committed event (from this process or another) is seen. Workspaces over `maxEvents` are not indexed and
 * the caller falls back to SQL.
 */
export class TimelineIndex {
  readonly #timelines = new Map<string, WorkspaceTimeline>();

  constructor(
    private readonly store: Store,
    readonly maxEvents: number,
  ) {}

  /** Drops what is held of a workspace (after its events were deleted); rebuilt on its next funnel. */
  forget(workspaceId: string): void {
    this.#timelines.delete(workspaceId);
  }

  /** Step counts for the funnel, or null when this workspace is not indexed. */
  async funnelCounts(workspaceId: string, query: FunnelQuery): Promise<number[] | null> {
    if (this.maxEvents <= 0) return null;
    let timeline = this.#timelines.get(workspaceId);
    if (!timeline) this.#timelines.set(workspaceId, (timeline = new WorkspaceTimeline(this.store, workspaceId)));
    await timeline.catchUp();
    if (timeline.size > this.maxEvents) {
      this.#timelines.delete(workspaceId);
      return null;
    }
    const business = query.businessId === undefined ? undefined : timeline.businesses.get(query.businessId);
    if (query.businessId !== undefined && business === undefined) return query.steps.map(() => 0);
    const actorCount = timeline.actors.size;
    const entered = new Float64Array(actorCount).fill(Number.NaN);
    let previous = entered;
    const counts: number[] = [];
    for (let step = 0; step < query.steps.length; step += 1) {
      const column = timeline.events.get(query.steps[step]!.event);
      const reached = step === 0 ? entered : new Float64Array(actorCount).fill(Number.NaN);
      let count = 0;
      if (column) {
        column.ensureSorted();
        const strict = step > 0 && query.steps[step - 1]!.event === query.steps[step]!.event;
        const end = step === 0 ? query.to : query.to + query.conversionWindowMs;
        for (let index = column.lowerBound(query.from); index < column.length; index += 1) {
          const ts = column.ts[index]!;
          if (ts > end) break;
          if (business !== undefined && column.business[index] !== business) continue;
          const actor = column.actor[index]!;
          if (!Number.isNaN(reached[actor]!)) continue;
          if (step > 0) {
            const after = previous[actor]!;
            if (Number.isNaN(after) || (strict ? ts <= after : ts < after) || ts > entered[actor]! + query.conversionWindowMs) continue;
          }
          reached[actor] = ts;
          count += 1;
        }
      }
      counts.push(count);
      previous = reached;
    }
    return counts;
  }
}
