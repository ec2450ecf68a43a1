import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NOW, startBridge, type Bridge } from './rest-harness.js';

/** Attribution over REST: POST /api/attribution/query on a real server. Rows are ordered by credited conversions. */
let bridge: Bridge;
const DAY = 86_400_000;

beforeAll(async () => {
  bridge = await startBridge();
  const events = [
    { event: 'page.viewed', actor: 'c1', attribution: { channel: 'email', campaign: 'spring' }, timestamp: NOW - 2 * DAY },
    { event: 'qr.scanned', actor: 'c1', source: { channel: 'qr', campaign: 'bag' }, timestamp: NOW - DAY },
    { event: 'order.created', actor: 'c1', properties: { revenue: 100 }, timestamp: NOW - 1000 },
    { event: 'order.created', actor: 'c2', properties: { revenue: 40 }, timestamp: NOW - 1000 },
  ];
  const ingested = await bridge.request('POST', '/api/ingest', { body: { events } });
  expect(ingested.status).toBe(200);
});
afterAll(() => bridge.close());

describe('attribution over REST', () => {
  it('POST /api/attribution/query: position based over a 2-touch path is 50/50; the order with no touch is direct', async () => {
    const reply = await bridge.request('POST', '/api/attribution/query', { body: { model: 'position_based' } });
    expect(reply.status).toBe(200);
    expect(reply.body.bySource.map((row: { value: string; revenue: number }) => [row.value, row.revenue])).toEqual([['direct', 40], ['email', 50], ['qr', 50]]);
    expect(reply.body.byCampaign.map((row: { value: string; conversions: number }) => [row.value, row.conversions])).toEqual([['direct', 1], ['bag', 0.5], ['spring', 0.5]]);
    expect(reply.body.totals).toMatchObject({ conversions: 2, revenue: 140, directConversions: 1, directRevenue: 40 });
  });

  it('bad input is a 400 naming the field', async () => {
    const reply = await bridge.request('POST', '/api/attribution/query', { body: { lookbackDays: -1 } });
    expect(reply.status).toBe(400);
    expect(JSON.stringify(reply.body)).toContain('lookbackDays');
  });
});
