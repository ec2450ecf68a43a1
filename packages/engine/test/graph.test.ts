import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DOMAINS } from '../src/domains.js';
import { Engine } from '../src/index.js';
import { openLibsqlStore } from '../src/store/libsql/libsql-store.js';
import { MIGRATIONS } from '../src/store/libsql/migrations.js';
import { TRUST_TIER_RULES, trustTierOf } from '../src/domain/graph/trust-tier.js';
import type { EventEnvelope } from '../src/domain/events/envelope.js';
import { expectOk, openTestEngine, type TestEngine } from './support.js';

const T0 = Date.UTC(2026, 10, 1);

interface Entity { type: string; id: string; properties: Record<string, unknown>; firstSeen: number; lastSeen: number; eventCount: number; businessIds: string[] }
interface Relationship { from: { type: string; id: string }; to: { type: string; id: string }; event: string; count: number; firstSeen: number; lastSeen: number; direction?: string }

let t: TestEngine;

async function ingest(events: unknown[]) {
  await expectOk(t.call('ingest_event', { events }));
}

/** A customer scans a product's QR code twice, then orders it; a second customer only views it. */
const SEED = [
  { event: 'qr.scanned', actor: { type: 'customer', id: 'c1', name: 'Ada' }, object: { type: 'product', id: 'eth-250', properties: { sku: 'ETH-250G' } }, source: { channel: 'qr', campaign: 'spring' }, timestamp: T0 + 1000 },
  { event: 'qr.scanned', actor: { type: 'customer', id: 'c1' }, object: { type: 'product', id: 'eth-250', properties: { lot: 'L1' } }, timestamp: T0 + 2000 },
  { event: 'order.created', actor: { type: 'customer', id: 'c1', name: 'Ada L.' }, object: { type: 'order', id: 'o1' }, entity: { type: 'product', id: 'eth-250' }, properties: { revenue: 22 }, timestamp: T0 + 3000, businessId: 'shop' },
  { event: 'product.viewed', actor: { type: 'customer', id: 'c2' }, object: { type: 'product', id: 'eth-250' }, timestamp: T0 + 4000 },
];

beforeEach(async () => {
  t = await openTestEngine({ clock: () => T0 + 86_400_000 });
});
afterEach(async () => {
  await t.engine.close();
});

describe('operating graph', () => {
  it('keeps entities and relationships exactly as the events name them', async () => {
    await ingest(SEED);
    const product = await expectOk<{ entity: Entity; relationships: Relationship[] }>(t.call('get_entity', { type: 'product', id: 'eth-250' }));
    expect(product.entity).toEqual({
      type: 'product', id: 'eth-250', properties: { sku: 'ETH-250G', lot: 'L1' }, firstSeen: T0 + 1000, lastSeen: T0 + 4000, eventCount: 4,
      businessIds: ['default', 'shop'],
    });
    // Incoming only: c1 scanned it twice and ordered it (as the order's entity), c2 viewed it.
    expect(product.relationships.map((r) => [r.direction, r.from.id, r.event, r.count])).toEqual([
      ['in', 'c1', 'order.created', 1],
      ['in', 'c1', 'qr.scanned', 2],
      ['in', 'c2', 'product.viewed', 1],
    ]);
    const scans = product.relationships.find((r) => r.event === 'qr.scanned')!;
    expect([scans.firstSeen, scans.lastSeen]).toEqual([T0 + 1000, T0 + 2000]);
    const customer = await expectOk<{ entity: Entity; relationships: Relationship[] }>(t.call('get_entity', { type: 'customer', id: 'c1', direction: 'out' }));
    // The newest event's name wins.
    expect(customer.entity.properties).toEqual({ name: 'Ada L.' });
    expect(customer.entity.eventCount).toBe(3);
    expect(customer.relationships.map((r) => `${r.to.type}/${r.to.id} ${r.event}`)).toEqual([
      'order/o1 order.created', 'product/eth-250 order.created', 'product/eth-250 qr.scanned',
    ]);
  });

  it('a resent event (same messageId) counts once; a plain string actor is of type actor', async () => {
    const event = { event: 'task.done', actor: 'agent-7', object: { type: 'task', id: 'k1' }, messageId: 'm-1', timestamp: T0 };
    await ingest([event]);
    await ingest([event, { ...event }]);
    const agent = await expectOk<{ entity: Entity; relationships: Relationship[] }>(t.call('get_entity', { type: 'actor', id: 'agent-7' }));
    expect(agent.entity.eventCount).toBe(1);
    expect(agent.relationships.map((r) => r.count)).toEqual([1]);
  });

  it('writes the graph in the event commit: a failing graph write stores neither', async () => {
    await t.engine.services.store.execute(
      "CREATE TRIGGER refuse_graph BEFORE INSERT ON graph_relationships BEGIN SELECT RAISE(ABORT, 'graph write refused'); END",
    );
    const result = await t.call('ingest_event', { event: 'qr.scanned', actor: { type: 'customer', id: 'c9' }, object: { type: 'product', id: 'p9' } });
    expect(result.ok).toBe(false);
    await t.engine.services.store.execute('DROP TRIGGER refuse_graph');
    const events = await expectOk<{ events: unknown[] }>(t.call('query_events', { actorId: 'c9' }));
    expect(events.events).toEqual([]);
    const missing = await t.call('get_entity', { type: 'customer', id: 'c9' });
    expect(missing.ok ? null : missing.error.code).toBe('NOT_FOUND');
  });

  it('stores each event with its trust tier, computed by the documented rules unless it states one', async () => {
    const cases: Array<[EventEnvelope, string]> = [
      [{ event: 'ping' }, 'T0'],
      [{ event: 'ping', actor: 'a' }, 'T1'],
      [{ event: 'ping', source: { channel: 'qr' } }, 'T1'],
      [{ event: 'ping', source: { campaign: 'spring' } }, 'T2'],
      [{ event: 'ping', traceId: 'tr-1' }, 'T2'],
      [{ event: 'ping', decisionId: 'dec_1' }, 'T3'],
      [{ event: 'ping', context: { contextContractId: 'cc_1' } }, 'T3'],
      [{ event: 'ping', proofId: 'pf_1', complianceMapping: { soc2: ['CC7.2'] } }, 'T4'],
      [{ event: 'ping', proofId: 'pf_1', trustTier: 'T1' }, 'T1'],
    ];
    for (const [envelope, tier] of cases) expect(trustTierOf(envelope), JSON.stringify(envelope)).toBe(tier);
    expect(TRUST_TIER_RULES.map((rule) => rule.tier)).toEqual(['T4', 'T3', 'T2', 'T1', 'T0']);
    await ingest(cases.map(([envelope], index) => ({ ...envelope, event: `tier.${index}`, timestamp: T0 + index })));
    const stored = await expectOk<{ events: Array<{ event: string; trustTier: string }> }>(t.call('query_events', { limit: 100 }));
    const byName = new Map(stored.events.map((event) => [event.event, event.trustTier]));
    cases.forEach(([, tier], index) => expect(byName.get(`tier.${index}`)).toBe(tier));
  });

  it('finds the shortest path, and none beyond maxDepth', async () => {
    await ingest(SEED);
    const path = await expectOk<{ found: boolean; length: number; nodes: Entity[]; edges: Relationship[] }>(
      t.call('find_entity_path', { fromType: 'customer', fromId: 'c2', toType: 'order', toId: 'o1' }),
    );
    expect(path.found).toBe(true);
    expect(path.length).toBe(3);
    expect(path.nodes.map((node) => `${node.type}/${node.id}`)).toEqual(['customer/c2', 'product/eth-250', 'customer/c1', 'order/o1']);
    expect(path.edges.map((edge) => edge.event)).toEqual(['product.viewed', 'qr.scanned', 'order.created']);
    const short = await expectOk<{ found: boolean; nodes: unknown[] }>(
      t.call('find_entity_path', { fromType: 'customer', fromId: 'c2', toType: 'order', toId: 'o1', maxDepth: 2 }),
    );
    expect(short).toMatchObject({ found: false, nodes: [] });
    // Directed: c2 → product, but nothing leads from the product on.
    const directed = await expectOk<{ found: boolean }>(
      t.call('find_entity_path', { fromType: 'customer', fromId: 'c2', toType: 'order', toId: 'o1', directed: true }),
    );
    expect(directed.found).toBe(false);
  });

  it('exports a bounded subgraph around seeds, cut by maxNodes', async () => {
    await ingest(SEED);
    const around = await expectOk<{ nodes: Entity[]; edges: Relationship[]; truncated: boolean }>(
      t.call('export_subgraph', { seeds: [{ type: 'customer', id: 'c2' }], depth: 2 }),
    );
    expect(around.nodes.map((node) => `${node.type}/${node.id}`).sort()).toEqual(['customer/c1', 'customer/c2', 'product/eth-250']);
    // Among those three: viewed, scanned, and the order (c1 → product as its entity); the order itself is 3 hops away.
    expect(around.edges.map((edge) => `${edge.from.id} ${edge.event}`).sort()).toEqual(['c1 order.created', 'c1 qr.scanned', 'c2 product.viewed']);
    expect(around.truncated).toBe(false);
    const cut = await expectOk<{ nodes: Entity[]; truncated: boolean }>(t.call('export_subgraph', { types: ['customer', 'product'], maxNodes: 2 }));
    // Newest first; c2 and the product were both last seen by the view, then by type.
    expect(cut.nodes.map((node) => node.id)).toEqual(['c2', 'eth-250']);
    expect(cut.truncated).toBe(true);
  });

  it('pages entities, relationships and timelines with every row exactly once', async () => {
    const events = Array.from({ length: 30 }, (_, index) => ({
      event: index % 2 ? 'item.viewed' : 'item.saved',
      actor: { type: 'customer', id: 'pager' },
      object: { type: 'item', id: `i${String(index).padStart(2, '0')}` },
      timestamp: T0 + Math.floor(index / 3) * 1000, // ties on the same millisecond
    }));
    await ingest(events);
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await expectOk<{ entities: Entity[]; nextCursor: string | null }>(t.call('list_entities', { type: 'item', limit: 7, ...(cursor ? { cursor } : {}) }));
      seen.push(...page.entities.map((entity) => entity.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen.sort()).toEqual(events.map((event) => event.object.id).sort());
    const edges: string[] = [];
    do {
      const page = await expectOk<{ relationships: Relationship[]; nextCursor: string | null }>(
        t.call('get_entity', { type: 'customer', id: 'pager', limit: 4, ...(cursor ? { cursor } : {}) }),
      );
      edges.push(...page.relationships.map((r) => r.to.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(edges).toEqual(events.map((event) => event.object.id).sort());
    const timeline: string[] = [];
    do {
      const page = await expectOk<{ events: Array<{ object: { id: string } }>; nextCursor: string | null }>(
        t.call('get_entity_timeline', { type: 'customer', id: 'pager', limit: 4, ...(cursor ? { cursor } : {}) }),
      );
      timeline.push(...page.events.map((event) => event.object.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(timeline.sort()).toEqual(events.map((event) => event.object.id).sort());
    const bad = await t.call('list_entities', { cursor: 'not-a-cursor' });
    expect(bad.ok ? null : bad.error.toJSON()).toMatchObject({ code: 'INVALID_INPUT', details: { issues: [{ path: 'cursor' }] } });
  });

  it("never shows another workspace's entities", async () => {
    await ingest(SEED);
    const other = await expectOk<{ apiKey: string }>(t.call('create_workspace', { name: 'Other' }));
    const stranger = await t.engine.authenticate({ apiKey: other.apiKey });
    const got = await t.call('get_entity', { type: 'product', id: 'eth-250' }, stranger);
    expect(got.ok ? null : got.error.code).toBe('NOT_FOUND');
    const listed = await expectOk<{ entities: unknown[] }>(t.call('list_entities', {}, stranger));
    expect(listed.entities).toEqual([]);
    const timeline = await t.call('get_entity_timeline', { type: 'customer', id: 'c1' }, stranger);
    expect(timeline.ok ? null : timeline.error.code).toBe('NOT_FOUND');
    const path = await t.call('find_entity_path', { fromType: 'customer', fromId: 'c2', toType: 'order', toId: 'o1' }, stranger);
    expect(path.ok ? null : path.error.code).toBe('NOT_FOUND');
  });

  it('refuses bad input naming the field', async () => {
    const result = await t.call('get_entity', { type: '', id: 'x' });
    expect(result.ok ? null : result.error.toJSON()).toMatchObject({ code: 'INVALID_INPUT', details: { issues: [{ path: 'type' }] } });
    const depth = await t.call('find_entity_path', { fromType: 'a', fromId: 'b', toType: 'c', toId: 'd', maxDepth: 9 });
    expect(depth.ok ? null : depth.error.toJSON()).toMatchObject({ code: 'INVALID_INPUT', details: { issues: [{ path: 'maxDepth' }] } });
  });

  it('aggregates a batch per entity and relationship: the newest properties win, counts add up across batches', async () => {
    const scan = (ts: number, properties: Record<string, unknown>) =>
      ({ event: 'qr.scanned', actor: { type: 'customer', id: 'c1', properties }, object: { type: 'product', id: 'p1' }, timestamp: T0 + ts });
    // One call, one commit: c1 three times, its events out of time order.
    await ingest([scan(1000, { tier: 'silver', city: 'Paris' }), scan(3000, { tier: 'gold' }), scan(2000, { tier: 'bronze', zip: '75' })]);
    const first = await expectOk<{ entity: Entity; relationships: Relationship[] }>(t.call('get_entity', { type: 'customer', id: 'c1' }));
    expect(first.entity).toMatchObject({ properties: { tier: 'gold', city: 'Paris', zip: '75' }, firstSeen: T0 + 1000, lastSeen: T0 + 3000, eventCount: 3 });
    expect(first.relationships.map((r) => [r.to.id, r.count, r.firstSeen, r.lastSeen])).toEqual([['p1', 3, T0 + 1000, T0 + 3000]]);
    // Later commits: an older event fills in a key but overrides none; a newer one overrides; counts add.
    await ingest([scan(500, { tier: 'old', country: 'FR' })]);
    await ingest([scan(4000, { zip: '69' })]);
    const second = await expectOk<{ entity: Entity; relationships: Relationship[] }>(t.call('get_entity', { type: 'customer', id: 'c1' }));
    expect(second.entity).toMatchObject({
      properties: { tier: 'gold', city: 'Paris', zip: '69', country: 'FR' }, firstSeen: T0 + 500, lastSeen: T0 + 4000, eventCount: 5,
    });
    expect(second.relationships.map((r) => [r.to.id, r.count, r.firstSeen, r.lastSeen])).toEqual([['p1', 5, T0 + 500, T0 + 4000]]);
    const product = await expectOk<{ entity: Entity; relationships: Relationship[] }>(t.call('get_entity', { type: 'product', id: 'p1' }));
    expect([product.entity.eventCount, product.relationships.map((r) => [r.direction, r.from.id, r.count])]).toEqual([5, [['in', 'c1', 5]]]);
  });
});

describe('operating graph storage upgrade', () => {
  it('keeps the graph of a database written before integer entity keys (migration 401)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ha-graph-upgrade-'));
    const url = `file:${join(dir, 'graph.db')}`;
    try {
      const all = [...MIGRATIONS, ...DOMAINS.flatMap((domain) => domain.migrations)];
      const old = await openLibsqlStore({ url, migrations: all.filter((migration) => migration.version !== 401) });
      await old.batch([
        `INSERT INTO graph_entities (workspace_id, type, id, properties, first_seen, last_seen, event_count, business_ids) VALUES
          ('w1', 'customer', 'c1', '{"name":"Ada"}', ${T0}, ${T0 + 2000}, 2, '["default"]'),
          ('w1', 'product', 'p1', '{}', ${T0}, ${T0 + 2000}, 2, '["default"]'),
          ('w2', 'customer', 'c1', '{}', ${T0}, ${T0}, 1, '["default"]')`,
        `INSERT INTO graph_relationships (workspace_id, from_type, from_id, to_type, to_id, event, count, first_seen, last_seen) VALUES
          ('w1', 'customer', 'c1', 'product', 'p1', 'qr.scanned', 2, ${T0}, ${T0 + 2000})`,
      ]);
      await old.close();
      const engine = await Engine.open({ databaseUrl: url });
      try {
        const { repo } = engine.services.graph;
        expect(await repo.entity('w1', { type: 'customer', id: 'c1' })).toEqual({
          type: 'customer', id: 'c1', properties: { name: 'Ada' }, firstSeen: T0, lastSeen: T0 + 2000, eventCount: 2, businessIds: ['default'],
        });
        const out = await repo.relationships('w1', { type: 'customer', id: 'c1' }, { directions: ['out', 'in'], limit: 10 });
        expect(out.map((r) => [r.direction, r.to.id, r.event, r.count])).toEqual([['out', 'p1', 'qr.scanned', 2]]);
        expect(await repo.relationships('w2', { type: 'customer', id: 'c1' }, { directions: ['out', 'in'], limit: 10 })).toEqual([]);
        // New writes add to the upgraded rows.
        await engine.services.store.commit(repo.writes({
          entities: [['w1', 'customer', 'c1', { tier: 'gold' }, T0 + 3000, T0 + 3000, 1, ['default']], ['w1', 'product', 'p1', {}, T0 + 3000, T0 + 3000, 1, ['default']]],
          relationships: [['w1', 'customer', 'c1', 'product', 'p1', 'qr.scanned', 1, T0 + 3000, T0 + 3000]],
          links: [],
        }));
        expect(await repo.entity('w1', { type: 'customer', id: 'c1' })).toMatchObject({ properties: { name: 'Ada', tier: 'gold' }, lastSeen: T0 + 3000, eventCount: 3 });
        const incoming = await repo.relationships('w1', { type: 'product', id: 'p1' }, { directions: ['in'], limit: 10 });
        expect(incoming.map((r) => [r.from.id, r.count, r.lastSeen])).toEqual([['c1', 3, T0 + 3000]]);
      } finally {
        await engine.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
