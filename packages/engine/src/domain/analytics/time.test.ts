import { describe, expect, it } from 'vitest';
import { EngineError } from '../../errors/engine-error.js';
import { localTimeSql, offsetAt, offsetRuns, parseSince } from './time.js';

const NOW = Date.UTC(2026, 3, 15, 12, 0, 0);
const HOUR = 3_600_000;

describe('parseSince', () => {
  it.each([
    ['7d', NOW - 7 * 24 * HOUR],
    ['24h', NOW - 24 * HOUR],
    ['2w', NOW - 14 * 24 * HOUR],
    ['2026-04-01', Date.UTC(2026, 3, 1)],
    ['2026-04-01T06:30:00Z', Date.UTC(2026, 3, 1, 6, 30)],
    ['2026-04-01T06:30:00+02:00', Date.UTC(2026, 3, 1, 4, 30)],
    [String(Date.UTC(2026, 0, 1)), Date.UTC(2026, 0, 1)],
    [Date.UTC(2026, 0, 1), Date.UTC(2026, 0, 1)],
  ])('%s', (value, expected) => {
    expect(parseSince(value, NOW, '7d')).toBe(expected);
  });

  it('defaults, and rejects anything else naming the field', () => {
    expect(parseSince(undefined, NOW, '30d')).toBe(NOW - 30 * 24 * HOUR);
    for (const bad of ['yesterday', '7 days', '7m', '2026-13-45', '-1', '']) {
      const thrown = (() => {
        try {
          parseSince(bad, NOW, '7d', 'date_from');
        } catch (error) {
          return error;
        }
        return undefined;
      })();
      expect(EngineError.isInstance(thrown), bad).toBe(true);
      expect((thrown as EngineError).details?.issues?.[0]?.path).toBe('date_from');
    }
  });
});

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
