import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBridge, type Bridge } from './rest-harness.js';

const run = promisify(execFile);
const SPEC_HOST = 'https://api.headlessanalytics.com';
const SPEC_KEY = 'ha_live_...';

/** The API reference's curl examples, verbatim. Only the host and the key are replaced before running them. */
const INGEST = `curl -X POST https://api.headlessanalytics.com/api/ingest \\
-H "Authorization: Bearer ha_live_..." \\
-H "Content-Type: application/json" \\
-d '{
"event": "qr.bottle_scanned",
"actor": { "type": "customer", "id": "anon_123" },
"object": { "type": "product", "id": "olive-oil-500ml" },
"source": { "channel": "qr", "campaign": "spring-launch" },
"properties": { "sku": "olive-oil-500ml" }
}'`;

/** The overview's quickstart variant of the same call. */
const QUICKSTART = `curl -X POST https://api.headlessanalytics.com/api/ingest \\
-H "Authorization: Bearer ha_live_..." \\
-H "Content-Type: application/json" \\
-d '{
"event": "qr.bottle_scanned",
"actor": { "type": "customer", "id": "anon_123" },
"object": { "type": "product", "id": "olive-oil-500ml" },
"source": { "channel": "qr", "campaign": "spring-launch" },
"properties": { "sku": "olive-oil-500ml", "lot": "L2026-04" }
}'`;

const METRICS = `curl -X POST https://api.headlessanalytics.com/api/metrics/query \\
-H "Authorization: Bearer ha_live_..." \\
-H "Content-Type: application/json" \\
-d '{
"eventName": "order.created",
"from": 1764547200000,
"to": 1767225599000,
"persistSnapshots": true
}'`;

const FUNNEL = `curl -X POST https://api.headlessanalytics.com/api/funnels/query \\
-H "Authorization: Bearer ha_live_..." \\
-H "Content-Type: application/json" \\
-d '{
"steps": [
{ "name": "Scan", "event": "qr.bottle_scanned" },
{ "name": "Product View", "event": "page.product_viewed" },
{ "name": "Order", "event": "order.created" }
]
}'`;

const HEALTH = 'curl https://api.headlessanalytics.com/api/health';
const HEALTH_STRICT = 'curl https://api.headlessanalytics.com/api/health?strict=1';

describe('the spec curl examples against the running server', () => {
  let bridge: Bridge;
  beforeAll(async () => {
    bridge = await startBridge();
  });
  afterAll(() => bridge.close());

  async function curl(example: string): Promise<{ body: unknown; status: number }> {
    const command = example.replaceAll(SPEC_HOST, bridge.url).replaceAll(SPEC_KEY, bridge.adminKey);
    // -w appends the status on its own line; everything else is the example as written.
    const { stdout } = await run('sh', ['-c', `${command} -s -w '\\n%{http_code}'`], { timeout: 30_000 });
    const newline = stdout.lastIndexOf('\n');
    return { body: JSON.parse(stdout.slice(0, newline)), status: Number(stdout.slice(newline + 1)) };
  }

  it('POST /api/ingest stores the example event with every field', async () => {
    const reply = await curl(INGEST);
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({ accepted: 1, duplicates: 0, ids: [expect.any(String)] });
    const listed = await bridge.request('GET', '/api/events?event=qr.bottle_scanned');
    expect(listed.body.events[0]).toMatchObject({
      id: (reply.body as { ids: string[] }).ids[0],
      event: 'qr.bottle_scanned',
      businessId: 'default',
      actor: { type: 'customer', id: 'anon_123' },
      object: { type: 'product', id: 'olive-oil-500ml' },
      source: { channel: 'qr', campaign: 'spring-launch' },
      properties: { sku: 'olive-oil-500ml' },
    });
    const quickstart = await curl(QUICKSTART);
    expect(quickstart.status).toBe(200);
    expect((await bridge.request('GET', '/api/events?actorId=anon_123')).body.events).toHaveLength(2);
  });

  it('the metrics, funnel and health examples answer as documented', async () => {
    const metrics = await curl(METRICS);
    expect(metrics).toMatchObject({ status: 200, body: { from: 1764547200000, to: 1767225599000, totalEvents: 0, snapshotId: expect.any(String) } });
    const funnel = await curl(FUNNEL);
    expect(funnel.status).toBe(200);
    expect((funnel.body as { steps: Array<{ name: string; count: number }> }).steps.map((step) => [step.name, step.count])).toEqual([
      ['Scan', 1],
      ['Product View', 0],
      ['Order', 0],
    ]);
    expect(await curl(HEALTH)).toMatchObject({ status: 200, body: { ready: true } });
    expect(await curl(HEALTH_STRICT)).toMatchObject({ status: 503, body: { error: { code: 'UNAVAILABLE' } } });
  });
});
