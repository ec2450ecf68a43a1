import type { Interval } from '../metrics/buckets.js';
import type { DefinitionVersion, EventSelection, MetricDefinition, MetricKind, MetricValue } from './rule.js';

export interface DefinitionListQuery {
  kind?: MetricKind | undefined;
  /** Case-insensitive substring of the id or the name. */
  search?: string | undefined;
  /** Continue after this id (ids in code-unit order). */
  after?: string | undefined;
  limit: number;
}

/** One measure over raw events: how many, the sum of a numeric JSON path, or distinct actor ids; per bucket when `interval` is set. */
export interface EventMeasure {
  selection: EventSelection;
  measure: 'count' | 'sum' | 'unique_actors';
  /** JSON path of the summed field (sum only), e.g. `$."properties"."revenue"`. */
  sumPath?: string | undefined;
  from: number;
  to: number;
  interval?: Interval | undefined;
}

/** One measure over the hourly rollups (`field` '' counts events; `properties.x` sums it), whole hours in [from, to]. */
export interface RollupMeasure {
  eventNames: string[];
  businessId: string | null;
  field: string;
  from: number;
  to: number;
  interval?: Interval | undefined;
}

/** A bucket's measure (bucket 0 when no interval was asked). */
export interface MeasureRow {
  bucket: number;
  value: number;
}

/** What a snapshot was computed from: a definition (stored or inline), or a query_metrics query (save_metrics_snapshot). */
export type SnapshotSource = 'definition' | 'event_counts';

export interface EventCounts {
  totalEvents: number;
  metrics: Array<{ event: string; count: number; sums: Record<string, number>; buckets?: Array<{ start: number; count: number; sums: Record<string, number> }> }>;
  /** The query's event names (every name when empty) and business. */
  eventNames: string[];
  businessId: string | null;
}

/** A stored result, read back unchanged. */
export interface MetricSnapshot {
  id: string;
  source: SnapshotSource;
  createdAt: number;
  from: number;
  to: number;
  interval: Interval | null;
  metricId: string | null;
  version: number | null;
  /** The definition as computed (for a stored one, the version then), null for event-count snapshots. */
  definition: (Omit<DefinitionVersion, 'id' | 'version' | 'versionCreatedAt'> & { id: string | null; version: number | null }) | null;
  result: MetricValue | null;
  eventCounts: EventCounts | null;
}

export interface SnapshotListQuery {
  metricId?: string | undefined;
  source?: SnapshotSource | undefined;
  /** Continue below this snapshot (newest first: createdAt, then id, descending). */
  after?: { t: number; id: string } | undefined;
  limit: number;
}

/**
 * Storage of metric definitions (every version, immutable) and their snapshots, and the event reads that compute
 * them. Every call is scoped to `workspaceId`.
 */
export interface DefinitionsRepo {
  /** Stores a version; CONFLICT when that (id, version) exists (a concurrent write or a taken id). */
  insertVersion(workspaceId: string, version: DefinitionVersion, createdBy: string | null): Promise<void>;
  /** The given version (default the latest), or null. */
  get(workspaceId: string, id: string, version?: number): Promise<MetricDefinition | null>;
  /** Latest versions in id order, at most `limit + 1` (one more tells the caller a page follows). */
  list(workspaceId: string, query: DefinitionListQuery): Promise<MetricDefinition[]>;
  measureEvents(workspaceId: string, measure: EventMeasure): Promise<MeasureRow[]>;
  measureRollups(workspaceId: string, measure: RollupMeasure): Promise<MeasureRow[]>;
  insertSnapshot(workspaceId: string, snapshot: MetricSnapshot): Promise<void>;
  snapshot(workspaceId: string, id: string): Promise<MetricSnapshot | null>;
  /** The newest snapshot of a definition, or null. */
  latestSnapshot(workspaceId: string, metricId: string): Promise<MetricSnapshot | null>;
  /** Newest first, at most `limit + 1`. */
  snapshots(workspaceId: string, query: SnapshotListQuery): Promise<MetricSnapshot[]>;
}
