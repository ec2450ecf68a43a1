import type { Interval } from '../metrics/buckets.js';

/** What a metric definition computes over the events it selects. */
export const METRIC_KINDS = ['count', 'sum', 'unique_actors', 'ratio'] as const;
export type MetricKind = (typeof METRIC_KINDS)[number];
/** The kinds a ratio's numerator and denominator may have (a ratio of ratios is refused). */
export const PART_KINDS = ['count', 'sum', 'unique_actors'] as const;
export type PartKind = (typeof PART_KINDS)[number];

export const FILTER_OPS = ['eq', 'neq', 'in', 'not_in', 'gt', 'gte', 'lt', 'lte', 'exists', 'not_exists'] as const;
export type FilterOp = (typeof FILTER_OPS)[number];

export type Scalar = string | number | boolean;

/**
 * One condition on an event. `field` is a dotted path: `properties.plan`, `properties.order.total` (nested),
 * `source.channel`, `attribution.campaign`, `context.*`, `outcome.*`, `trackable.*`, `entity.*`, `actor.id`,
 * `actor.type`, `object.id`, `object.type` (or another key of an actor/object sent as an object), `traceId`,
 * `sessionId`, `trustTier`, `decisionId`, `proofId`.
 */
export interface MetricFilter {
  field: string;
  op: FilterOp;
  value?: Scalar | Array<string | number> | undefined;
}

/** Which events a count, sum or unique_actors measure reads: of these names (every name when empty), of one business, passing every filter. */
export interface EventSelection {
  eventNames: string[];
  businessId: string | null;
  filters: MetricFilter[];
}

/** A count, sum (of `property`) or unique_actors measure. */
export interface MeasureRule extends EventSelection {
  kind: PartKind;
  /** The numeric field a sum adds up (e.g. `properties.revenue`); null for other kinds. */
  property: string | null;
}

/**
 * A ratio's numerator or denominator, resolved when its version is saved: inline (metricId and version null), or
 * another definition's version, pinned (its rule copied here, so the ratio's version never changes meaning).
 */
export interface RatioPart extends MeasureRule {
  metricId: string | null;
  version: number | null;
}

/** What a definition computes, version by version. */
export interface MetricRule extends EventSelection {
  kind: MetricKind;
  property: string | null;
  numerator: RatioPart | null;
  denominator: RatioPart | null;
  unit: string | null;
  currency: string | null;
}

/** One immutable version of a definition. */
export interface MetricDefinition extends MetricRule {
  id: string;
  version: number;
  name: string;
  description: string | null;
  /** When version 1 was saved. */
  createdAt: number;
  /** When this version was saved. */
  versionCreatedAt: number;
  latestVersion: number;
}

/** The fields of a definition's version as written (an update copies the latest and changes some). */
export type DefinitionVersion = Omit<MetricDefinition, 'createdAt' | 'latestVersion'>;

export interface ValuePoint {
  start: number;
  /** The measure in this bucket; for a ratio, numerator / denominator, null when the denominator is 0. */
  value: number | null;
  numerator: number | null;
  denominator: number | null;
}

/** A definition computed over a range. */
export interface MetricValue {
  from: number;
  to: number;
  interval: Interval | null;
  value: number | null;
  numerator: number | null;
  denominator: number | null;
  /** Every bucket of the range (empty ones at 0) when an interval was asked, else empty. */
  buckets: ValuePoint[];
}

/** Paths into the event body and the columns that hold the reference fields. */
const COLUMN_FIELDS: Record<string, string> = {
  'actor.id': 'actor_id',
  'actor.type': 'actor_type',
  'object.id': 'object_id',
  'object.type': 'object_type',
  traceId: 'trace_id',
  sessionId: 'session_id',
};
const TOP_LEVEL_FIELDS = new Set(['trustTier', 'decisionId', 'proofId']);
const BAG_ROOTS = new Set(['properties', 'source', 'attribution', 'context', 'outcome', 'trackable', 'entity', 'complianceMapping', 'actor', 'object']);
const SEGMENT = /^[A-Za-z0-9_$@:-]{1,64}$/;
/** Levels a filter or sum path may go below its root (the envelope keeps bags 6 deep). */
export const MAX_PATH_SEGMENTS = 6;

/** Where a field is read: an events column, or a JSON path into the stored envelope. Undefined when the field is not one of the forms. */
export function fieldLocation(field: string): { column: string } | { jsonPath: string } | undefined {
  const column = COLUMN_FIELDS[field];
  if (column) return { column };
  if (TOP_LEVEL_FIELDS.has(field)) return { jsonPath: `$."${field}"` };
  const [root, ...rest] = field.split('.');
  if (!root || !BAG_ROOTS.has(root) || rest.length === 0 || rest.length > MAX_PATH_SEGMENTS || !rest.every((segment) => SEGMENT.test(segment))) {
    return undefined;
  }
  return { jsonPath: `$.${[root, ...rest].map((segment) => `"${segment}"`).join('.')}` };
}

/** How the field forms read, for descriptions and errors. */
export const FIELD_FORMS =
  'properties.<key>[.<key>…], source.*, attribution.*, context.*, outcome.*, trackable.*, entity.*, actor.id, actor.type, ' +
  'object.id, object.type, traceId, sessionId or trustTier';

/** A numeric path a sum may add up: under properties or outcome, up to six keys deep. */
export const SUM_FIELD = /^(properties|outcome)(\.[A-Za-z0-9_$@:-]{1,64}){1,6}$/;

/** A sum of a top-level numeric field of `properties` or `outcome` over selection without filters is answered from the hourly rollups. */
export const ROLLUP_FIELD = /^(properties|outcome)\.[A-Za-z0-9_$@:-]{1,64}$/;

/** Why a filter is refused (its field, op and value checked together), or undefined. Paths are relative to the filter. */
export function filterIssue(filter: MetricFilter): { path: 'field' | 'value'; message: string } | undefined {
  const location = fieldLocation(filter.field);
  if (!location) return { path: 'field', message: `must be ${FIELD_FORMS}` };
  const { op, value } = filter;
  const column = 'column' in location;
  if (op === 'exists' || op === 'not_exists') {
    return value === undefined ? undefined : { path: 'value', message: `must be left out for ${op}` };
  }
  if (op === 'in' || op === 'not_in') {
    if (!Array.isArray(value) || value.length === 0) return { path: 'value', message: `must be a non-empty array of strings or numbers for ${op}` };
    if (value.some((item) => typeof item === 'boolean')) return { path: 'value', message: `must hold strings or numbers for ${op} (use eq for true/false)` };
    if (column && value.some((item) => typeof item !== 'string')) return { path: 'value', message: `must hold strings for ${filter.field}` };
    return undefined;
  }
  if (value === undefined || Array.isArray(value)) return { path: 'value', message: `must be one string, number or boolean for ${op}` };
  if (['gt', 'gte', 'lt', 'lte'].includes(op) && typeof value === 'boolean') return { path: 'value', message: `must be a number or a string for ${op}` };
  if (column && typeof value !== 'string') return { path: 'value', message: `must be a string for ${filter.field}` };
  return undefined;
}
