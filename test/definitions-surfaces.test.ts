import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NOW, startBridge, type Bridge } from './rest-harness.js';
import { runHa } from './ha-cli.js';

/** Metric definitions over the real REST bridge and the `ha` CLI (remote, against the same server). */

const DAY = 86_400_000;
// December 2025 (the spec's range): 40 orders, one a day at noon from Dec 1, revenue 10 + day index.
const ORDERS = Array.from({ length: 40 }, (_, index) => ({
  event: 'order.created',
  actor: { type: 'customer', id: `c${index % 6}` },
  source: { channel: index % 2 === 0 ? 'qr' : 'web' },
  timestamp: Date.UTC(2025, 11, 1, 12) + index * DAY,
  properties: { revenue: 10 + index },
}));
const DECEMBER = ORDERS.filter((order) => order.timestamp <= 1767225599000);

let bridge: Bridge;
beforeAll(async () => {
  bridge = await startBridge();
  expect((await bridge.request('POST', '/api/ingest', { body: { events: ORDERS } })).status).toBe(200);
});
afterAll(() => bridge.close());

const ha = (args: string[]) => runHa(args, { HA_API_URL: bridge.url, HA_API_KEY: bridge.adminKey });

describe('metric definitions over REST', () => {
  it('creates, versions and queries definitions on their routes; POST /api/metrics/query takes metricId, and the spec body still works verbatim', async () => {
    const created = await bridge.request('POST', '/api/metrics/definitions', {
      body: { id: 'revenue', name: 'Revenue', kind: 'sum', eventNames: ['order.created'], property: 'properties.revenue', currency: 'USD' },
    });
    expect([created.status, created.body.version]).toEqual([201, 1]);
    const patched = await bridge.request('PATCH', '/api/metrics/definitions/revenue', { body: { filters: [{ field: 'source.channel', op: 'eq', value: 'qr' }] } });
    expect([patched.status, patched.body.version, patched.body.changed]).toEqual([200, 2, true]);
    expect((await bridge.request('GET', '/api/metrics/definitions/revenue?version=1')).body.filters).toEqual([]);
    const range = { from: 1764547200000, to: 1767225599000 };
    const total = DECEMBER.reduce((sum, order) => sum + order.properties.revenue, 0);
    const qrTotal = DECEMBER.filter((order) => order.source.channel === 'qr').reduce((sum, order) => sum + order.properties.revenue, 0);
    const v1 = await bridge.request('POST', '/api/metrics/definitions/revenue/query', { body: { ...range, version: 1, interval: 'week' } });
    expect([v1.status, v1.body.metricId, v1.body.version, v1.body.value]).toEqual([200, 'revenue', 1, total]);
    const viaMetrics = await bridge.request('POST', '/api/metrics/query', { body: { metricId: 'revenue', ...range, interval: 'day' } });
    expect(viaMetrics.status).toBe(200);
    expect(viaMetrics.body.definition).toMatchObject({ metricId: 'revenue', version: 2, value: qrTotal });
    expect(viaMetrics.body.definition.buckets).toHaveLength(31);
    expect(viaMetrics.body.metrics).toEqual([expect.objectContaining({ event: 'order.created', count: DECEMBER.length })]);
    // The spec's body, verbatim: a snapshot of the event counts.
    const spec = await bridge.request('POST', '/api/metrics/query', { body: { eventName: 'order.created', ...range, persistSnapshots: true } });
    expect(spec.status).toBe(200);
    expect(spec.body.snapshotId).toMatch(/^snap_/);
    // With metricId, persistSnapshots stores the definition's value, id and version beside the counts.
    const persisted = await bridge.request('POST', '/api/metrics/query', { body: { metricId: 'revenue', ...range, persistSnapshots: true } });
    expect([persisted.status, persisted.body.definition.value]).toEqual([200, qrTotal]);
    await bridge.request('POST', '/api/ingest', { body: { ...ORDERS[0], properties: { revenue: 500 }, timestamp: ORDERS[0]!.timestamp + 1 } });
    const stored = await bridge.request('GET', `/api/metrics/snapshots/${persisted.body.snapshotId}`);
    expect(stored.body).toMatchObject({ source: 'definition', metricId: 'revenue', version: 2, value: qrTotal, eventCounts: { totalEvents: DECEMBER.length } });
    const listed = await bridge.request('GET', '/api/metrics/snapshots');
    // Both saved in the engine's one fixed millisecond: their order between them is by id, so compare as a set.
    expect(new Map(listed.body.snapshots.map((row: { id: string; source: string }) => [row.id, row.source]))).toEqual(new Map([
      [persisted.body.snapshotId, 'definition'],
      [spec.body.snapshotId, 'event_counts'],
    ]));
    const saved = await bridge.request('POST', '/api/metrics/definitions/revenue/snapshots', { body: { ...range, interval: 'week' } });
    expect([saved.status, saved.body.value]).toEqual([201, qrTotal + 500]);
  });

  it('answers bad input with 400 naming the field, and a read key may query but not persist', async () => {
    const bad = await bridge.request('POST', '/api/metrics/definitions', {
      body: { id: 'per-visit', name: 'Per visit', kind: 'ratio', numerator: { metricId: 'revenue' }, denominator: { metricId: 'visits' } },
    });
    expect([bad.status, bad.body.error.details.issues.map((issue: { path: string }) => issue.path)]).toEqual([400, ['denominator.metricId']]);
    expect((await bridge.request('GET', '/api/metrics/definitions/per-visit')).status).toBe(404);
    const key = await bridge.request('POST', '/api/keys', { body: { name: 'reader', scopes: ['read'] } });
    const reader = key.body.apiKey as string;
    expect((await bridge.request('POST', '/api/metrics/query', { body: { metricId: 'revenue', from: NOW - 400 * DAY }, key: reader })).status).toBe(200);
    expect((await bridge.request('POST', '/api/metrics/query', { body: { metricId: 'revenue', persistSnapshots: true }, key: reader })).status).toBe(403);
    expect((await bridge.request('POST', '/api/metrics/definitions/revenue/snapshots', { body: {}, key: reader })).status).toBe(403);
  });
});

describe('metric definitions over the CLI', () => {
  it('defines and queries with the command names', async () => {
    const defined = await ha(['metric-define', JSON.stringify({ id: 'orders', name: 'Orders', kind: 'count', eventNames: ['order.created'] })]);
    expect(defined.code, defined.stderr).toBe(0);
    const queried = await ha(['metric-definition-query', 'orders', JSON.stringify({ from: '2025-12-01', to: '2025-12-31' })]);
    expect(queried.code, queried.stderr).toBe(0);
    // December's orders and the one the REST test added.
    expect(JSON.parse(queried.stdout)).toMatchObject({ metricId: 'orders', version: 1, value: DECEMBER.length + 1 });
  });
});
