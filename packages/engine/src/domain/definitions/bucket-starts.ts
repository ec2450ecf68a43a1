import { DAY_MS, HOUR_MS } from '../analytics/event-fields.js';
import type { Interval } from '../metrics/buckets.js';

const WEEK_MS = 7 * DAY_MS;
/** 1970-01-05 was a Monday: weeks start on Monday, UTC (as bucketSql does). */
const MONDAY_OFFSET = 4 * DAY_MS;

/** The UTC start of the bucket holding `ms`, the same instant bucketSql gives in SQL. */
export function bucketStart(ms: number, interval: Interval): number {
  switch (interval) {
    case 'hour':
      return ms - (ms % HOUR_MS);
    case 'day':
      return ms - (ms % DAY_MS);
    case 'week':
      return Math.floor((ms - MONDAY_OFFSET) / WEEK_MS) * WEEK_MS + MONDAY_OFFSET;
    case 'month': {
      const date = new Date(ms);
      return Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1);
    }
  }
}

function next(start: number, interval: Interval): number {
  switch (interval) {
    case 'hour':
      return start + HOUR_MS;
    case 'day':
      return start + DAY_MS;
    case 'week':
      return start + WEEK_MS;
    case 'month': {
      const date = new Date(start);
      return Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1);
    }
  }
}

/** Every bucket start from the one holding `from` to the one holding `to`, or null when there are more than `max`. */
export function bucketStarts(from: number, to: number, interval: Interval, max: number): number[] | null {
  const starts: number[] = [];
  for (let start = bucketStart(from, interval); start <= to; start = next(start, interval)) {
    if (starts.length === max) return null;
    starts.push(start);
  }
  return starts;
}
