import type { DimensionCell, DriverDimension, GapQuery, GapSample, Window } from './intelligence-repo.js';
import { DRIVER_DIMENSIONS } from './intelligence-repo.js';
import { partitionPoint } from '../indexes/partition-point.js';

/** One stored event with the fields agent context reads from its JSON, extracted once. */
export interface FactRow {
  seq: number;
  id: string;
  businessId: string;
  event: string;
  ts: number;
  values: Record<DriverDimension, string | null>;
  /** `properties.revenue` when it is a number, else null. */
  revenue: number | null;
  hasDecision: boolean;
  /** `trustTier` as text, `T0` when absent. */
  tier: string;
}

/** What the fact index is loaded and tailed from (SQL per backend). */
export interface FactSource {
  /** Events of these names of the workspace with `seq` in (after, upTo], oldest first, at most `limit`. */
  page(workspaceId: string, eventNames: readonly string[], after: number, upTo: number, limit: number): Promise<FactRow[]>;
  /** The highest `seq` stored. */
  lastSeq(): Promise<number>;
  existing(seqs: readonly number[]): Promise<Set<number>>;
  /** Which of these ids are trackables of the workspace. */
  trackables(workspaceId: string, ids: readonly string[]): Promise<Set<string>>;
}

const LOAD_PAGE = 2_000;
/** Event names an index keeps before it starts over with the ones asked for last. */
const MAX_NAMES = 256;

const compareText = (a: string | null, b: string | null): number => (a === b ? 0 : a === null ? -1 : b === null ? 1 : a < b ? -1 : 1);

/** The rows of one event name, in time order (ties by insertion) once `sorted()` ran. */
class NameFacts {
  length = 0;
  seq: number[] = [];
  ts: number[] = [];
  rows: FactRow[] = [];
  #sorted = true;

  /** The newest row of each business and the oldest row (by time): a deletion of stored events removes one of them. */
  readonly newestOfBusiness = new Map<string, number>();
  oldest: FactRow | null = null;

  push(row: FactRow): void {
    if (this.length > 0 && row.ts < this.ts[this.length - 1]!) this.#sorted = false;
    this.newestOfBusiness.set(row.businessId, row.seq);
    if (!this.oldest || row.ts < this.oldest.ts) this.oldest = row;
    this.seq.push(row.seq);
    this.ts.push(row.ts);
    this.rows.push(row);
    this.length += 1;
  }

  sorted(): this {
    if (this.#sorted) return this;
    const order = this.rows.map((_, index) => index).sort((a, b) => this.ts[a]! - this.ts[b]! || this.seq[a]! - this.seq[b]!);
    this.rows = order.map((index) => this.rows[index]!);
    this.ts = this.rows.map((row) => row.ts);
    this.seq = this.rows.map((row) => row.seq);
    this.#sorted = true;
    return this;
  }

  /** First index with ts >= value. */
  lowerBound(value: number): number {
    return partitionPoint(this.length, (index) => this.ts[index]! < value);
  }
}

class WorkspaceFacts {
  lastSeq = 0;
  stale = false;
  readonly names = new Map<string, NameFacts>();
  #catchingUp: Promise<void> | null = null;

  constructor(private readonly source: FactSource, private readonly workspaceId: string) {}

  /** Loads the names not held yet up to the newest stored event, then tails every held name. */
  ensure(names: readonly string[]): Promise<void> {
    const run = async () => {
      await this.#catchingUp;
      const missing = [...new Set(names)].filter((name) => !this.names.has(name));
      if (missing.length > 0) {
        // A name new to the index is read up to where the others are, then all are tailed together.
        for (const name of missing) this.names.set(name, new NameFacts());
        if (this.lastSeq > 0) await this.#load(missing, 0, this.lastSeq);
      }
      const upTo = await this.source.lastSeq();
      if (upTo > this.lastSeq) {
        await this.#load([...this.names.keys()], this.lastSeq, upTo);
        this.lastSeq = upTo;
      }
    };
    const done = run();
    this.#catchingUp = done.catch(() => undefined);
    return done;
  }

  async #load(names: string[], after: number, upTo: number): Promise<void> {
    for (let from = after; ; ) {
      const page = await this.source.page(this.workspaceId, names, from, upTo, LOAD_PAGE);
      for (const row of page) this.names.get(row.event)!.push(row);
      if (page.length < LOAD_PAGE) return;
      from = page[page.length - 1]!.seq;
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  /** True when events held were deleted (the oldest of a name, or the newest of a name and business, is gone). */
  async lostRows(): Promise<boolean> {
    const probes: number[] = [];
    for (const facts of this.names.values()) {
      if (facts.oldest) probes.push(facts.oldest.seq);
      probes.push(...facts.newestOfBusiness.values());
    }
    if (probes.length === 0) return false;
    const found = await this.source.existing(probes);
    return probes.some((seq) => !found.has(seq));
  }
}

/**
 * In-memory facts per workspace for agent context: the events of the names it explains or checks (orders, scans,
 * leads, errors, executed actions), with their driver dimensions, revenue, decisionId and trust tier extracted once.
 * A name is loaded on first use; every read tails the held names from the events table by insertion order and
 * reloads the workspace when events it holds were deleted (retention purge, project deletion).
 */
export class FactIndex {
  readonly #workspaces = new Map<string, WorkspaceFacts>();

  constructor(private readonly source: FactSource) {}

  forget(workspaceId: string): void {
    this.#workspaces.delete(workspaceId);
  }

  async #facts(workspaceId: string, names: readonly string[]): Promise<WorkspaceFacts> {
    for (;;) {
      let facts = this.#workspaces.get(workspaceId);
      if (!facts || facts.stale || facts.names.size + names.length > MAX_NAMES) {
        facts = new WorkspaceFacts(this.source, workspaceId);
        this.#workspaces.set(workspaceId, facts);
      }
      await facts.ensure(names);
      if (await facts.lostRows()) {
        facts.stale = true;
        continue;
      }
      return facts;
    }
  }

  /** Rows of these names of a business in [from, to], by name then time. */
  async #rows(query: { workspaceId: string; businessId: string; eventNames: readonly string[] }, windows: readonly Window[]) {
    const facts = await this.#facts(query.workspaceId, query.eventNames);
    const found: FactRow[] = [];
    const low = Math.min(...windows.map((window) => window.from));
    const high = Math.max(...windows.map((window) => window.to));
    for (const name of [...new Set(query.eventNames)].sort()) {
      const column = facts.names.get(name)!.sorted();
      for (let index = column.lowerBound(low); index < column.length && column.ts[index]! <= high; index += 1) {
        const row = column.rows[index]!;
        if (row.businessId === query.businessId) found.push(row);
      }
    }
    return found;
  }

  async cells(workspaceId: string, businessId: string, eventNames: readonly string[], windows: readonly Window[]): Promise<DimensionCell[]> {
    if (eventNames.length === 0 || windows.length === 0) return [];
    const groups = new Map<string, DimensionCell & { sum: number; first: string; last: string }>();
    for (const row of await this.#rows({ workspaceId, businessId, eventNames }, windows)) {
      const window = windows.findIndex((candidate) => row.ts >= candidate.from && row.ts <= candidate.to);
      if (window < 0) continue;
      const key = JSON.stringify([window, row.event, ...DRIVER_DIMENSIONS.map((dimension) => row.values[dimension])]);
      let cell = groups.get(key);
      if (!cell) groups.set(key, (cell = { window, event: row.event, values: row.values, count: 0, revenue: 0, ids: [], sum: 0, first: row.id, last: row.id }));
      cell.count += 1;
      if (row.revenue !== null) cell.sum += row.revenue;
      if (row.id < cell.first) cell.first = row.id;
      if (row.id > cell.last) cell.last = row.id;
    }
    return [...groups.values()]
      .sort((a, b) => a.window - b.window || compareText(a.event, b.event) || DRIVER_DIMENSIONS.reduce((order, dimension) => order || compareText(a.values[dimension], b.values[dimension]), 0))
      .map(({ window, event, values, count, sum, first, last }) => ({ window, event, values: { ...values }, count, revenue: sum, ids: [...new Set([first, last])] }));
  }

  /** Count, newest ids, names and (by `value`) the first few offending values of the rows passing `keep`. */
  async gap(query: GapQuery, keep: (row: FactRow, trackables: Set<string>) => boolean, value?: (row: FactRow) => string | null, trackables = false): Promise<GapSample> {
    if (query.eventNames.length === 0) return { count: 0, ids: [], eventNames: [], values: [] };
    const rows = await this.#rows(query, [{ from: query.from, to: query.to }]);
    const known = trackables
      ? await this.source.trackables(query.workspaceId, [...new Set(rows.map((row) => row.values.trackable).filter((id): id is string => id !== null))])
      : new Set<string>();
    const counts = new Map<string, number>();
    // The `sample` newest (time descending, then id descending), kept sorted as rows pass.
    const newest: FactRow[] = [];
    const before = (a: FactRow, b: FactRow) => b.ts - a.ts || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);
    const values = new Set<string>();
    let count = 0;
    for (const row of rows) {
      if (!keep(row, known)) continue;
      count += 1;
      counts.set(row.event, (counts.get(row.event) ?? 0) + 1);
      if (query.sample > 0 && (newest.length < query.sample || before(row, newest[newest.length - 1]!) < 0)) {
        let at = newest.length;
        while (at > 0 && before(row, newest[at - 1]!) < 0) at -= 1;
        newest.splice(at, 0, row);
        if (newest.length > query.sample) newest.pop();
      }
      const text = value?.(row) ?? null;
      if (text !== null && values.size < query.sample) values.add(text);
    }
    const names = [...counts.keys()].sort();
    return {
      count,
      ids: newest.map((row) => row.id),
      eventNames: names.slice(0, 10),
      values: [...values].sort(),
    };
  }
}
