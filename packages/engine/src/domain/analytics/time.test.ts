import { describe, expect, it } from 'vitest';
import { localTimeSql, offsetAt, offsetRuns } from './time.js';

const HOUR = 3_600_000;

describe('time zone offsets', () => {
  it('finds DST changes as runs, on the hour they happen', () => {
    const from = Date.UTC(2026, 2, 1);
    const to = Date.UTC(2026, 3, 15);
    const runs = offsetRuns('America/New_York', from, to);
    expect(runs).toEqual([[from, -5 * HOUR], [Date.UTC(2026, 2, 8, 7), -4 * HOUR]]);
    expect(offsetRuns('UTC', from, to)).toEqual([[from, 0]]);
    expect(offsetAt('Asia/Kolkata', from)).toBe(5.5 * HOUR);
  });

  it('turns runs into one SQL expression', () => {
    expect(localTimeSql('hour', [[0, 0]])).toBe('(hour + 0)');
    expect(localTimeSql('hour', [[0, -18_000_000], [100, -14_400_000]])).toBe('(hour + CASE WHEN hour >= 100 THEN -14400000 ELSE -18000000 END)');
  });
});
