import type { PathDimension, PathQuery, PathRow, PathSet, PathSource } from './attribution-repo.js';
import { PATH_DIMENSIONS } from './attribution-repo.js';
import { partitionPoint } from '../indexes/partition-point.js';

/**
 * Rows read per page while an index loads: the read runs on the calling thread and extracts the touch fields from
 * each event's JSON, so a page holds the event loop for some 10-30 ms; between pages other work runs.
 */
const LOAD_PAGE = 2_000;
/** Conversion event names an index keeps before it starts over with the newest ones. */
const MAX_CONVERSION_EVENTS = 8;

/** Growable typed columns of the rows of one workspace, in load (insertion) order. */
class Rows {
  length = 0;
  seq = new Float64Array(1024);
  ts = new Float64Array(1024);
  revenue = new Float64Array(1024);
  actor = new Uint32Array(1024);
  business = new Uint32Array(1024);
  event = new Uint32Array(1024);
  touch = new Uint8Array(1024);
  channel = new Int32Array(1024);
  campaign = new Int32Array(1024);
  medium = new Int32Array(1024);
  entity = new Int32Array(1024);

  grow(): void {
    const capacity = this.seq.length * 2;
    for (const name of ['seq', 'ts', 'revenue', 'actor', 'business', 'event', 'touch', 'channel', 'campaign', 'medium', 'entity'] as const) {
      const old = this[name];
      const next = new (old.constructor as new (length: number) => typeof old)(capacity);
      next.set(old as never);
      (this as Record<typeof name, typeof old>)[name] = next;
    }
  }
}

/** Code point order of two strings (SQLite's BINARY collation over UTF-8), which `<` gives unless a surrogate is involved. */
function compareBinary(a: string, b: string): number {
  if (!/[\uD800-\uFFFF]/.test(a) && !/[\uD800-\uFFFF]/.test(b)) return a < b ? -1 : a > b ? 1 : 0;
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}

function intern(codes: Map<string, number>, list: string[], value: string): number {
  let found = codes.get(value);
  if (found === undefined) codes.set(value, (found = list.push(value) - 1));
  return found;
}

/** The touches and conversions of one workspace, per actor in (time, insertion) order. */
class WorkspacePaths {
  lastSeq = 0;
  stale = false;
  readonly rows = new Rows();
  readonly actors: string[] = [];
  readonly #actorCodes = new Map<string, number>();
  /** Row numbers of each actor, by time then insertion. */
  readonly byActor: number[][] = [];
  readonly businesses = new Map<string, number>();
  readonly #businessNames: string[] = [];
  readonly events = new Map<string, number>();
  readonly #eventNames: string[] = [];
  readonly values: string[] = [];
  readonly #valueCodes = new Map<string, number>();
  /** The newest row of each business and the oldest row overall: a deletion of stored events removes one of them. */
  readonly #newestOfBusiness: number[] = [];
  #oldest = -1;
  #actorOrder: Uint32Array | null = null;
  #catchingUp: Promise<void> | null = null;

  constructor(
    private readonly source: PathSource,
    private readonly workspaceId: string,
    readonly conversionEvents: readonly string[],
  ) {}

  catchUp(): Promise<void> {
    this.#catchingUp ??= this.#load().finally(() => (this.#catchingUp = null));
    return this.#catchingUp;
  }

  /** True when events this index holds were deleted since it loaded them (retention purge, project deletion). */
  async lostRows(): Promise<boolean> {
    const probes = [...this.#newestOfBusiness, this.#oldest].filter((row) => row >= 0).map((row) => this.rows.seq[row]!);
    if (probes.length === 0) return false;
    const found = await this.source.existing(probes);
    return probes.some((seq) => !found.has(seq));
  }

  async #load(): Promise<void> {
    for (;;) {
      const page = await this.source.page(this.workspaceId, this.lastSeq, this.conversionEvents, LOAD_PAGE);
      for (const row of page) this.#add(row);
      if (page.length > 0) this.lastSeq = page[page.length - 1]!.seq;
      if (page.length < LOAD_PAGE) return;
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  #add(row: PathRow): void {
    const rows = this.rows;
    if (rows.length === rows.seq.length) rows.grow();
    const at = rows.length;
    let actor = this.#actorCodes.get(row.actorId);
    if (actor === undefined) {
      this.#actorCodes.set(row.actorId, (actor = this.actors.push(row.actorId) - 1));
      this.byActor.push([]);
      this.#actorOrder = null;
    }
    const business = intern(this.businesses, this.#businessNames, row.businessId);
    const value = (text: string | null) => (text === null ? -1 : intern(this.#valueCodes, this.values, text));
    rows.seq[at] = row.seq;
    rows.ts[at] = row.ts;
    rows.revenue[at] = row.revenue;
    rows.actor[at] = actor;
    rows.business[at] = business;
    rows.event[at] = intern(this.events, this.#eventNames, row.event);
    rows.touch[at] = row.touch ? 1 : 0;
    rows.channel[at] = value(row.channel);
    rows.campaign[at] = value(row.campaign);
    rows.medium[at] = value(row.medium);
    rows.entity[at] = value(row.entity);
    rows.length += 1;
    // Rows arrive in insertion order, so a row goes after every row of its actor at or before its time.
    const list = this.byActor[actor]!;
    if (list.length === 0 || rows.ts[list[list.length - 1]!]! <= row.ts) list.push(at);
    else list.splice(partitionPoint(list.length, (index) => rows.ts[list[index]!]! <= row.ts), 0, at);
    this.#newestOfBusiness[business] = at;
    if (this.#oldest < 0 || row.ts < rows.ts[this.#oldest]!) this.#oldest = at;
  }

  /** Actor codes in the order of their ids (as SQL orders them). */
  actorOrder(): Uint32Array {
    if (!this.#actorOrder || this.#actorOrder.length !== this.actors.length) {
      const order = Array.from({ length: this.actors.length }, (_, index) => index);
      order.sort((a, b) => compareBinary(this.actors[a]!, this.actors[b]!));
      this.#actorOrder = Uint32Array.from(order);
    }
    return this.#actorOrder;
  }

  select(query: PathQuery): PathSet {
    const rows = this.rows;
    const conversion = this.events.get(query.conversionEvent) ?? -1;
    const business = query.businessId === undefined ? -1 : (this.businesses.get(query.businessId) ?? -2);
    const order: number[] = [];
    const isConversion = new Uint8Array(rows.length);
    if (business !== -2) {
      const low = query.from - query.lookbackMs;
      const { ts, touch, event } = rows;
      for (const actor of this.actorOrder()) {
        const list = this.byActor[actor]!;
        const start = partitionPoint(list.length, (index) => ts[list[index]!]! < low);
        for (let index = start; index < list.length; index += 1) {
          const row = list[index]!;
          if (ts[row]! > query.to) break;
          if (business >= 0 && rows.business[row] !== business) continue;
          if (event[row] === conversion) isConversion[row] = 1;
          else if (touch[row] === 0) continue;
          order.push(row);
        }
      }
    }
    const dimensions = {} as Record<PathDimension, Int32Array>;
    for (const dimension of PATH_DIMENSIONS) dimensions[dimension] = rows[dimension];
    return {
      order, actor: rows.actor, ts: rows.ts, revenue: rows.revenue, conversion: isConversion, key: rows.seq, dimensions,
      values: this.values, ids: (keys) => this.source.ids(keys),
    };
  }
}

/**
 * In-memory attribution paths per workspace: every touch (an event with `attribution`, `source` or `utm_source`) and
 * every event of the conversion names asked for, with an actor, in typed columns with their fields extracted once.
 * Loaded on a workspace's first query and tailed from the events table by insertion order before every query, so
 * any committed event (from this process or another) is seen; before answering it checks that no event it holds was
 * deleted (a retention purge removes the oldest, a project deletion every event of a business) and reloads if so.
 */
export class PathIndex {
  readonly #workspaces = new Map<string, WorkspacePaths>();

  constructor(private readonly source: PathSource) {}

  /** Drops what is held of a workspace; rebuilt on its next query. */
  forget(workspaceId: string): void {
    this.#workspaces.delete(workspaceId);
  }

  async paths(query: PathQuery): Promise<PathSet> {
    for (;;) {
      let paths = this.#workspaces.get(query.workspaceId);
      if (!paths || paths.stale || !paths.conversionEvents.includes(query.conversionEvent)) {
        const names = [...new Set([query.conversionEvent, ...(paths?.conversionEvents ?? [])])].slice(0, MAX_CONVERSION_EVENTS);
        paths = new WorkspacePaths(this.source, query.workspaceId, names);
        this.#workspaces.set(query.workspaceId, paths);
      }
      await paths.catchUp();
      if (await paths.lostRows()) {
        paths.stale = true;
        continue;
      }
      if (this.#workspaces.get(query.workspaceId) !== paths) continue;
      return paths.select(query);
    }
  }
}
