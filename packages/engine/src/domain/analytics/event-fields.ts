import type { EventEnvelope } from '../events/envelope.js';

export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;
/** 1970-01-04 was a Sunday: UTC week-hours (0-167) count from Sunday 00:00. */
export const WEEK_START_MS = 3 * DAY_MS;
/** A user's events more than this far apart start a new derived session (Plausible, GA and PostHog use 30 min). */
export const SESSION_GAP_MS = 30 * 60_000;
/** Property values longer than this are cut to it in rollups (breakdowns); raw events keep the full value. */
export const MAX_ROLLUP_VALUE_LENGTH = 256;

/**
 * Property keys that breakdowns answer from rollups kept on ingest: the fields tracker.js sends, plus
 * country and the UTM tags. Any other key is answered by scanning raw events (exact, slower).
 */
export const DIMENSION_KEYS: readonly string[] = [
  'path', 'hostname', 'referrer', 'browser', 'os', 'device', 'language', 'screen', 'country',
  'utm_source', 'utm_medium', 'utm_campaign', 'utm_term', 'utm_content',
];
const DIMENSIONS = new Set(DIMENSION_KEYS);

export const isDimension = (key: string): boolean => DIMENSIONS.has(key);

export const floorTo = (value: number, unit: number): number => Math.floor(value / unit) * unit;

/**
 * The inclusive range [from, to] (ms) split for a rollup kept per `unit`: the whole units inside it
 * (`whole`, inclusive, null when there is none) and the partial ones at either end, which only raw events
 * answer exactly.
 */
export function splitByWholeUnits(from: number, to: number, unit: number): { whole: [number, number] | null; partial: Array<[number, number]> } {
  const first = Math.ceil(from / unit) * unit;
  const end = floorTo(to + 1, unit);
  if (first >= end) return { whole: null, partial: [[from, to]] };
  const partial: Array<[number, number]> = [];
  if (from < first) partial.push([from, first - 1]);
  if (end <= to) partial.push([end, to]);
  return { whole: [first, end - 1], partial };
}

/** The user an event belongs to: the actor's id (Agent Analytics' `user_id`). */
export function userOf(envelope: EventEnvelope): string | null {
  const actor = envelope.actor;
  if (actor === undefined) return null;
  return typeof actor === 'string' ? actor : actor.id;
}

/** The page an event happened on: `properties.path`, else `properties.url` (as Agent Analytics does). */
export function pageOf(envelope: EventEnvelope): string | null {
  const properties = envelope.properties;
  if (!properties) return null;
  const page = properties.path ?? properties.url;
  return typeof page === 'string' && page !== '' ? page.slice(0, 2048) : null;
}

/** Top-level scalar properties as text, for rollups. */
export function scalarProperties(envelope: EventEnvelope): Array<[string, string]> {
  const properties = envelope.properties;
  if (!properties) return [];
  const fields: Array<[string, string]> = [];
  for (const [key, value] of Object.entries(properties)) {
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
      fields.push([key, String(value).slice(0, MAX_ROLLUP_VALUE_LENGTH)]);
    }
  }
  return fields;
}
