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

/** All SQL of attribution lives behind this (store/libsql/attribution.ts). */
export interface AttributionRepo {
  /** Conversions and touchpoints in [from - lookback, to], ordered by actor, time, insertion. */
  paths(query: PathQuery): Promise<PathEvent[]>;
}
