import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fromRollups, type FlexibleQuery } from '../src/domain/analytics/flexible-query.js';
import { latestSessionsSql } from '../src/domain/analytics/ingest-hook.js';
import { DAY_ROLLUP_RANGES as RANGES, expectOk, openTestEngine, rollupsAndRaw as both, useFileEngine, type TestEngine } from './support.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const NOW = Date.UTC(2026, 6, 10, 23, 30);
const at = (day: number, hour: number, minute = 0) => Date.UTC(2026, 6, day, hour, minute);

/**
 * Sessions of every kind over five days: users whose visits are derived into sessions by the 30-minute gap,
 * one such session across midnight, a given session id with events two days apart and none in between,
 * anonymous visitors with a given session id, and events with no session at all.
 */
const EVENTS = [
  // Six users, two visits a day each (three page views ten minutes apart), July 6-10.
  ...Array.from({ length: 6 * 5 * 2 * 3 }, (_, index) => {
    const user = index % 6;
    const visit = Math.floor(index / 6) % 10;
    const view = Math.floor(index / 60);
    return { event: view === 2 ? 'signup' : 'page_view', user_id: `u${user}`, timestamp: at(6 + Math.floor(visit / 2), 8 + (visit % 2) * 9 + user, view * 10) };
  }),
  // One visit from 23:50 to 00:25: one session, with events on both days.
  { event: 'page_view', user_id: 'night', timestamp: at(7, 23, 50) },
  { event: 'page_view', user_id: 'night', timestamp: at(8, 0, 10) },
  { event: 'page_view', user_id: 'night', timestamp: at(8, 0, 25) },
  // A session id the client kept for two days without an event on the day between.
  { event: 'page_view', user_id: 'keeper', session_id: 'kept', timestamp: at(6, 10) },
  { event: 'signup', user_id: 'keeper', session_id: 'kept', timestamp: at(8, 12) },
  // Anonymous visitors: with a session id, and without one (no session).
  { event: 'page_view', session_id: 'anon-1', timestamp: at(9, 8) },
  { event: 'page_view', session_id: 'anon-1', timestamp: at(9, 8, 5) },
  { event: 'page_view', timestamp: at(9, 9) },
  { event: 'page_view', timestamp: at(10, 9) },
];

/** The UTC days (YYYY-MM-DD) the session rollup holds for a session id. */
async function daysOf(t: TestEngine, sessionId: string): Promise<string[]> {
  const result = await t.engine.services.store.execute('SELECT day FROM aa_session_days WHERE session_id = ? ORDER BY day', [sessionId]);
  return result.rows.map((row) => new Date(Number(row.day)).toISOString().slice(0, 10));
}

const SHAPES = [
  { metrics: ['session_count'], group_by: ['date'] },
  { metrics: ['session_count', 'event_count'], group_by: ['date'], order: 'asc' },
  { metrics: ['event_count', 'unique_users', 'session_count'], group_by: ['date'], order_by: 'session_count', limit: 3 },
  { metrics: ['session_count'], group_by: ['date'], order_by: 'date', order: 'asc', limit: 2 },
  { metrics: ['bounce_rate', 'avg_duration'], group_by: ['date'] },
  { metrics: ['session_count', 'avg_duration', 'event_count', 'bounce_rate', 'unique_users'], group_by: ['date'], order_by: 'event_count', order: 'asc' },
];

describe('run_query: sessions by date from the session-day rollup', () => {
  let t: TestEngine;
  beforeEach(async () => {
    t = await openTestEngine({ clock: () => NOW });
    await expectOk(t.call('create_project', { name: 'site' }));
    await expectOk(t.call('track_batch', { project: 'site', events: EVENTS }));
    // Another project's sessions on the same days stay out of this one's counts.
    await expectOk(t.call('create_project', { name: 'other' }));
    await expectOk(t.call('track_batch', { project: 'other', events: EVENTS.slice(0, 40) }));
  });
  afterEach(() => t.engine.close());

  it('keeps each session under every UTC day it has events on', async () => {
    expect(await daysOf(t, 'kept')).toEqual(['2026-07-06', '2026-07-08']);
    expect(await daysOf(t, 'anon-1')).toEqual(['2026-07-09']);
    const night = await expectOk<{ events: Array<{ session_id: string }> }>(t.call('list_events', { project: 'site', user_id: 'night', days: 14 }));
    const sessionIds = new Set(night.events.map((event) => event.session_id));
    expect(sessionIds.size).toBe(1);
    expect(await daysOf(t, [...sessionIds][0]!)).toEqual(['2026-07-07', '2026-07-08']);
  });

  it('answers row for row as the raw events do, whole days from the rollup and partial days from the events', async () => {
    for (const range of RANGES) {
      for (const shape of SHAPES) {
        const input = { ...range, ...shape };
        const { rollups, raw } = await both(t, input);
        expect(rollups, JSON.stringify(input)).toEqual(raw);
        expect(rollups.length, JSON.stringify(input)).toBeGreaterThan(0);
      }
    }
    // Each day: twelve visits of the six users, and on July 8 also the night session's second day and the kept session.
    const { rollups } = await both(t, { date_from: '2026-07-06', date_to: '2026-07-10', metrics: ['session_count'], group_by: ['date'], order: 'asc' });
    expect(rollups).toEqual([
      { date: '2026-07-06', session_count: 13 },
      { date: '2026-07-07', session_count: 13 },
      { date: '2026-07-08', session_count: 14 },
      { date: '2026-07-09', session_count: 13 },
      { date: '2026-07-10', session_count: 12 },
    ]);
    // July 9: twelve visits of 20 minutes and one anonymous session of 5 minutes, none a bounce.
    const july9 = await both(t, { date_from: '2026-07-09', date_to: '2026-07-09', metrics: ['bounce_rate', 'avg_duration'], group_by: ['date'] });
    expect(july9.rollups).toEqual([{ date: '2026-07-09', bounce_rate: 0, avg_duration: Math.round((12 * 20 * MINUTE + 5 * MINUTE) / 13) }]);
    // July 10: twelve visits, and an anonymous event without a session, which no session counts.
    const july10 = await both(t, { date_from: '2026-07-10', date_to: '2026-07-10', metrics: ['bounce_rate', 'session_count'], group_by: ['date'] });
    expect(july10.rollups).toEqual([{ date: '2026-07-10', bounce_rate: 0, session_count: 12 }]);
  });

  it('is the path for session_count grouped by date alone, unfiltered', () => {
    const query = (metrics: FlexibleQuery['metrics'], group_by: FlexibleQuery['group_by'], filters: FlexibleQuery['filters'] = []): FlexibleQuery => ({
      metrics,
      group_by,
      filters,
      from: 0,
      to: NOW,
      order: 'desc',
      limit: 10,
    });
    expect(fromRollups(query(['session_count'], ['date']))).toBe(true);
    expect(fromRollups(query(['event_count', 'unique_users', 'session_count'], ['date']))).toBe(true);
    expect(fromRollups(query(['bounce_rate', 'avg_duration'], ['date']))).toBe(true);
    expect(fromRollups(query(['bounce_rate'], ['event']))).toBe(false);
    // A distinct count over a range is not the sum of its days, nor one over events.
    expect(fromRollups(query(['session_count'], []))).toBe(false);
    expect(fromRollups(query(['session_count'], ['date', 'event']))).toBe(false);
    expect(fromRollups(query(['session_count'], ['date'], [{ field: 'event', op: 'eq', value: 'signup' }]))).toBe(false);
  });
});

describe('run_query session rollup on a database from before it', () => {
  const file = useFileEngine('sessions', { clock: () => NOW });

  it("a new process finds a returning user's latest session through the user index", async () => {
    const t = file.current();
    await expectOk(t.call('create_project', { name: 'site' }));
    await expectOk(t.call('track_batch', { project: 'site', events: EVENTS }));
    // For one user the planner would otherwise walk every session of the project.
    for (const users of [1, 3]) {
      const plan = await t.engine.services.store.execute(`EXPLAIN QUERY PLAN ${latestSessionsSql(users)}`, [1, ...Array.from({ length: users }, (_, index) => `u${index}`)]);
      expect(plan.rows.map((row) => String(row.detail)).join(' | ')).toMatch(/^SEARCH aa_sessions USING INDEX aa_sessions_by_user \(scope=\? AND user_id=\?\)/);
    }
    // u0's last visit ended at 17:20 on July 10: ten minutes later, after a restart, is the same session.
    const reopened = await file.reopen();
    await expectOk(reopened.call('track_event', { project: 'site', event: 'page_view', user_id: 'u0', timestamp: at(10, 17, 30) }));
    const events = await expectOk<{ events: Array<{ session_id: string; timestamp: number }> }>(reopened.call('list_events', { project: 'site', user_id: 'u0', since: '1d' }));
    const [latest, previous] = [...events.events].sort((a, b) => b.timestamp - a.timestamp);
    expect(latest!.timestamp).toBe(at(10, 17, 30));
    expect(previous!.timestamp).toBe(at(10, 17, 20));
    expect(latest!.session_id).toBe(previous!.session_id);
  });

  it('the migration fills it from the events stored before', async () => {
    const t = file.current();
    await expectOk(t.call('create_project', { name: 'site' }));
    await expectOk(t.call('track_batch', { project: 'site', events: EVENTS }));
    // The schema as it was before version 22.
    await t.engine.services.store.batch(['DROP TABLE aa_session_days', 'DELETE FROM schema_migrations WHERE version = 22']);
    const reopened = await file.reopen();
    expect(await daysOf(reopened, 'kept')).toEqual(['2026-07-06', '2026-07-08']);
    for (const range of RANGES) {
      const { rollups, raw } = await both(reopened, { ...range, metrics: ['session_count', 'event_count', 'bounce_rate'], group_by: ['date'] });
      expect(rollups).toEqual(raw);
    }
  });
});
