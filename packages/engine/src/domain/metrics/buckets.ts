import { DAY_MS, HOUR_MS } from '../analytics/event-fields.js';

export const INTERVALS = ['hour', 'day', 'week', 'month'] as const;
export type Interval = (typeof INTERVALS)[number];

const WEEK_MS = 7 * DAY_MS;
/** 1970-01-05 was a Monday: weeks start on Monday, UTC. */
const MONDAY_OFFSET = 4 * DAY_MS;

/** SQL expression giving the UTC bucket start (ms) of a millisecond column. */
export function bucketSql(column: string, interval: Interval): string {
  switch (interval) {
    case 'hour':
      return `(${column} - (${column} % ${HOUR_MS}))`;
    case 'day':
      return `(${column} - (${column} % ${DAY_MS}))`;
    case 'week':
      return `(((${column} - ${MONDAY_OFFSET}) / ${WEEK_MS}) * ${WEEK_MS} + ${MONDAY_OFFSET})`;
    case 'month':
      return `(CAST(strftime('%s', ${column} / 1000, 'unixepoch', 'start of month') AS INTEGER) * 1000)`;
  }
}
