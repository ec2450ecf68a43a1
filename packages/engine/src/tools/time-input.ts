import { z } from 'zod';
import { invalidInput } from '../errors/engine-error.js';

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;
/** The latest instant a JavaScript Date holds. */
const MAX_MS = 8.64e15;

/** The forms every time field accepts, as its descriptions and errors state them. */
export const TIME_FORMS =
  'epoch milliseconds (1767225600000), an ISO 8601 date or date-time (2026-01-01, 2026-01-01T12:00:00Z; UTC unless it ' +
  'has an offset) or a time relative to now (30m, 24h, 7d, 4w, now)';

const TIME_ERROR = `must be ${TIME_FORMS}`;

/** A time as the caller wrote it (the parsed input keeps it as sent, so parsing twice changes nothing). */
export type TimeValue = number | string;

/**
 * A time value read: absolute, or relative to the engine's clock at call time (resolveTime), not when the input
 * is parsed; `dateOnly` marks a bare date, which as an end bound means the end of that UTC day.
 */
export type TimePoint = { readonly ms: number; readonly dateOnly: boolean } | { readonly agoMs: number };

const RELATIVE = /^(\d{1,6})([mhdw])$/;
const DIGITS = /^\d{1,16}$/;
const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/i;
const UNIT_MS: Record<string, number> = { m: MINUTE_MS, h: HOUR_MS, d: DAY_MS, w: 7 * DAY_MS };

/** Parses one time value; undefined when it is none of the accepted forms. */
export function parseTimePoint(value: unknown): TimePoint | undefined {
  if (typeof value === 'number') return Number.isInteger(value) && value >= 0 && value <= MAX_MS ? { ms: value, dateOnly: false } : undefined;
  if (typeof value !== 'string' || value.length > 64) return undefined;
  const text = value.trim().toLowerCase();
  if (text === 'now') return { agoMs: 0 };
  const relative = RELATIVE.exec(text);
  if (relative) return { agoMs: Number(relative[1]) * UNIT_MS[relative[2]!]! };
  if (DIGITS.test(text)) return parseTimePoint(Number(text));
  const iso = ISO.exec(text);
  if (!iso) return undefined;
  const [, year, month, day, hour, minute, second, fraction, zone] = iso;
  // A calendar date that does not exist (2026-02-30) is refused rather than rolled into the next month.
  const midnight = Date.UTC(Number(year), Number(month) - 1, Number(day));
  if (new Date(midnight).toISOString().slice(0, 10) !== `${year}-${month}-${day}`) return undefined;
  if (hour === undefined) return midnight >= 0 ? { ms: midnight, dateOnly: true } : undefined;
  if (Number(hour) > 23 || Number(minute) > 59 || Number(second ?? 0) > 59) return undefined;
  const offset = zone === undefined || zone === 'z' ? 'Z' : `${zone.slice(0, 3)}:${zone.slice(-2)}`;
  const ms = Date.parse(`${year}-${month}-${day}T${hour}:${minute}:${second ?? '00'}${(fraction ?? '').slice(0, 4)}${offset}`);
  return Number.isFinite(ms) && ms >= 0 && ms <= MAX_MS ? { ms, dateOnly: false } : undefined;
}

/**
 * The one schema of every time input (from, to, since, date_from, …): epoch ms as a number or text, ISO 8601,
 * or relative to now. Anything else is INVALID_INPUT naming the field and these forms. The value is checked,
 * not transformed (adapters that validate with the zod schema before calling forward it unchanged); resolve it
 * with resolveTime().
 */
export const timeInput = (description: string) =>
  z
    .union([z.number(), z.string()], { error: TIME_ERROR })
    .refine((value) => parseTimePoint(value) !== undefined, { message: TIME_ERROR })
    .describe(`${description} Epoch ms, ISO 8601 (UTC unless offset) or relative to now (30m, 24h, 7d, 4w, now).`);

/** Milliseconds of a checked time value at `now`; a bare date as an `end` bound is the last millisecond of that UTC day. */
export function resolveTime(value: TimeValue, now: number, bound: 'start' | 'end' = 'start'): number {
  const point = parseTimePoint(value);
  if (point === undefined) throw invalidInput(`a time must be ${TIME_FORMS}; got '${String(value)}'`);
  if ('agoMs' in point) return Math.max(0, now - point.agoMs);
  return bound === 'end' && point.dateOnly ? point.ms + DAY_MS - 1 : point.ms;
}

/** A fallback written in the same forms, e.g. `fallbackTime('7d')`. */
export function fallbackTime(text: string): TimeValue {
  if (!parseTimePoint(text)) throw new Error(`Invalid fallback time '${text}'`);
  return text;
}

/** Resolves a from/to pair (`to` defaults to now, `from` to `defaultDays` before `to`); rejects an inverted range naming the field. */
export function resolveRange(
  input: { from?: TimeValue | undefined; to?: TimeValue | undefined },
  now: number,
  defaultDays = 30,
  names: { from: string; to: string } = { from: 'from', to: 'to' },
): { from: number; to: number } {
  const to = input.to === undefined ? now : resolveTime(input.to, now, 'end');
  const from = input.from === undefined ? Math.max(0, to - defaultDays * DAY_MS) : resolveTime(input.from, now);
  if (from > to) {
    throw invalidInput(`\`${names.from}\` is after \`${names.to}\``, [{ path: names.from, message: `must not be after \`${names.to}\`` }]);
  }
  return { from, to };
}
