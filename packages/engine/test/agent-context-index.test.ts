import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { IntelligenceRepo, Window } from '../src/domain/intelligence/intelligence-repo.js';
import { indexedIntelligenceRepo, libsqlIntelligenceRepo } from '../src/store/libsql/intelligence.js';
import { expectOk, openTestEngine, type TestEngine } from './support.js';

const NOW = Date.UTC(2026, 5, 15, 12, 0, 0);
const DAY = 86_400_000;
const NAMES = ['order.created', 'qr.scanned', 'campaign.scale.executed', 'lead.created', 'nothing.sent'];

let t: TestEngine;
let trackable: string;
beforeEach(async () => {
  t = await openTestEngine({ clock: () => NOW });
  await expectOk(t.call('create_trackable', { kind: 'qr_code', name: 'Bag', targetUrl: 'https://example.com/bag' }));
  trackable = (await expectOk<{ trackables: Array<{ id: string }> }>(t.call('list_trackables', {}))).trackables[0]!.id;
});
afterEach(() => t.engine.close());

/** Deterministic pseudo-random events of the names agent context explains and checks, with every field it reads. */
function events(count: number, seed: number, businessId?: string, span = 40 * DAY): Record<string, unknown>[] {
  let state = seed;
  const random = () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
  return Array.from({ length: count }, (_, index) => {
    const base = { timestamp: NOW - Math.floor(random() * span), actor: pick(['a1', 'a2', 'a3']), ...(businessId ? { businessId } : {}) };
    const kind = random();
    if (kind < 0.3) {
      return {
        ...base, event: 'order.created', source: { channel: pick(['web', 'qr']), campaign: pick(['c1', 'c2', 'c3']) },
        properties: { revenue: pick([10, 2.5, '7', null]), ...(random() < 0.3 ? { productId: pick(['p1', 'p2']) } : {}) },
        ...(random() < 0.2 ? { object: { type: 'product', id: 'p9' } } : {}),
      };
    }
    if (kind < 0.55) return { ...base, event: 'qr.scanned', source: { channel: 'qr' }, ...(random() < 0.8 ? { trackable: { id: pick([trackable, 'bag-x', 'bag-y']) } } : {}) };
    if (kind < 0.8) {
      return {
        ...base, event: 'campaign.scale.executed', ...(random() < 0.5 ? { decisionId: `dec-${index}` } : {}),
        ...(random() < 0.7 ? { trustTier: pick(['T1', 'T2', 'T3', 'T4']) } : {}), entity: { type: 'campaign', id: pick(['c1', 'c2']) },
      };
    }
    return { ...base, event: 'lead.created', attribution: { campaign: pick(['c1', 'c4']) } };
  });
}

const ingest = (list: Record<string, unknown>[], as = t) => expectOk(as.call('ingest_event', { events: list }));

/** Every event-scanning read of agent context, answered by the fact index and by SQL alone, must agree. */
async function expectSame(engine: TestEngine, businessId = 'default') {
  const { services } = engine.engine;
  const indexed: IntelligenceRepo = services.intelligence.deps.repo;
  const sql = libsqlIntelligenceRepo(services.analytics.reader);
  const workspaceId = engine.principal.workspaceId;
  const windows: Window[] = [{ from: NOW - 7 * DAY, to: NOW }, { from: NOW - 14 * DAY, to: NOW - 7 * DAY - 1 }, { from: NOW - 3 * DAY, to: NOW - DAY }];
  const scope = { workspaceId, businessId, from: NOW - 20 * DAY, to: NOW, sample: 5 };
  const reads = (repo: IntelligenceRepo) =>
    Promise.all([
      repo.cells(workspaceId, businessId, NAMES, windows),
      repo.cells(workspaceId, businessId, ['qr.scanned'], windows.slice(0, 1)),
      repo.events({ ...scope, eventNames: NAMES }),
      repo.withoutDecision({ ...scope, eventNames: ['campaign.scale.executed'] }),
      repo.belowTier({ ...scope, eventNames: ['campaign.scale.executed', 'order.created'], minTier: 'T3', sample: 10 }),
      repo.unregisteredTrackable({ ...scope, eventNames: ['qr.scanned'] }),
      repo.withoutDecision({ ...scope, eventNames: [] }),
      repo.hours(workspaceId, businessId, NOW - 30 * DAY, NOW),
    ]);
  const [fromIndex, fromSql] = [await reads(indexed), await reads(sql)];
  expect(fromIndex).toEqual(fromSql);
  return fromIndex;
}

describe('agent-context fact index', () => {
  it('answers the driver cells and the gap samples exactly as SQL does', async () => {
    const { id: shop } = await expectOk<{ id: string }>(t.call('create_project', { name: 'shop' }));
    await ingest(events(500, 1));
    await ingest(events(100, 2, shop));
    const [cells, , all] = await expectSame(t);
    expect(cells.length).toBeGreaterThan(20);
    expect(all.count).toBeGreaterThan(100);
    await expectSame(t, shop);
    await expectSame(t, 'nobody');
  });

  it('sees later events, drops purged ones and a deleted project, and keeps workspaces apart', async () => {
    const { id: shop } = await expectOk<{ id: string }>(t.call('create_project', { name: 'shop' }));
    await ingest(events(200, 3, undefined, 60 * DAY));
    await ingest(events(100, 4, shop));
    const first = await expectSame(t);
    await ingest(events(100, 5));
    await ingest(events(20, 6).map((event) => ({ ...event, timestamp: NOW - 15 * DAY })));
    const later = await expectSame(t);
    expect(later[2].count).toBeGreaterThan(first[2].count);

    await expectOk(t.call('update_account', { limits: { retention_days: 10 } }));
    await t.engine.services.retention.purge(t.principal.workspaceId);
    const purged = await expectSame(t);
    expect(purged[2].count).toBeLessThan(later[2].count);

    expect((await expectSame(t, shop))[2].count).toBeGreaterThan(0);
    await expectOk(t.call('delete_project', { id: shop }));
    expect((await expectSame(t, shop))[2].count).toBe(0);

    const created = await expectOk<{ apiKey: string }>(t.call('create_workspace', { name: 'Other' }));
    const principal = await t.engine.authenticate({ apiKey: created.apiKey });
    const other: TestEngine = { ...t, principal, call: (name, input) => t.engine.invoke(name, input, { principal, surface: 'internal' }) };
    await ingest(events(50, 7), other);
    const theirs = await expectSame(other);
    expect(theirs[2].count).toBeGreaterThan(0);
    expect(await expectSame(t)).toEqual(await expectSame(t));
  });
});
