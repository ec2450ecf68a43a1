import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { EngineError } from '../errors/engine-error.js';
import { DAY_MS, parseTimePoint, resolveRange, resolveTime, TIME_FORMS, timeInput } from './time-input.js';

const NOW = Date.UTC(2026, 3, 15, 12, 0, 0);
const HOUR = 3_600_000;
const at = (value: number | string, bound: 'start' | 'end' = 'start') => resolveTime(value, NOW, bound);

describe('time inputs', () => {
  it.each([
    ['30m', NOW - 30 * 60_000],
    ['24h', NOW - 24 * HOUR],
    ['7d', NOW - 7 * DAY_MS],
    ['2w', NOW - 14 * DAY_MS],
    ['now', NOW],
    [' NOW ', NOW],
    ['2026-04-01', Date.UTC(2026, 3, 1)],
    ['2026-04-01T06:30:00Z', Date.UTC(2026, 3, 1, 6, 30)],
    ['2026-04-01t06:30:00.250z', Date.UTC(2026, 3, 1, 6, 30, 0, 250)],
    ['2026-04-01 06:30', Date.UTC(2026, 3, 1, 6, 30)],
    ['2026-04-01T06:30:00+02:00', Date.UTC(2026, 3, 1, 4, 30)],
    ['2026-04-01T06:30:00-0130', Date.UTC(2026, 3, 1, 8, 0)],
    [String(Date.UTC(2026, 0, 1)), Date.UTC(2026, 0, 1)],
    [Date.UTC(2026, 0, 1), Date.UTC(2026, 0, 1)],
  ])('%s', (value, expected) => {
    expect(at(value)).toBe(expected);
  });

  it('reads a date-time without an offset as UTC, whatever the server zone', () => {
    expect(at('2026-04-01T06:30')).toBe(Date.UTC(2026, 3, 1, 6, 30));
  });

  it('takes a bare date as an end bound to the end of that UTC day', () => {
    expect(at('2026-04-01', 'end')).toBe(Date.UTC(2026, 3, 2) - 1);
    expect(at('2026-04-01T00:00:00Z', 'end')).toBe(Date.UTC(2026, 3, 1));
    expect(at('7d', 'end')).toBe(NOW - 7 * DAY_MS);
  });

  it.each(['yesterday', '7 days', '7y', '2026-13-01', '2026-02-30', '2026-04-01T25:00', '-1', '', 1.5, -1, true, null, 'x'.repeat(65)])(
    'refuses %j',
    (value) => expect(parseTimePoint(value)).toBeUndefined(),
  );

  it('is one zod schema whose error names the field and the accepted forms', () => {
    const schema = z.object({ since: timeInput('Start.').optional() });
    // Checked, not transformed: a value parsed twice (an adapter validating before the engine does) stays the same.
    expect(schema.parse(schema.parse({ since: '7d' })).since).toBe('7d');
    expect(parseTimePoint('7d')).toEqual({ agoMs: 7 * DAY_MS });
    for (const bad of ['yesterday', false, 1.5]) {
      const parsed = schema.safeParse({ since: bad });
      expect(parsed.success).toBe(false);
      expect(parsed.error?.issues.map((issue) => [issue.path.join('.'), issue.message])).toEqual([['since', `must be ${TIME_FORMS}`]]);
    }
    const json = z.toJSONSchema(schema, { io: 'input' }) as unknown as { properties: { since: { description: string; type: unknown } } };
    expect(json.properties.since.type).toEqual(['number', 'string']);
    expect(json.properties.since.description).toMatch(/Epoch ms, ISO 8601 .* relative to now \(30m, 24h, 7d, 4w, now\)/);
  });

  it('resolves a range with defaults and refuses an inverted one naming the field', () => {
    expect(resolveRange({}, NOW)).toEqual({ from: NOW - 30 * DAY_MS, to: NOW });
    expect(resolveRange({ to: '2026-04-01' }, NOW, 1)).toEqual({ from: Date.UTC(2026, 3, 1) - 1, to: Date.UTC(2026, 3, 2) - 1 });
    const thrown = (() => {
      try {
        resolveRange({ from: '1d', to: '2d' }, NOW, 30, { from: 'date_from', to: 'date_to' });
      } catch (error) {
        return error;
      }
      return undefined;
    })();
    expect(EngineError.isInstance(thrown) && thrown.code).toBe('INVALID_INPUT');
    expect((thrown as EngineError).details?.issues).toEqual([{ path: 'date_from', message: 'must not be after `date_to`' }]);
  });
});
