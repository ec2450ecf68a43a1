import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NOW, startBridge, type Bridge } from './rest-harness.js';

const T0 = Date.UTC(2026, 3, 10, 9, 0, 0);
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** Five actors through scan → view → order; a4 never scans, a5 skips the view. */
const SEED = [
  { event: 'qr.bottle_scanned', actor: 'a1', timestamp: T0 },
  { event: 'page.product_viewed', actor: 'a1', timestamp: T0 + 10 * MINUTE },
  { event: 'order.created', actor: 'a1', timestamp: T0 + 20 * MINUTE, properties: { revenue: 149 } },
  { event: 'qr.bottle_scanned', actor: 'a2', timestamp: T0 + HOUR },
  { event: 'page.product_viewed', actor: 'a2', timestamp: T0 + HOUR + 10 * MINUTE },
  { event: 'qr.bottle_scanned', actor: 'a3', timestamp: T0 + 2 * HOUR },
  { event: 'qr.bottle_scanned', actor: 'a5', timestamp: T0 + 3 * HOUR },
  { event: 'order.created', actor: 'a5', timestamp: T0 + 3 * HOUR + 30 * MINUTE, properties: { revenue: 22 } },
  { event: 'page.product_viewed', actor: 'a4', timestamp: T0 + 4 * HOUR },
  { event: 'order.created', actor: 'a4', timestamp: T0 + 4 * HOUR + 10 * MINUTE, properties: { revenue: 50 } },
];

describe('REST aliases of the core tools', () => {
  let bridge: Bridge;
  let seededIds: string[];

  beforeAll(async () => {
    bridge = await startBridge();
    const reply = await bridge.request('POST', '/api/ingest', { body: { events: SEED, returnIds: true } });
    expect(reply.status).toBe(200);
    seededIds = reply.body.ids;
  });
  afterAll(() => bridge.close());

  it('POST /api/ingest stores a batch and returns the ids in input order', () => {
    expect(seededIds).toHaveLength(10);
    expect(new Set(seededIds).size).toBe(10);
  });

  it('POST /api/ingest with a repeated messageId stores one event', async () => {
    const event = { event: 'signup.completed', actor: 'dup', timestamp: T0 + 5 * HOUR, messageId: 'msg-1' };
    const first = await bridge.request('POST', '/api/ingest', { body: event });
    const second = await bridge.request('POST', '/api/ingest', { body: event });
    expect(first.body).toEqual({ accepted: 1, duplicates: 0, ids: [expect.any(String)] });
    expect(second.body).toEqual({ accepted: 0, duplicates: 1, ids: first.body.ids });
    const listed = await bridge.request('GET', '/api/events?event=signup.completed');
    expect(listed.body.events.map((stored: { id: string }) => stored.id)).toEqual(first.body.ids);
  });

  it('GET /api/events filters by query parameters, newest first, with a working cursor', async () => {
    const page1 = await bridge.request('GET', '/api/events?event=order.created&limit=2');
    expect(page1.status).toBe(200);
    expect(page1.body.events.map((stored: { actor: string }) => stored.actor)).toEqual(['a4', 'a5']);
    const page2 = await bridge.request('GET', `/api/events?event=order.created&limit=2&cursor=${page1.body.nextCursor}`);
    expect(page2.body.events.map((stored: { actor: string }) => stored.actor)).toEqual(['a1']);
    expect(page2.body.nextCursor).toBeNull();
    const byActor = await bridge.request('GET', `/api/events?actorId=a1&from=${T0}&to=${T0 + 15 * MINUTE}`);
    expect(byActor.body.events.map((stored: { event: string }) => stored.event)).toEqual(['page.product_viewed', 'qr.bottle_scanned']);
  });

  it('POST /api/metrics/query counts and sums exactly', async () => {
    const reply = await bridge.request('POST', '/api/metrics/query', {
      body: { eventNames: ['qr.bottle_scanned', 'page.product_viewed', 'order.created'], from: T0, to: T0 + 24 * HOUR },
    });
    expect(reply.status).toBe(200);
    expect(reply.body.totalEvents).toBe(10);
    const byEvent = Object.fromEntries(reply.body.metrics.map((metric: { event: string }) => [metric.event, metric]));
    expect(byEvent['qr.bottle_scanned']).toMatchObject({ count: 4 });
    expect(byEvent['page.product_viewed']).toMatchObject({ count: 3 });
    expect(byEvent['order.created']).toMatchObject({ count: 3, sums: { 'properties.revenue': 221 } });
    const narrow = await bridge.request('POST', '/api/metrics/query', { body: { eventName: 'order.created', from: T0, to: T0 + 3 * HOUR + 30 * MINUTE } });
    expect(narrow.body.metrics).toEqual([{ event: 'order.created', count: 2, sums: { 'properties.revenue': 171 } }]);
  });

  it('POST /api/metrics/query with persistSnapshots: true stores a snapshot (save_metrics_snapshot), only with the write scope', async () => {
    const body = { eventName: 'order.created', from: T0, to: T0 + 24 * HOUR };
    const read = await bridge.request('POST', '/api/metrics/query', { body: { ...body, persistSnapshots: false } });
    expect(read.status).toBe(200);
    expect(read.body).not.toHaveProperty('snapshotId');
    const saved = await bridge.request('POST', '/api/metrics/query', { body: { ...body, persistSnapshots: true } });
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ metrics: read.body.metrics, snapshotId: expect.stringMatching(/^snap_/) });
    const stored = await bridge.engine.services.store.execute('SELECT id FROM metric_snapshots');
    expect(stored.rows.map((row) => row.id)).toEqual([saved.body.snapshotId]);
    const bad = await bridge.request('POST', '/api/metrics/query', { body: { ...body, persistSnapshots: 'yes' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.issues).toEqual([expect.objectContaining({ path: 'persistSnapshots' })]);
    const reader = await bridge.request('POST', '/api/keys', { body: { name: 'metrics-reader', scopes: ['read'] } });
    const denied = await bridge.request('POST', '/api/metrics/query', { key: reader.body.apiKey, body: { ...body, persistSnapshots: true } });
    expect(denied.status).toBe(403);
    expect(denied.body.error.message).toContain("'write' scope");
    expect((await bridge.request('POST', '/api/metrics/query', { key: reader.body.apiKey, body })).status).toBe(200);
    expect((await bridge.engine.services.store.execute('SELECT id FROM metric_snapshots')).rows).toHaveLength(1);
  });

  it('GET /api/tools lists the toolsets, and for a key only the tools its scopes allow', async () => {
    const everything = await bridge.request('GET', '/api/tools', { key: null });
    expect(everything.status).toBe(200);
    const all = everything.body.tools.map((tool: { name: string }) => tool.name);
    expect(all).toEqual(bridge.engine.registry.descriptors().map((tool) => tool.name));
    expect(everything.body.toolsets.flatMap((toolset: { tools: string[] }) => toolset.tools).sort()).toEqual([...all].sort());
    expect(everything.body.toolsets.find((toolset: { name: string }) => toolset.name === 'events')).toMatchObject({ default: true, description: expect.any(String) });
    const reader = await bridge.request('POST', '/api/keys', { body: { name: 'catalog-reader', scopes: ['read'] } });
    const readable = await bridge.request('GET', '/api/tools', { key: reader.body.apiKey });
    const names = readable.body.tools.map((tool: { name: string }) => tool.name);
    expect(names).toEqual(bridge.engine.registry.descriptors({ scopes: ['read'] }).map((tool) => tool.name));
    expect(names).not.toContain('ingest_event');
    const admin = readable.body.toolsets.find((toolset: { name: string }) => toolset.name === 'admin');
    expect(admin.tools).toEqual([]);
  });

  it('POST /api/funnels/query gives exact per-step counts', async () => {
    const reply = await bridge.request('POST', '/api/funnels/query', {
      body: {
        steps: [
          { name: 'Scan', event: 'qr.bottle_scanned' },
          { name: 'Product View', event: 'page.product_viewed' },
          { name: 'Order', event: 'order.created' },
        ],
        from: T0,
        to: T0 + 24 * HOUR,
      },
    });
    expect(reply.status).toBe(200);
    expect(reply.body.steps).toEqual([
      { name: 'Scan', event: 'qr.bottle_scanned', count: 4, conversionRate: 1, conversionFromStart: 1, dropOff: 0 },
      { name: 'Product View', event: 'page.product_viewed', count: 2, conversionRate: 0.5, conversionFromStart: 0.5, dropOff: 2 },
      { name: 'Order', event: 'order.created', count: 1, conversionRate: 0.5, conversionFromStart: 0.25, dropOff: 1 },
    ]);
    expect(reply.body.overallConversionRate).toBe(0.25);
  });

  it('POST /api/tools/{name} answers exactly like the alias', async () => {
    const body = { steps: [{ event: 'qr.bottle_scanned' }, { event: 'order.created' }], from: T0, to: T0 + 24 * HOUR };
    const viaAlias = await bridge.request('POST', '/api/funnels/query', { body });
    const viaTool = await bridge.request('POST', '/api/tools/query_funnel', { body });
    expect(viaTool.status).toBe(200);
    expect(viaTool.body).toEqual(viaAlias.body);
    expect(viaTool.body.steps.map((step: { count: number }) => step.count)).toEqual([4, 2]);
  });

  it('GET /api/tools lists every registry tool with its schemas', async () => {
    const reply = await bridge.request('GET', '/api/tools', { key: null });
    expect(reply.status).toBe(200);
    const names = reply.body.tools.map((tool: { name: string }) => tool.name).sort();
    expect(names).toEqual(bridge.engine.registry.descriptors().map((tool) => tool.name).sort());
    expect(reply.body.tools.find((tool: { name: string }) => tool.name === 'ingest_event').inputSchema.type).toBe('object');
  });

  it('GET /api/health needs no key, checks a sent one, and coerces strict=1', async () => {
    const open = await bridge.request('GET', '/api/health', { key: null });
    expect(open.status).toBe(200);
    expect(open.body).toMatchObject({ status: 'degraded', ready: true, store: { backend: 'libsql', mode: 'memory', ok: true } });
    const badKey = await bridge.request('GET', '/api/health', { key: 'ha_live_notarealkeynotarealkey' });
    expect(badKey.status).toBe(401);
    const strict = await bridge.request('GET', '/api/health?strict=1', { key: null });
    expect(strict.status).toBe(503);
    expect(strict.body.error.code).toBe('UNAVAILABLE');
    expect(strict.body.error.message).toContain('store.durable');
  });
});

describe('REST workspaces and keys', () => {
  let bridge: Bridge;
  beforeAll(async () => {
    bridge = await startBridge();
    await bridge.request('POST', '/api/ingest', { body: { event: 'order.created', actor: 'x', timestamp: T0 } });
  });
  afterAll(() => bridge.close());

  it('POST /api/workspaces returns 201 and a key that sees only the new workspace', async () => {
    const created = await bridge.request('POST', '/api/workspaces', { body: { name: 'Second brand' } });
    expect(created.status).toBe(201);
    expect(created.body.workspace).toMatchObject({ name: 'Second brand', defaultBusinessId: 'default' });
    expect(created.body.apiKey).toMatch(/^ha_live_/);
    const otherKey: string = created.body.apiKey;
    const theirs = await bridge.request('GET', '/api/events', { key: otherKey });
    expect(theirs.status).toBe(200);
    expect(theirs.body.events).toEqual([]);
    const theirMetrics = await bridge.request('POST', '/api/metrics/query', { key: otherKey, body: { from: T0, to: NOW } });
    expect(theirMetrics.body.totalEvents).toBe(0);
    const ours = await bridge.request('GET', '/api/events');
    expect(ours.body.events).toHaveLength(1);
  });

  it('POST /api/keys (201), GET /api/keys, scope checks, DELETE /api/keys/{keyId} revokes', async () => {
    const created = await bridge.request('POST', '/api/keys', { body: { name: 'reader', scopes: ['read'] } });
    expect(created.status).toBe(201);
    expect(created.body.key).toMatchObject({ name: 'reader', scopes: ['read'], environment: 'live', revokedAt: null });
    const readerKey: string = created.body.apiKey;
    const listed = await bridge.request('GET', '/api/keys');
    expect(listed.body.keys.map((key: { name: string }) => key.name).sort()).toEqual(['admin', 'reader']);
    expect(JSON.stringify(listed.body)).not.toContain(readerKey);

    expect((await bridge.request('GET', '/api/events', { key: readerKey })).status).toBe(200);
    const write = await bridge.request('POST', '/api/ingest', { key: readerKey, body: { event: 'nope' } });
    expect(write.status).toBe(403);
    expect(write.body.error.code).toBe('FORBIDDEN');

    const revoked = await bridge.request('DELETE', `/api/keys/${created.body.key.id}`);
    expect(revoked.status).toBe(200);
    expect(revoked.body.key).toMatchObject({ id: created.body.key.id, revokedAt: NOW });
    const after = await bridge.request('GET', '/api/events', { key: readerKey });
    expect(after.status).toBe(401);
    expect(after.body.error).toMatchObject({ code: 'UNAUTHENTICATED', message: expect.stringContaining('revoked') });
    expect(after.headers.get('www-authenticate')).toMatch(/^Bearer/);
    const missing = await bridge.request('DELETE', '/api/keys/key_does_not_exist');
    expect(missing.status).toBe(404);
  });
});
