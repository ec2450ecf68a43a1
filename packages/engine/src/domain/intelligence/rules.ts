import type { DimensionCell, DriverDimension } from './intelligence-repo.js';
import { DRIVER_DIMENSIONS } from './intelligence-repo.js';

/** A dimension an explanation may name: one of the event's own fields, or the event name. */
export type ExplainDimension = DriverDimension | 'event';
/** The value of a dimension an event does not carry. */
export const NONE = '(none)';

export const WEEK_MS = 7 * 86_400_000;
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;
export const GRANULARITIES = ['hour', 'day'] as const;
export type Granularity = (typeof GRANULARITIES)[number];
export const bucketMs = (granularity: Granularity): number => (granularity === 'hour' ? HOUR_MS : DAY_MS);

/** A bucket is anomalous when |observed - median| / scale is at least this (the modified z-score cut of Iglewicz and Hoaglin). */
export const Z_THRESHOLD = 3.5;
/** MAD x 1.4826 estimates the standard deviation of normal data. */
export const MAD_FACTOR = 1.4826;
/** The scale never goes below 1 event (or unit of revenue) nor below 5% of the median: a flat series flags only real moves. */
export const MIN_RELATIVE_SCALE = 0.05;
/** Anomaly detection needs this many weeks of history before the period's start. */
export const MIN_BASELINE_WEEKS = 3;
export const DEFAULT_BASELINE_WEEKS = 4;
/** Drivers kept per change or anomaly, and evidence ids per driver. */
export const MAX_DRIVERS = 3;
export const DRIVER_EVIDENCE = 2;
/** A driver explains at least this part of the change (a value per order, e.g. its own entity, explains nothing). */
export const MIN_DRIVER_SHARE = 0.1;

export const ANOMALY_RULE =
  'Each complete bucket (hour, or UTC day) of the period is compared with the same bucket of each of the previous ' +
  '`baselineWeeks` weeks (the same hour of the week): expected = their median, scale = max(1.4826 x MAD, 5% of the ' +
  'median, 1), score = (observed - expected) / scale; |score| >= 3.5 is anomalous (the modified z-score), and adjacent ' +
  'anomalous buckets of one metric in one direction form one anomaly. Needs 3 weeks of data before the period (else ' +
  'anomalyBaseline says insufficient_data and no anomaly is reported).';

export const CHANGE_RULE =
  'Each key metric of the period against the period of the same length before it; drivers are the dimension values ' +
  '(campaign, channel, trackable, product, entity read from each event, and the event name) whose own change goes the ' +
  'same way as the metric\'s, largest first (at least 10% of it), with share = their change / the metric\'s change (contribution analysis).';

export function median(values: readonly number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

export interface Baseline {
  expected: number;
  scale: number;
  low: number;
  high: number;
}

/** The seasonal robust baseline of one bucket from its values in the previous weeks. */
export function baselineOf(history: readonly number[]): Baseline {
  const expected = median(history);
  const mad = median(history.map((value) => Math.abs(value - expected)));
  const scale = Math.max(MAD_FACTOR * mad, MIN_RELATIVE_SCALE * Math.abs(expected), 1);
  return { expected, scale, low: Math.max(0, expected - Z_THRESHOLD * scale), high: expected + Z_THRESHOLD * scale };
}

export const round = (value: number, digits = 2): number => Math.round(value * 10 ** digits) / 10 ** digits;

export interface Driver {
  dimension: ExplainDimension;
  value: string;
  /** The value's amount in the period (a change) or the anomaly (observed). */
  current: number;
  /** In the previous period (a change) or the expected amount (an anomaly: the median of the baseline weeks). */
  previous: number;
  change: number;
  /** change / the metric's change: the part of the change this value explains (may exceed 1 when others moved the other way). */
  share: number;
  evidenceIds: string[];
}

/** A value's amounts in each window of a cells read, and a few ids. */
interface Tally {
  amounts: number[];
  ids: string[];
}

/**
 * Per dimension, the value whose change goes the same way as `total` with the largest magnitude; drivers sorted by
 * |share|, at most MAX_DRIVERS. `expectedOf` turns a value's amounts per window into its previous / expected amount
 * (window 0 is the period or the anomaly; the others are the comparison windows).
 */
export function drivers(
  tallies: ReadonlyMap<ExplainDimension, ReadonlyMap<string, Tally>>,
  total: number,
  expectedOf: (amounts: readonly number[]) => number,
): Driver[] {
  if (total === 0) return [];
  const found: Driver[] = [];
  for (const [dimension, values] of tallies) {
    let best: Driver | undefined;
    for (const [value, tally] of values) {
      const current = tally.amounts[0] ?? 0;
      const previous = expectedOf(tally.amounts);
      const change = current - previous;
      if (Math.sign(change) !== Math.sign(total)) continue;
      if (best && Math.abs(change) <= Math.abs(best.change)) continue;
      best = { dimension, value, current: round(current), previous: round(previous), change: round(change), share: round(change / total, 4), evidenceIds: tally.ids.slice(0, DRIVER_EVIDENCE) };
    }
    // A dimension with a single value explains nothing (every event has it).
    if (best && values.size > 1 && Math.abs(best.share) >= MIN_DRIVER_SHARE) found.push(best);
  }
  return found.sort((a, b) => Math.abs(b.share) - Math.abs(a.share) || (a.dimension < b.dimension ? -1 : 1)).slice(0, MAX_DRIVERS);
}

/**
 * Tallies of cells by dimension value: amounts per window (counts, or revenue with `revenue`), ids from window 0 first
 * (the events that happened), then from the others (the ones that stopped happening). `event` is tallied too.
 */
export function tally(cells: readonly DimensionCell[], windows: number, revenue: boolean): Map<ExplainDimension, Map<string, Tally>> {
  const tallies = new Map<ExplainDimension, Map<string, Tally>>();
  const dimensions: ExplainDimension[] = [...DRIVER_DIMENSIONS, 'event'];
  for (const dimension of dimensions) tallies.set(dimension, new Map());
  const ordered = [...cells].sort((a, b) => a.window - b.window);
  for (const cell of ordered) {
    const amount = revenue ? cell.revenue : cell.count;
    for (const dimension of dimensions) {
      const value = (dimension === 'event' ? cell.event : cell.values[dimension]) ?? NONE;
      const values = tallies.get(dimension)!;
      let entry = values.get(value);
      if (!entry) values.set(value, (entry = { amounts: new Array<number>(windows).fill(0), ids: [] }));
      entry.amounts[cell.window] = (entry.amounts[cell.window] ?? 0) + amount;
      for (const id of cell.ids) if (entry.ids.length < DRIVER_EVIDENCE && !entry.ids.includes(id)) entry.ids.push(id);
    }
  }
  return tallies;
}

const pct = (value: number) => `${value > 0 ? '+' : ''}${Math.round(value * 100)}%`;

/** "orders -32% (50 -> 34); 80% of the drop is campaign=spring-launch". */
export function changeHeadline(metric: string, value: number, previous: number, top: Driver | undefined): string {
  const change = value - previous;
  const head = previous === 0 ? `${metric} ${round(value)} (none in the previous period)` : `${metric} ${pct(change / previous)} (${round(previous)} -> ${round(value)})`;
  if (change === 0) return `${metric} unchanged (${round(value)})`;
  if (!top) return head;
  return `${head}; ${Math.round(top.share * 100)}% of the ${change < 0 ? 'drop' : 'rise'} is ${top.dimension}=${top.value}`;
}

export interface FlaggedBucket {
  start: number;
  observed: number;
  baseline: Baseline;
  score: number;
}

export interface AnomalyWindow {
  metric: string;
  direction: 'drop' | 'spike';
  from: number;
  to: number;
  buckets: number;
  observed: number;
  expected: number;
  expectedLow: number;
  expectedHigh: number;
  score: number;
}

/** Adjacent flagged buckets in one direction become one anomaly: sums of observed and expected, the largest |score|. */
export function groupFlagged(metric: string, flagged: readonly FlaggedBucket[], size: number): AnomalyWindow[] {
  const groups: AnomalyWindow[] = [];
  let open: AnomalyWindow | undefined;
  for (const bucket of flagged) {
    const direction = bucket.score < 0 ? 'drop' : 'spike';
    if (open && open.direction === direction && open.to + 1 === bucket.start) {
      open.to = bucket.start + size - 1;
      open.buckets += 1;
      open.observed += bucket.observed;
      open.expected += bucket.baseline.expected;
      open.expectedLow += bucket.baseline.low;
      open.expectedHigh += bucket.baseline.high;
      if (Math.abs(bucket.score) > Math.abs(open.score)) open.score = bucket.score;
      continue;
    }
    open = {
      metric, direction, from: bucket.start, to: bucket.start + size - 1, buckets: 1, observed: bucket.observed,
      expected: bucket.baseline.expected, expectedLow: bucket.baseline.low, expectedHigh: bucket.baseline.high, score: bucket.score,
    };
    groups.push(open);
  }
  return groups.map((group) => ({
    ...group, observed: round(group.observed), expected: round(group.expected), expectedLow: round(group.expectedLow), expectedHigh: round(group.expectedHigh), score: round(group.score),
  }));
}

/** The buckets of `series` in [from, until] compared with the same bucket `weeks` weeks back, flagged by the rule above. */
export function flagBuckets(series: ReadonlyMap<number, number>, first: number, last: number, size: number, weeks: number, earliest: number): { flagged: FlaggedBucket[]; checked: number } {
  const flagged: FlaggedBucket[] = [];
  let checked = 0;
  for (let start = first; start <= last; start += size) {
    const history: number[] = [];
    for (let week = 1; week <= weeks; week += 1) {
      const back = start - week * WEEK_MS;
      if (back >= earliest) history.push(series.get(back) ?? 0);
    }
    if (history.length < MIN_BASELINE_WEEKS) continue;
    checked += 1;
    const observed = series.get(start) ?? 0;
    const baseline = baselineOf(history);
    const score = (observed - baseline.expected) / baseline.scale;
    if (Math.abs(score) >= Z_THRESHOLD) flagged.push({ start, observed, baseline, score });
  }
  return { flagged, checked };
}

/** Default minimum trust tier of event types (T0 raw < T1 observed < T2 attributed < T3 authority-bound < T4 proof-ready). */
export const DEFAULT_TRUST_REQUIREMENTS: ReadonlyArray<{ events: string; minTier: string }> = [
  { events: '*.executed', minTier: 'T3' },
  { events: 'action.*', minTier: 'T3' },
  { events: 'decision.*', minTier: 'T3' },
  { events: 'enforcement.*', minTier: 'T3' },
  { events: 'proof.*', minTier: 'T4' },
];
/** Event names of executed actions, which must carry the decisionId of the DecisionObject that allowed them. */
export const DEFAULT_EXECUTED_EVENTS: readonly string[] = ['*.executed', 'action.*'];
export const TRUST_TIERS = ['T0', 'T1', 'T2', 'T3', 'T4'] as const;

export const PROOF_GAP_RULE =
  'Gaps in the period: action_without_decision (events of executed actions, `*.executed` and `action.*` by default, ' +
  'without a decisionId); unattributed_order (conversions with no touchpoint of the actor in the lookback window ' +
  'and no channel or campaign of their own: query_attribution\'s direct conversions); unregistered_trackable_scan (scan events whose trackable.id is missing or ' +
  'names no trackable of the workspace); unplanned_scan_event (scan event names no tracking plan of the business ' +
  'lists, when it has plans); below_trust_tier (events under the trust tier their type requires: `*.executed`, ' +
  '`action.*`, `decision.*`, `enforcement.*` T3, `proof.*` T4; no trustTier counts as T0).';
