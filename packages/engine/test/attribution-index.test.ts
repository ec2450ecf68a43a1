import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ATTRIBUTION_MODELS, AttributionService, type AttributionQuery } from '../src/domain/attribution/attribution-service.js';
import { libsqlAttributionSqlRepo } from '../src/store/libsql/attribution.js';
import { expectOk, openTestEngine, type TestEngine } from './support.js';

const NOW = Date.UTC(2026, 5, 15, 12, 0, 0);
const DAY = 86_400_000;

let t: TestEngine;
beforeEach(async () => {
  t = await openTestEngine({ clock: () => NOW });
});
afterEach(() => t.engine.close());

/** Deterministic pseudo-random events: touches of every kind, orders with and without revenue, untouched events. */
function events(count: number, seed: number, businessId?: string, span = 60 * DAY): Record<string, unknown>[] {
  let state = seed;
  const random = () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
  const channels = ['email', 'social', 'search', 'direct', '(none)'];
  const campaigns = ['spring', 'newsletter', null];
  return Array.from({ length: count }, (_, index) => {
    const actor = pick(['a1', 'a2', 'a3', 'a4', 'b1', 'B1', 'é1', 'z9']);
    const timestamp = NOW - Math.floor(random() * span);
    const base = { actor, timestamp, ...(businessId ? { businessId } : {}) };
    const kind = random();
    if (kind < 0.2) return { ...base, event: 'order.created', properties: { revenue: Math.floor(random() * 100) } };
    if (kind < 0.25) return { ...base, event: 'order.created', outcome: { revenue: 7 }, source: { channel: pick(channels) } };
    if (kind < 0.3) return { ...base, event: 'lead.created', properties: { utm_source: pick(channels), utm_campaign: 'leadgen' } };
    if (kind < 0.4) return { ...base, event: 'page.viewed', properties: { note: index } };
    if (kind < 0.6) return { ...base, event: 'qr.scanned', source: { channel: 'qr', campaign: pick(campaigns) }, trackable: { id: `bag-${index % 3}` } };
    const campaign = pick(campaigns);
    return { ...base, event: 'page.viewed', attribution: { channel: pick(channels), medium: pick(['web', 'cpc']), ...(campaign ? { campaign } : {}) } };
  });
}

const ingest = (list: Record<string, unknown>[], as = t) => expectOk(as.call('ingest_event', { events: list }));

/** The same query answered by the in-memory index and by SQL alone. */
async function both(engine: TestEngine, query: Partial<AttributionQuery> = {}) {
  const services = engine.engine.services;
  const sql = new AttributionService(libsqlAttributionSqlRepo((statement, args) => services.analytics.reader.all(statement, args)));
  const full: AttributionQuery = { workspaceId: engine.principal.workspaceId, from: NOW - 40 * DAY, to: NOW, models: ATTRIBUTION_MODELS, limit: 20, ...query };
  return { index: await services.attribution.query(full), sql: await sql.query(full) };
}

async function expectSame(engine: TestEngine, query: Partial<AttributionQuery> = {}) {
  const { index, sql } = await both(engine, query);
  expect(index).toEqual(sql);
  return index;
}

describe('attribution path index', () => {
  it('answers every model exactly as SQL does, for any window, business, lookback and conversion event', async () => {
    const { id: shop } = await expectOk<{ id: string }>(t.call('create_project', { name: 'shop' }));
    await ingest(events(400, 1));
    await ingest(events(200, 2, shop));
    const all = await expectSame(t);
    expect(all.totals.conversions).toBeGreaterThan(50);
    expect(all.totals.directConversions).toBeGreaterThan(0);
    await expectSame(t, { businessId: shop });
    await expectSame(t, { businessId: 'nobody' });
    await expectSame(t, { from: NOW - 10 * DAY, to: NOW - 2 * DAY, lookbackMs: 3 * DAY, halfLifeMs: DAY });
    await expectSame(t, { conversionEvent: 'lead.created' });
    await expectSame(t, { conversionEvent: 'nothing.happened' });
    // The first conversion event again, after the index added another.
    await expectSame(t, { businessId: 'default', limit: 3 });
  });

  it('answers as SQL does for conversions without an actor and conversions carrying their own source', async () => {
    const own = events(300, 13).map((event, index) => {
      if (event.event !== 'order.created') return event;
      const { actor: _actor, ...anonymous } = event;
      if (index % 3 === 0) return { ...anonymous, properties: { ...(event.properties as object), source: 'bag_qr', campaign: 'spring-launch' } };
      if (index % 3 === 1) return { ...event, source: { channel: 'meta', campaign: 'spring-roast' } };
      return anonymous;
    });
    await ingest(own);
    const answer = await expectSame(t);
    expect(answer.results[0]!.bySource.map((row) => row.value)).toEqual(expect.arrayContaining(['bag_qr', 'direct']));
    await expectSame(t, { from: NOW - 20 * DAY, to: NOW - DAY, lookbackMs: 2 * DAY });
  });

  it('sees events ingested after it loaded, late (backfilled) ones included', async () => {
    await ingest(events(200, 3));
    const before = await expectSame(t);
    await ingest(events(150, 4));
    await ingest(events(50, 5).map((event) => ({ ...event, timestamp: NOW - 39 * DAY })));
    const after = await expectSame(t);
    expect(after.totals.conversions).toBeGreaterThan(before.totals.conversions);
  });

  it('drops events a retention purge deleted', async () => {
    await ingest(events(300, 6, undefined, 90 * DAY));
    const wide = { from: NOW - 90 * DAY };
    const before = await expectSame(t, wide);
    await expectOk(t.call('update_account', { limits: { retention_days: 30 } }));
    await t.engine.services.retention.purge(t.principal.workspaceId);
    const after = await expectSame(t, wide);
    expect(after.totals.conversions).toBeLessThan(before.totals.conversions);
    await ingest(events(20, 7, undefined, 5 * DAY));
    await expectSame(t, wide);
  });

  it("drops a deleted project's events", async () => {
    const { id: shop } = await expectOk<{ id: string }>(t.call('create_project', { name: 'shop' }));
    await ingest(events(200, 8));
    await ingest(events(200, 9, shop));
    const before = await expectSame(t);
    expect((await expectSame(t, { businessId: shop })).totals.conversions).toBeGreaterThan(0);
    await expectOk(t.call('delete_project', { id: shop }));
    const after = await expectSame(t);
    expect(after.totals.conversions).toBeLessThan(before.totals.conversions);
    expect((await expectSame(t, { businessId: shop })).totals.conversions).toBe(0);
  });

  it('keeps each workspace to its own events', async () => {
    const created = await expectOk<{ apiKey: string }>(t.call('create_workspace', { name: 'Other' }));
    const principal = await t.engine.authenticate({ apiKey: created.apiKey });
    const other: TestEngine = { ...t, principal, call: (name, input) => t.engine.invoke(name, input, { principal, surface: 'internal' }) };
    await ingest(events(300, 10));
    await ingest(events(100, 11), other);
    const ours = await expectSame(t);
    const theirs = await expectSame(other);
    expect(theirs.totals.conversions).toBeLessThan(ours.totals.conversions);
    await ingest(events(100, 12), other);
    expect((await expectSame(t)).totals).toEqual(ours.totals);
    expect((await expectSame(other)).totals.conversions).toBeGreaterThan(theirs.totals.conversions);
  });
});
