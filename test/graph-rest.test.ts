import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NOW, startBridge, type Bridge } from './rest-harness.js';

/** The operating graph over REST: the routes of /api/graph, tenancy, bad input, and the graph switched off. */
let bridge: Bridge;

const EVENTS = [
  { event: 'qr.bottle_scanned', actor: { type: 'customer', id: 'anon_123' }, object: { type: 'product', id: 'olive oil/500ml', properties: { lot: 'L2026-04' } }, source: { channel: 'qr', campaign: 'spring-launch' }, timestamp: NOW - 3000 },
  { event: 'order.created', actor: { type: 'customer', id: 'anon_123' }, object: { type: 'order', id: 'o-1' }, timestamp: NOW - 2000 },
  { event: 'qr.bottle_scanned', actor: { type: 'customer', id: 'anon_456' }, object: { type: 'product', id: 'olive oil/500ml' }, timestamp: NOW - 1000 },
];

beforeAll(async () => {
  bridge = await startBridge();
  const ingested = await bridge.request('POST', '/api/ingest', { body: { events: EVENTS } });
  expect(ingested.status).toBe(200);
});
afterAll(() => bridge.close());

describe('operating graph over REST', () => {
  it('GET /api/graph/entities/{type}/{id}: the entity (an id with a slash and a space, encoded) and its neighbours', async () => {
    const reply = await bridge.request('GET', `/api/graph/entities/product/${encodeURIComponent('olive oil/500ml')}`);
    expect(reply.status).toBe(200);
    expect(reply.body.entity).toMatchObject({ type: 'product', id: 'olive oil/500ml', properties: { lot: 'L2026-04' }, eventCount: 2, firstSeen: NOW - 3000, lastSeen: NOW - 1000 });
    expect(reply.body.relationships.map((r: { direction: string; from: { id: string } }) => `${r.direction} ${r.from.id}`)).toEqual(['in anon_123', 'in anon_456']);
  });

  it('lists entities, pages a timeline and finds a path with query parameters; exports with a body', async () => {
    const listed = await bridge.request('GET', '/api/graph/entities?type=customer&limit=1');
    expect(listed.body.entities.map((entity: { id: string }) => entity.id)).toEqual(['anon_456']);
    const next = await bridge.request('GET', `/api/graph/entities?type=customer&limit=1&cursor=${listed.body.nextCursor}`);
    expect(next.body).toMatchObject({ entities: [{ id: 'anon_123' }], nextCursor: null });
    const timeline = await bridge.request('GET', '/api/graph/entities/customer/anon_123/timeline?limit=1&responseFormat=concise');
    expect(timeline.body.events.map((event: { event: string; trustTier: string }) => [event.event, event.trustTier])).toEqual([['order.created', 'T1']]);
    const older = await bridge.request('GET', `/api/graph/entities/customer/anon_123/timeline?limit=5&cursor=${timeline.body.nextCursor}`);
    expect(older.body.events.map((event: { event: string; trustTier: string }) => [event.event, event.trustTier])).toEqual([['qr.bottle_scanned', 'T2']]);
    const path = await bridge.request('GET', '/api/graph/path?fromType=customer&fromId=anon_456&toType=order&toId=o-1');
    expect(path.body).toMatchObject({ found: true, length: 3 });
    expect(path.body.nodes.map((node: { id: string }) => node.id)).toEqual(['anon_456', 'olive oil/500ml', 'anon_123', 'o-1']);
    const exported = await bridge.request('POST', '/api/graph/export', { body: { seeds: [{ type: 'order', id: 'o-1' }], depth: 3, maxNodes: 3 } });
    expect(exported.status).toBe(200);
    expect(exported.body.nodes).toHaveLength(3);
    expect(exported.body.truncated).toBe(true);
  });

  it("answers 404 for another workspace's entity and 400 naming a bad field", async () => {
    const created = await bridge.request('POST', '/api/workspaces', { body: { name: 'Other' } });
    const otherKey = created.body.apiKey as string;
    expect(typeof otherKey).toBe('string');
    const foreign = await bridge.request('GET', '/api/graph/entities/customer/anon_123', { key: otherKey });
    expect(foreign.status).toBe(404);
    expect(foreign.body.error.code).toBe('NOT_FOUND');
    const bad = await bridge.request('GET', '/api/graph/path?fromType=customer&fromId=anon_456&toType=order&toId=o-1&maxDepth=99');
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.issues.map((issue: { path: string }) => issue.path)).toEqual(['maxDepth']);
  });
});

describe('with the graph off (HA_GRAPH=off)', () => {
  it('stores events with their trust tier and keeps no entities', async () => {
    const off = await startBridge({ graph: false });
    try {
      expect((await off.request('POST', '/api/ingest', { body: EVENTS[0] })).status).toBe(200);
      const events = await off.request('GET', '/api/events?limit=5');
      expect(events.body.events.map((event: { trustTier: string }) => event.trustTier)).toEqual(['T2']);
      expect((await off.request('GET', '/api/graph/entities/customer/anon_123')).status).toBe(404);
    } finally {
      await off.close();
    }
  });
});
