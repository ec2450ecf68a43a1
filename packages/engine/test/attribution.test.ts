import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { removalShares } from '../src/domain/attribution/attribution-service.js';
import { expectOk, openTestEngine, type TestEngine } from './support.js';

const NOW = Date.UTC(2026, 3, 15, 12, 0, 0);
const DAY = 86_400_000;

type Answer = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

let t: TestEngine;
beforeEach(async () => {
  t = await openTestEngine({ clock: () => NOW });
});
afterEach(() => t.engine.close());

const ok = (name: string, input: unknown) => expectOk<Answer>(t.call(name, input));
const ingest = (events: Record<string, unknown>[]) => ok('ingest_event', { events });
const rows = (answer: Answer, key = 'bySource') => (answer[key] as Answer[]).map((row) => [row.value, row.conversions, row.revenue]);

/**
 * a1: email (spring) 3 days before, social (spring) 2 days before, search (no campaign) 1 day before an order of 100.
 * a2: an order of 50 with no touch (direct). a3: email (newsletter) 1 day before an order of 20, then social after it.
 */
const SEED = [
  { event: 'page.viewed', actor: 'a1', attribution: { channel: 'email', campaign: 'spring', medium: 'newsletter' }, timestamp: NOW - 3 * DAY },
  { event: 'page.viewed', actor: 'a1', source: { channel: 'social', campaign: 'spring' }, timestamp: NOW - 2 * DAY },
  { event: 'page.viewed', actor: 'a1', properties: { utm_source: 'search', utm_medium: 'cpc' }, timestamp: NOW - 1 * DAY },
  { event: 'order.created', actor: 'a1', properties: { revenue: 100 }, timestamp: NOW - 1000 },
  { event: 'order.created', actor: 'a2', outcome: { revenue: 50 }, timestamp: NOW - 2000 },
  { event: 'qr.scanned', actor: 'a3', attribution: { channel: 'email', campaign: 'newsletter' }, trackable: { id: 'bag-001' }, timestamp: NOW - DAY },
  { event: 'order.created', actor: 'a3', properties: { revenue: 20 }, timestamp: NOW - 3000 },
  { event: 'page.viewed', actor: 'a3', attribution: { channel: 'social' }, timestamp: NOW - 500 },
];

describe('query_attribution', () => {
  beforeEach(() => ingest(SEED));

  it('linear: a 3-touch path of 100 gives 33.3333 each; direct and one-touch paths; totals', async () => {
    const got = await ok('query_attribution', {});
    expect(got.model).toBe('linear');
    expect(rows(got)).toEqual([['email', 1.3333, 53.3333], ['direct', 1, 50], ['search', 0.3333, 33.3333], ['social', 0.3333, 33.3333]]);
    expect(rows(got, 'byCampaign')).toEqual([['direct', 1, 50], ['newsletter', 1, 20], ['spring', 0.6667, 66.6667], ['(none)', 0.3333, 33.3333]]);
    expect(rows(got, 'byMedium')).toEqual([['(none)', 1.3333, 53.3333], ['direct', 1, 50], ['cpc', 0.3333, 33.3333], ['newsletter', 0.3333, 33.3333]]);
    expect(rows(got, 'byEntity')).toEqual([['(none)', 1, 100], ['direct', 1, 50], ['trackable:bag-001', 1, 20]]);
    expect(got.totals).toEqual({ conversions: 3, revenue: 170, directConversions: 1, directRevenue: 50, touchpoints: 4, actors: 3 });
    const email = got.bySource[0];
    expect(email.touches).toBe(2);
    expect(email.conversionIds).toHaveLength(2);
    expect(email.touchIds).toHaveLength(2);
    // the social touch after a3's order is not credited: social has one touch (a1's)
    expect(got.bySource.find((row: Answer) => row.value === 'social').touches).toBe(1);
  });

  it('first, last, position based (40/20/40) and time decay (half-life 1 day: 1/7, 2/7, 4/7)', async () => {
    const got = await ok('query_attribution', { models: ['first_touch', 'last_touch', 'position_based', 'time_decay'], halfLifeDays: 1 });
    const by = Object.fromEntries(got.models.map((m: Answer) => [m.model, rows(m)]));
    expect(got.model).toBe('first_touch');
    // touched values with no credit under the model stay listed with 0
    expect(by.first_touch).toEqual([['email', 2, 120], ['direct', 1, 50], ['search', 0, 0], ['social', 0, 0]]);
    expect(by.last_touch).toEqual([['search', 1, 100], ['direct', 1, 50], ['email', 1, 20], ['social', 0, 0]]);
    expect(by.position_based).toEqual([['email', 1.4, 60], ['direct', 1, 50], ['search', 0.4, 40], ['social', 0.2, 20]]);
    // ages 3, 2, 1 days (less 1 s): weights 2^-3, 2^-2, 2^-1 normalised, about 1/7, 2/7, 4/7
    const decay = by.time_decay as [string, number, number][];
    expect(decay.map((r) => r[0])).toEqual(['email', 'direct', 'search', 'social']);
    expect(decay[0]![2]).toBeCloseTo(20 + 100 / 7, 2);
    expect(decay[2]![2]).toBeCloseTo(400 / 7, 2);
    expect(decay[3]![2]).toBeCloseTo(200 / 7, 2);
  });

  it('data driven: Markov removal effects 0.75, 0.5, 0.5 → shares 3/7, 2/7, 2/7 of 2 conversions and 120', async () => {
    const got = await ok('query_attribution', { model: 'data_driven' });
    expect(rows(got)).toEqual([['direct', 1, 50], ['email', 0.8571, 51.4286], ['search', 0.5714, 34.2857], ['social', 0.5714, 34.2857]]);
    const shares = removalShares([['email', 'social', 'search'], ['email']], [['social']]);
    expect(shares.get('email')).toBeCloseTo(3 / 7, 10);
    expect(shares.get('social')).toBeCloseTo(2 / 7, 10);
    expect(shares.get('search')).toBeCloseTo(2 / 7, 10);
  });
});

describe('query_attribution edge cases', () => {
  it('several conversions per actor: each takes the touches after the previous one; the lookback window bounds touches', async () => {
    await ingest([
      { event: 'page.viewed', actor: 'a4', attribution: { channel: 'email' }, timestamp: NOW - 5 * DAY },
      { event: 'order.created', actor: 'a4', properties: { revenue: 10 }, timestamp: NOW - 4 * DAY },
      { event: 'page.viewed', actor: 'a4', attribution: { channel: 'social' }, timestamp: NOW - 3 * DAY },
      { event: 'order.created', actor: 'a4', properties: { revenue: 30 }, timestamp: NOW - DAY },
      { event: 'page.viewed', actor: 'a5', attribution: { channel: 'print' }, timestamp: NOW - 40 * DAY },
      { event: 'order.created', actor: 'a5', properties: { revenue: 7 }, timestamp: NOW - DAY },
    ]);
    const got = await ok('query_attribution', { model: 'first_touch' });
    expect(rows(got)).toEqual([['social', 1, 30], ['email', 1, 10], ['direct', 1, 7]]);
    const longer = await ok('query_attribution', { model: 'first_touch', lookbackDays: 45 });
    expect(rows(longer)).toEqual([['social', 1, 30], ['email', 1, 10], ['print', 1, 7]]);
    expect(longer.totals.directConversions).toBe(0);
    const other = await ok('query_attribution', { conversionEvent: 'nothing.happened' });
    expect(other.totals).toMatchObject({ conversions: 0, revenue: 0 });
    expect(other.bySource).toEqual([]);
  });

  it("never shows another workspace's events; bad input names the field", async () => {
    await ingest(SEED);
    const created = await expectOk<{ apiKey: string }>(t.call('create_workspace', { name: 'Other' }));
    const stranger = await t.engine.authenticate({ apiKey: created.apiKey });
    const theirs = await expectOk<Answer>(t.call('query_attribution', {}, stranger));
    expect(theirs.totals.conversions).toBe(0);
    expect(theirs.bySource).toEqual([]);
    for (const [input, path] of [[{ model: 'magic' }, 'model'], [{ halfLifeDays: 0 }, 'halfLifeDays'], [{ limit: 99 }, 'limit'], [{ models: [] }, 'models']] as const) {
      const result = await t.call('query_attribution', input);
      expect(result.ok).toBe(false);
      if (!result.ok) {
        expect(result.error.code).toBe('INVALID_INPUT');
        expect((result.error.details?.issues ?? []).map((issue) => issue.path)).toContain(path);
      }
    }
  });
});

describe('conversions that carry their own touch', () => {
  it("credits the spec's ha track order (no actor; source and campaign in properties) to its own source, not direct", async () => {
    // ha track order.created '{"revenue":22,"source":"bag_qr","campaign":"spring-launch"}'
    await ingest([
      { event: 'order.created', properties: { revenue: 22, source: 'bag_qr', campaign: 'spring-launch' }, timestamp: NOW - 1000 },
      // An order without an actor and without any touch field stays direct; an actor-less touch credits nothing.
      { event: 'order.created', properties: { revenue: 10 }, timestamp: NOW - 900 },
      { event: 'page.viewed', attribution: { channel: 'email' }, timestamp: NOW - 5000 },
    ]);
    const got = await ok('query_attribution', { models: ['linear', 'last_touch', 'data_driven'] });
    expect(got.totals).toEqual({ conversions: 2, revenue: 32, directConversions: 1, directRevenue: 10, touchpoints: 1, actors: 2 });
    for (const model of got.models) {
      expect(rows(model), model.model).toEqual([['bag_qr', 1, 22], ['direct', 1, 10]]);
      expect(rows(model, 'byCampaign'), model.model).toEqual([['spring-launch', 1, 22], ['direct', 1, 10]]);
    }
    // The order is its own evidence: the conversion and the touch are the same event.
    const bag = got.bySource[0];
    expect(bag.touchIds).toEqual(bag.conversionIds);
  });

  it('an order placed from a UTM landing page with no earlier touch is that one-touch path; earlier touches keep the credit when there are some', async () => {
    await ingest([
      { event: 'order.created', actor: 'c1', source: { channel: 'meta', campaign: 'spring-roast' }, properties: { revenue: 36 }, timestamp: NOW - 2000 },
      { event: 'page.viewed', actor: 'c2', attribution: { channel: 'email', campaign: 'newsletter' }, timestamp: NOW - DAY },
      { event: 'order.created', actor: 'c2', source: { channel: 'meta', campaign: 'spring-roast' }, properties: { revenue: 64 }, timestamp: NOW - 1000 },
    ]);
    const got = await ok('query_attribution', { models: ['linear'] });
    expect(rows(got)).toEqual([['email', 1, 64], ['meta', 1, 36]]);
    expect(got.totals).toMatchObject({ conversions: 2, directConversions: 0, touchpoints: 2 });
  });
});
