import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCountryRollupQuery, runQuery, type FlexibleQuery } from '../src/domain/analytics/flexible-query.js';
import { DAY_ROLLUP_RANGES, expectOk, openTestEngine, rollupsAndRaw, useFileEngine, type TestEngine } from './support.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const NOW = Date.UTC(2026, 6, 10, 15, 30);
const START = Date.UTC(2026, 6, 6, 9);

/** Events about an hour apart over five days, from 09:00 on the first: countries given, empty, null or absent. */
const EVENTS = Array.from({ length: 100 }, (_, index) => {
  const country = [{ country: 'US' }, { country: 'DE' }, {}, { country: null }, { country: '' }, { country: 'Ünïcode' }][index % 6]!;
  return { event: index % 4 === 0 ? 'signup' : 'page_view', user_id: `u${index % 9}`, timestamp: START + index * 59 * 60_000 + (index % 7) * 1000, properties: { path: '/', ...country } };
});


async function track(t: TestEngine, events: unknown[]) {
  await expectOk(t.call('track_batch', { project: 'site', events }));
}

const both = (t: TestEngine, input: Record<string, unknown>) => rollupsAndRaw(t, { metrics: ['event_count'], ...input });

/** The rollup path called directly, for a whole range: undefined when it declines. */
async function direct(t: TestEngine, group_by: FlexibleQuery['group_by']) {
  const scope = await t.engine.services.analytics.scope(t.principal.workspaceId, 'site');
  const query: FlexibleQuery = { metrics: ['event_count'], group_by, filters: [], from: START - DAY, to: NOW, order: 'desc', limit: 100 };
  return { rollups: await runCountryRollupQuery(t.engine.services.analytics.reader, scope, query), raw: await runQuery(t.engine.services.analytics.reader, scope, query) };
}

describe('run_query: event_count by country from the value rollup', () => {
  let t: TestEngine;
  beforeEach(async () => {
    t = await openTestEngine({ clock: () => NOW });
    await expectOk(t.call('create_project', { name: 'site' }));
    await track(t, EVENTS);
  });
  afterEach(() => t.engine.close());

  it('answers row for row as the raw events do, whole days from the rollups and partial days from the events', async () => {
    const shapes = [
      { group_by: ['country'] },
      { group_by: ['country'], order: 'asc', limit: 3 },
      { group_by: ['country', 'event'] },
      { group_by: ['event', 'country'], order_by: 'event', order: 'asc' },
      { group_by: ['date', 'country'] },
      { group_by: ['country', 'date', 'event'], order_by: 'event_count', limit: 7 },
    ];
    for (const range of DAY_ROLLUP_RANGES) {
      for (const shape of shapes) {
        const { rollups, raw } = await both(t, { ...range, ...shape });
        expect(rollups, JSON.stringify({ ...range, ...shape })).toEqual(raw);
        expect(rollups.length).toBeGreaterThan(0);
      }
    }
    const byCountry = await both(t, { date_from: '14d', group_by: ['country'] });
    expect(new Set(byCountry.rollups.map((row) => row.country))).toEqual(new Set([null, '', 'DE', 'US', 'Ünïcode']));
    expect(byCountry.rollups.find((row) => row.country === null)!.event_count).toBe(34);
  });

  it('is the path taken while every stored country is text the rollup keeps whole', async () => {
    for (const group_by of [['country'], ['date', 'country', 'event']] as FlexibleQuery['group_by'][]) {
      const { rollups, raw } = await direct(t, group_by);
      expect(rollups).toBeDefined();
      expect(rollups!.rows).toEqual(raw.rows);
    }
  });

  it.each([
    ['a number', 22],
    ['a boolean', true],
    ['an object', { code: 'FR' }],
    ['text longer than the rollup keeps', 'x'.repeat(257)],
  ])('declines once a country was %s, and the raw events answer', async (_label, country) => {
    await track(t, [{ event: 'page_view', user_id: 'odd', timestamp: START + 2 * DAY, properties: { country } }]);
    expect((await direct(t, ['country'])).rollups).toBeUndefined();
    const { rollups, raw } = await both(t, { date_from: '14d', group_by: ['country'] });
    expect(rollups).toEqual(raw);
    // The odd value is a group of its own (an object reads as its JSON text).
    expect(rollups.filter((row) => ![null, '', 'DE', 'US', 'Ünïcode'].includes(row.country as string | null))).toEqual([
      { country: typeof country === 'object' ? JSON.stringify(country) : country === true ? 1 : country, event_count: 1 },
    ]);
  });
});

describe('property keys of an event with many properties', () => {
  let t: TestEngine;
  beforeEach(async () => {
    t = await openTestEngine({ clock: () => NOW });
    await expectOk(t.call('create_project', { name: 'site' }));
  });
  afterEach(() => t.engine.close());

  it('keeps its first 64 keys, and past them still a country the rollup keeps differently', async () => {
    const properties: Record<string, unknown> = {};
    for (let index = 0; index < 69; index += 1) properties[`k${String(index).padStart(2, '0')}`] = index;
    properties.country = 7;
    properties.path = '/';
    await track(t, [{ event: 'page_view', user_id: 'u1', timestamp: START, properties }]);
    const received = await expectOk<{ properties: Array<{ key: string }> }>(t.call('list_received_properties', { project: 'site', since: '14d' }));
    const keys = received.properties.map((row) => row.key).sort();
    expect(keys).toEqual([...Array.from({ length: 64 }, (_, index) => `k${String(index).padStart(2, '0')}`), 'country'].sort());
    expect((await direct(t, ['country'])).rollups).toBeUndefined();
  });
});

describe('run_query country rollup on a database from before the flag', () => {
  const file = useFileEngine('country', { clock: () => NOW });

  it('the migration flags the countries stored before it that the rollup keeps differently', async () => {
    const t = file.current();
    await expectOk(t.call('create_project', { name: 'site' }));
    await track(t, [...EVENTS, { event: 'page_view', user_id: 'odd', timestamp: START + DAY, properties: { country: 7 } }]);
    expect((await direct(t, ['country'])).rollups).toBeUndefined();
    // The schema as it was before version 21: no flag, and the migration not applied.
    await t.engine.services.store.batch([
      'ALTER TABLE aa_property_keys DROP COLUMN irregular',
      'DELETE FROM schema_migrations WHERE version = 21',
    ]);
    const reopened = await file.reopen();
    expect((await direct(reopened, ['country'])).rollups).toBeUndefined();
    const { rollups, raw } = await both(reopened, { date_from: '14d', group_by: ['country'] });
    expect(rollups).toEqual(raw);
    expect(rollups.map((row) => row.country)).toContain(7);
  });
});
