/** One event of an actor's path: a conversion or a touchpoint. */
export interface PathEvent {
  id: string;
  actorId: string;
  ts: number;
  conversion: boolean;
  revenue: number;
  channel: string | null;
  campaign: string | null;
  medium: string | null;
  entity: string | null;
}

export interface PathQuery {
  workspaceId: string;
  businessId?: string | undefined;
  from: number;
  to: number;
  lookbackMs: number;
  conversionEvent: string;
}

/** The dimensions a touch is credited by. */
export const PATH_DIMENSIONS = ['channel', 'campaign', 'medium', 'entity'] as const;
export type PathDimension = (typeof PATH_DIMENSIONS)[number];

/**
 * The paths of one query, in columns: `order` lists row numbers by actor, then time, then insertion; the other
 * columns are indexed by row number (rows not in `order` are not part of the answer). Dimension values are codes
 * into `values` (-1: no value); `key` names a row for `ids`, which resolves the few rows cited as evidence.
 */
export interface PathSet {
  order: ArrayLike<number>;
  actor: ArrayLike<number>;
  ts: ArrayLike<number>;
  revenue: ArrayLike<number>;
  conversion: ArrayLike<number>;
  key: ArrayLike<number>;
  dimensions: Readonly<Record<PathDimension, ArrayLike<number>>>;
  values: readonly string[];
  ids(keys: readonly number[]): Promise<Map<number, string>>;
}

/** The read of attribution: the actors' paths of a query (store/<backend>/attribution.ts). */
export interface AttributionRepo {
  /** Conversions and touchpoints in [from - lookback, to], ordered by actor, time, insertion. */
  paths(query: PathQuery): Promise<PathSet>;
}

/**
 * One stored event as the path index keeps it: a touch (it carries `attribution`, `source` or `utm_source`) or an
 * event of a conversion name, with an actor. `seq` is the events table's insertion order.
 */
export interface PathRow {
  seq: number;
  businessId: string;
  actorId: string;
  event: string;
  ts: number;
  touch: boolean;
  revenue: number;
  channel: string | null;
  campaign: string | null;
  medium: string | null;
  entity: string | null;
}

/** What the in-memory path index is loaded and tailed from (SQL per backend). */
export interface PathSource {
  /** Touch rows and rows of `conversionEvents` of the workspace with `seq` above `after`, oldest first, at most `limit`. */
  page(workspaceId: string, after: number, conversionEvents: readonly string[], limit: number): Promise<PathRow[]>;
  /** Which of these `seq`s still name a stored event. */
  existing(seqs: readonly number[]): Promise<Set<number>>;
  /** The event ids of these `seq`s. */
  ids(seqs: readonly number[]): Promise<Map<number, string>>;
}

/** A PathSet over path events already in path order (what a plain SQL read returns). */
export function pathSetOf(events: readonly PathEvent[]): PathSet {
  const values: string[] = [];
  const codes = new Map<string, number>();
  const code = (value: string | null) => {
    if (value === null) return -1;
    let found = codes.get(value);
    if (found === undefined) codes.set(value, (found = values.push(value) - 1));
    return found;
  };
  const actors = new Map<string, number>();
  const column = (pick: (event: PathEvent) => string | null) => Int32Array.from(events, (event) => code(pick(event)));
  return {
    order: Uint32Array.from(events, (_, index) => index),
    actor: Uint32Array.from(events, (event) => {
      let found = actors.get(event.actorId);
      if (found === undefined) actors.set(event.actorId, (found = actors.size));
      return found;
    }),
    ts: Float64Array.from(events, (event) => event.ts),
    revenue: Float64Array.from(events, (event) => event.revenue),
    conversion: Uint8Array.from(events, (event) => (event.conversion ? 1 : 0)),
    key: Float64Array.from(events, (_, index) => index),
    dimensions: {
      channel: column((event) => event.channel),
      campaign: column((event) => event.campaign),
      medium: column((event) => event.medium),
      entity: column((event) => event.entity),
    },
    values,
    ids: async (keys) => new Map(keys.map((key) => [key, events[key]!.id])),
  };
}
