import { createHash } from 'node:crypto';
import type { MapResult, MappedEvent } from './provider.js';

/** Helpers every provider mapping uses, so that all of them read values, build ids and keep unknown fields alike. */

export type RawRecord = Record<string, unknown>;

/** A mapping failure naming the field: `map` returns it instead of throwing. */
export class MappingError extends Error {}

/** Runs a mapping body, turning a MappingError (thrown by the readers below) into `{ error }`. */
export function mapping(body: () => MapResult): MapResult {
  try {
    return body();
  } catch (thrown) {
    if (thrown instanceof MappingError) return { error: thrown.message };
    throw thrown;
  }
}

export const isRecord = (value: unknown): value is RawRecord => value !== null && typeof value === 'object' && !Array.isArray(value);

/** The value at a dotted path (`customer.id`), or undefined. */
export function at(record: RawRecord, path: string): unknown {
  let value: unknown = record;
  for (const key of path.split('.')) {
    if (!isRecord(value)) return undefined;
    value = value[key];
  }
  return value;
}

/** An id-like value (string or finite number) as a string, or undefined when absent or null. */
export function optionalId(record: RawRecord, path: string): string | undefined {
  const value = at(record, path);
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  throw new MappingError(`${path}: must be a string or a number`);
}

/** A required id-like value; fails naming the field. */
export function requiredId(record: RawRecord, path: string): string {
  const value = optionalId(record, path);
  if (value === undefined) throw new MappingError(`${path}: is required`);
  return value;
}

/** A string, or undefined when absent or null. */
export function optionalText(record: RawRecord, path: string): string | undefined {
  const value = at(record, path);
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  throw new MappingError(`${path}: must be a string`);
}

/** A number given as a number or a numeric string (`"598.94"`), or undefined when absent or null. */
export function optionalNumber(record: RawRecord, path: string): number | undefined {
  const value = at(record, path);
  if (value === undefined || value === null || value === '') return undefined;
  const number = typeof value === 'number' ? value : typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value.trim()) ? Number(value) : NaN;
  if (!Number.isFinite(number)) throw new MappingError(`${path}: must be a number or a numeric string`);
  return number;
}

export function requiredNumber(record: RawRecord, path: string): number {
  const value = optionalNumber(record, path);
  if (value === undefined) throw new MappingError(`${path}: is required`);
  return value;
}

/** An amount in minor units (Stripe's cents) in major units, by the currency's exponent. */
export function fromMinorUnits(amount: number, currency: string): number {
  const zeroDecimal = new Set(['BIF', 'CLP', 'DJF', 'GNF', 'JPY', 'KMF', 'KRW', 'MGA', 'PYG', 'RWF', 'UGX', 'VND', 'VUV', 'XAF', 'XOF', 'XPF']);
  return zeroDecimal.has(currency) ? amount : Math.round(amount) / 100;
}

/** An ISO 4217 code, upper case; `fallback` when absent; fails naming the field when malformed. */
export function currencyOf(record: RawRecord, path: string, fallback?: string): string {
  const value = optionalText(record, path) ?? fallback;
  if (value === undefined) throw new MappingError(`${path}: is required (an ISO 4217 currency code)`);
  const code = value.toUpperCase();
  if (!/^[A-Z]{3}$/.test(code)) throw new MappingError(`${path}: must be an ISO 4217 currency code, got '${value}'`);
  return code;
}

/** A time (ISO 8601 text, or seconds / milliseconds since the epoch) in ms, or undefined when absent. */
export function optionalTime(record: RawRecord, path: string): number | undefined {
  const value = at(record, path);
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value === 'number' && Number.isFinite(value)) return value < 1e11 ? Math.round(value * 1000) : Math.round(value);
  if (typeof value === 'string') {
    if (/^\d+$/.test(value)) return optionalTime({ v: Number(value) }, 'v');
    const parsed = Date.parse(value);
    if (Number.isFinite(parsed)) return parsed;
  }
  throw new MappingError(`${path}: must be a date-time (ISO 8601) or epoch seconds`);
}

/** The first of the paths whose value is present, as written (the record's version: update time, version number). */
export function versionOf(record: RawRecord, paths: readonly string[], fallback = '0'): string {
  for (const path of paths) {
    const value = at(record, path);
    if (typeof value === 'string' && value !== '') return value;
    if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  }
  return fallback;
}

/**
 * The messageId of an event mapped from a record: `<provider>:<type>:<id>:<version>` (a suffix tells two events of
 * one record apart). Longer than the envelope's 128 characters, the tail is a hash so the id stays stable.
 */
export function connectorMessageId(provider: string, recordType: string, recordId: string, version: string, suffix?: string): string {
  const id = `${provider}:${recordType}:${recordId}:${version}${suffix === undefined ? '' : `:${suffix}`}`;
  if (id.length <= 128) return id;
  return `${id.slice(0, 80)}~${createHash('sha256').update(id).digest('base64url').slice(0, 43)}`;
}

const RAW_DEPTH = 3;
const RAW_BYTES = 12 * 1024;

/** A value cut at `depth` levels: deeper objects and arrays become their JSON text (the envelope's depth limit is 6). */
function shallow(value: unknown, depth: number): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (depth >= RAW_DEPTH) return JSON.stringify(value);
  if (Array.isArray(value)) return value.map((item) => shallow(item, depth + 1));
  const out: RawRecord = {};
  for (const key in value as RawRecord) out[key] = shallow((value as RawRecord)[key], depth + 1);
  return out;
}

/**
 * The fields of `record` not listed in `used` (top-level names), for `properties.raw`: nothing a provider sends is
 * silently dropped. Nulls are left out; values nested deeper than three levels are kept as their JSON text; when the
 * rest passes 12 KB (the envelope holds 32 KB) the largest fields are left out and named in `truncated`.
 * Undefined when nothing is left.
 */
export function unmappedFields(record: RawRecord, used: readonly string[]): RawRecord | undefined {
  const skip = new Set(used);
  const entries: Array<[string, unknown, number]> = [];
  let bytes = 0;
  for (const key in record) {
    if (skip.has(key) || record[key] === null || record[key] === undefined) continue;
    const value = shallow(record[key], 1);
    const size = key.length + 4 + (JSON.stringify(value)?.length ?? 0);
    entries.push([key, value, size]);
    bytes += size;
  }
  if (entries.length === 0) return undefined;
  const truncated: string[] = [];
  if (bytes > RAW_BYTES) {
    for (const entry of [...entries].sort((a, b) => b[2] - a[2])) {
      if (bytes <= RAW_BYTES) break;
      truncated.push(entry[0]);
      bytes -= entry[2];
    }
  }
  const dropped = new Set(truncated);
  const kept: RawRecord = {};
  for (const [key, value] of entries) if (!dropped.has(key)) kept[key] = value;
  if (truncated.length > 0) kept.truncated = truncated.sort();
  return kept;
}

/** Drops undefined values (optional properties left unset), so an expected event can be written exactly. */
export function compact<T extends Record<string, unknown>>(value: T): T {
  for (const key of Object.keys(value)) if (value[key] === undefined) delete value[key];
  return value;
}

/** A mapped event with its connector provenance in `context.connector`. */
export function mappedEvent(event: Omit<MappedEvent, 'context'>, provenance: { provider: string; recordType: string; recordId: string; version: string }): MappedEvent {
  return compact({ ...event, context: { connector: { ...provenance } } }) as MappedEvent;
}
