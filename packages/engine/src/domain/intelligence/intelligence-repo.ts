/** The dimensions a change or an anomaly is explained by, read from each event itself. */
export const DRIVER_DIMENSIONS = ['campaign', 'channel', 'trackable', 'product', 'entity'] as const;
export type DriverDimension = (typeof DRIVER_DIMENSIONS)[number];

/** A time window `[from, to]` (ms, inclusive). */
export interface Window {
  from: number;
  to: number;
}

/** One hour of one event name of a business, from the hourly rollups: its count and its sum of properties.revenue. */
export interface HourRow {
  hour: number;
  event: string;
  count: number;
  revenue: number;
}

/** Events of one name in one window with the same dimension values: how many, their revenue, two of their ids. */
export interface DimensionCell {
  /** Index of the window in the query's list. */
  window: number;
  event: string;
  values: Record<DriverDimension, string | null>;
  count: number;
  revenue: number;
  ids: string[];
}

/** Events matching a gap rule: how many, a few ids (newest first), the names among them, and a few offending values. */
export interface GapSample {
  count: number;
  ids: string[];
  eventNames: string[];
  values: string[];
}

export interface GapQuery {
  workspaceId: string;
  businessId: string;
  eventNames: readonly string[];
  from: number;
  to: number;
  sample: number;
}

/** The reads of agent context (SQL per backend in store/<backend>/intelligence.ts). */
export interface IntelligenceRepo {
  /** Hourly rollups of a business in [from, to]: counts per event name and their revenue sums. */
  hours(workspaceId: string, businessId: string, from: number, to: number): Promise<HourRow[]>;
  /** The hour of the business's first stored event, or null when it has none. */
  firstHour(workspaceId: string, businessId: string): Promise<number | null>;
  /** Events of these names in each window, grouped by window, name and the driver dimensions. */
  cells(workspaceId: string, businessId: string, eventNames: readonly string[], windows: readonly Window[]): Promise<DimensionCell[]>;
  /** Events of these names. */
  events(query: GapQuery): Promise<GapSample>;
  /** Events of these names without a decisionId. */
  withoutDecision(query: GapQuery): Promise<GapSample>;
  /** Events of these names whose trustTier (T0 when absent) is below `minTier`. */
  belowTier(query: GapQuery & { minTier: string }): Promise<GapSample>;
  /** Events of these names whose trackable.id is missing or names no trackable of the workspace (`values`: the unknown ids). */
  unregisteredTrackable(query: GapQuery): Promise<GapSample>;
}
