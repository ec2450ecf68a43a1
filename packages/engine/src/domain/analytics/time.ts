import { invalidInput } from '../../errors/engine-error.js';
import { DAY_MS, floorTo, HOUR_MS } from './event-fields.js';

/** Rollups are hourly: aggregate windows start on the hour at or before `since`. */
export const hourFloor = (ms: number): number => floorTo(ms, HOUR_MS);

export const isoDate = (ms: number): string => new Date(ms).toISOString().slice(0, 10);
export const isoMinute = (ms: number): string => new Date(ms).toISOString().slice(0, 16);

/** Checks an IANA time zone name. */
export function requireTimeZone(timezone: string, field = 'timezone'): void {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: timezone });
  } catch {
    throw invalidInput(`\`${field}\` '${timezone}' is not an IANA time zone (e.g. UTC, Europe/Berlin)`, [
      { path: field, message: 'must be an IANA time zone name such as UTC or America/New_York' },
    ]);
  }
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** The zone's offset from UTC, in ms, at `instant`. */
export function offsetAt(timezone: string, instant: number): number {
  let format = formatters.get(timezone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone: timezone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
    });
    formatters.set(timezone, format);
  }
  const at = floorTo(instant, 1000);
  const parts = format.formatToParts(new Date(at));
  const get = (type: string) => Number(parts.find((part) => part.type === type)?.value);
  return Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second')) - at;
}

/** Offsets in effect across [from, to]: `[start, offset]` runs. Samples daily, then hourly where the offset changed. */
export function offsetRuns(timezone: string, from: number, to: number): Array<[number, number]> {
  const runs: Array<[number, number]> = [[from, offsetAt(timezone, from)]];
  let previous = hourFloor(from);
  for (let day = previous + DAY_MS; previous < to; day += DAY_MS) {
    const at = Math.min(day, hourFloor(to) + HOUR_MS);
    if (offsetAt(timezone, at) !== runs[runs.length - 1]![1]) {
      for (let hour = previous + HOUR_MS; hour <= at; hour += HOUR_MS) {
        const offset = offsetAt(timezone, hour);
        if (offset !== runs[runs.length - 1]![1]) runs.push([hour, offset]);
      }
    }
    previous = at;
  }
  return runs;
}

/** SQL giving the local-time ms of a UTC-ms column, from offset runs (DST changes become CASE arms). */
export function localTimeSql(column: string, runs: Array<[number, number]>): string {
  if (runs.length === 1) return `(${column} + ${runs[0]![1]})`;
  const arms = runs
    .slice(1)
    .reverse()
    .map(([start, offset]) => `WHEN ${column} >= ${start} THEN ${offset}`)
    .join(' ');
  return `(${column} + CASE ${arms} ELSE ${runs[0]![1]} END)`;
}
