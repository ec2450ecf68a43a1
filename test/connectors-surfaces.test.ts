import { spawn } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NOW, startBridge, type Bridge } from './rest-harness.js';

/**
 * Connectors over REST and the `ha` CLI against one listening server: the api reference's body verbatim on
 * POST /api/connectors/ingest, and signed webhooks on POST /api/connectors/{provider}/webhook whose raw bytes and
 * headers reach the tool unparsed (a body re-serialised would not verify), with handshakes answered as text.
 */

const SPEC_BODY = { provider: 'shopify', records: [{ id: 'order_1', total_price: 149, currency: 'USD' }] };
const SECRET = 'shpss_surface_secret';
const HA_BIN = join(dirname(createRequire(import.meta.url).resolve('@headlessanalytics/cli/package.json')), 'dist/bin.js');

let bridge: Bridge;

function ha(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const base = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('HA_')));
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [HA_BIN, ...args], { env: { ...base, HA_API_URL: bridge.url, HA_API_KEY: bridge.adminKey }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });
}

/** A raw webhook POST without credentials, as a provider sends it. */
async function deliver(path: string, raw: string, headers: Record<string, string>) {
  const response = await fetch(`${bridge.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: raw });
  return { status: response.status, type: response.headers.get('content-type'), text: await response.text() };
}

const eventCount = async () => (await bridge.request('GET', '/api/events?limit=1000')).body.events.length as number;

beforeAll(async () => {
  bridge = await startBridge();
  const created = await bridge.request('POST', '/api/connectors', { body: { provider: 'shopify', id: 'con_surface_shop', secret: SECRET } });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  expect(JSON.stringify(created.body)).not.toContain(SECRET);
  const twitch = await bridge.request('POST', '/api/connectors', { body: { provider: 'shopify', id: 'con_surface_twitch', scheme: 'twitch', secret: 'twitch-secret' } });
  expect(twitch.status).toBe(201);
});
afterAll(() => bridge.close());

describe('connectors over REST and the CLI', () => {
  it('REST: the api reference body verbatim is stored as order.created with a report per record', async () => {
    const reply = await bridge.request('POST', '/api/connectors/ingest', { body: SPEC_BODY });
    expect(reply.status, JSON.stringify(reply.body)).toBe(200);
    expect(reply.body).toMatchObject({ provider: 'shopify', stored: 1, records: [{ recordId: 'order_1', status: 'stored' }] });
    const sync = await bridge.request('GET', `/api/connector-syncs/${reply.body.syncId}`);
    expect(sync.body).toMatchObject({ status: 'completed', via: 'ingest', received: 1, stored: 1 });
  });

  it('CLI: ha connector-ingest shopify \'<records>\' reports the same record as a duplicate', async () => {
    const run = await ha(['connector-ingest', 'shopify', JSON.stringify(SPEC_BODY.records)]);
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ stored: 0, duplicates: 1, records: [{ status: 'duplicate' }] });
  });

  it('webhook: the raw body as sent verifies (whitespace and key order kept), a replay is 409, a bad signature 401, nothing stored', async () => {
    const raw = '{ "total_price": "12.50",  "id": 9001, "currency": "USD" }\n';
    const signature = createHmac('sha256', SECRET).update(raw).digest('base64');
    const headers = { 'x-shopify-hmac-sha256': signature, 'x-shopify-topic': 'orders/create', 'x-shopify-webhook-id': 'wh-surface-1' };
    const path = '/api/connectors/shopify/webhook?connectorId=con_surface_shop';
    const before = await eventCount();
    const first = await deliver(path, raw, headers);
    expect(first.status, first.text).toBe(200);
    expect(JSON.parse(first.text)).toMatchObject({ outcome: 'ingested', deliveryId: 'wh-surface-1', report: { stored: 1 } });
    expect(await eventCount()).toBe(before + 1);
    expect((await deliver(path, raw, headers)).status).toBe(409);
    const forged = await deliver(path, raw.replace('12.50', '1250.00'), { ...headers, 'x-shopify-webhook-id': 'wh-surface-2' });
    expect(forged.status).toBe(401);
    expect(JSON.parse(forged.text).error).toMatchObject({ code: 'UNAUTHENTICATED' });
    expect((await deliver('/api/connectors/shopify/webhook?connectorId=con_nope', raw, headers)).status).toBe(404);
    expect(await eventCount()).toBe(before + 1);
  });

  it('webhook: a Twitch callback verification is answered with its challenge as text/plain', async () => {
    const raw = JSON.stringify({ challenge: 'pogchamp-kappa-360noscope-vohiyo', subscription: { id: 'f1c2a387-161a-49f9-a165-0f21d7a4e1c4', status: 'webhook_callback_verification_pending', type: 'channel.follow' } });
    const id = 'e76c6bd4-55c9-4987-8304-da1588d8988b';
    const timestamp = new Date(NOW).toISOString();
    const headers = {
      'twitch-eventsub-message-id': id,
      'twitch-eventsub-message-timestamp': timestamp,
      'twitch-eventsub-message-type': 'webhook_callback_verification',
      'twitch-eventsub-message-signature': `sha256=${createHmac('sha256', 'twitch-secret').update(id + timestamp + raw).digest('hex')}`,
    };
    const reply = await deliver('/api/connectors/shopify/webhook?connectorId=con_surface_twitch', raw, headers);
    expect(reply).toEqual({ status: 200, type: 'text/plain; charset=utf-8', text: 'pogchamp-kappa-360noscope-vohiyo' });
  });
});
