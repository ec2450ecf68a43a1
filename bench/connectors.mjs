// Connector ingest figures (issue 17), beside plain /api/ingest in the same run and on the same server:
// - a 1,000-record Shopify batch on POST /api/connectors/ingest (mapping, per-record version lookup, durable write,
//   sync record) against the same 1,000 orders as canonical events on POST /api/ingest;
// - signed Shopify webhooks (one order per delivery, a fresh X-Shopify-Webhook-Id and its HMAC each) on
//   POST /api/connectors/shopify/webhook at 64 connections, against single-event POST /api/ingest at 64 connections.
// `node bench/connectors.mjs [--quick]` or `npm run bench -- connectors`.
import { createHmac } from 'node:crypto';
import autocannon from 'autocannon';
import { freePort, printTable, root, round, startChild, tempDatabaseUrl } from './lib.mjs';

const quick = process.argv.includes('--quick');
const BATCHES = quick ? 5 : 20;
const RECORDS = 1_000;
const SECONDS = quick ? 5 : 10;
const API_KEY = 'ha_live_benchbenchbenchbenchbench0001';
const SECRET = 'shpss_bench_webhook_secret';
const SERVER_BIN = `${root}packages/http-bridge/dist/bin.js`;

const order = (id) => ({ id, total_price: '36.00', currency: 'USD', created_at: '2026-12-01T10:00:00Z', updated_at: '2026-12-01T10:00:00Z', customer: { id: 7000 + (id % 500), email: `c${id % 500}@example.com` }, line_items: [{ sku: 'ETH-250G', quantity: 2, price: '18.00' }], landing_site: '/?utm_source=meta&utm_campaign=spring-roast' });
const canonical = (id) => ({ event: 'order.created', messageId: `bench:order:${id}`, actor: { type: 'customer', id: String(7000 + (id % 500)) }, object: { type: 'order', id: String(id) }, source: { platform: 'shopify', channel: 'meta', campaign: 'spring-roast' }, properties: { orderId: String(id), revenue: 36, currency: 'USD', items: 2 }, timestamp: Date.UTC(2026, 11, 1, 10) });

async function post(url, path, body, headers = {}) {
  const response = await fetch(`${url}${path}`, { method: 'POST', headers: { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  const text = await response.text();
  if (response.status >= 300) throw new Error(`${path}: ${response.status} ${text.slice(0, 300)}`);
  return JSON.parse(text);
}

/** Sequential 1,000-record batches: records per second over all of them. */
async function batches(url, path, bodyOf) {
  let next = 0;
  const started = performance.now();
  for (let batch = 0; batch < BATCHES; batch += 1) {
    const ids = Array.from({ length: RECORDS }, () => ++next);
    const answer = await post(url, path, bodyOf(ids.map((id) => id + (path.includes('connectors') ? 0 : 10_000_000))));
    const stored = answer.stored ?? answer.accepted;
    if (stored !== RECORDS) throw new Error(`${path}: stored ${stored} of ${RECORDS}`);
  }
  const seconds = (performance.now() - started) / 1000;
  return { rate: (BATCHES * RECORDS) / seconds, msPerBatch: (seconds * 1000) / BATCHES };
}

function cannon(url, options) {
  return new Promise((resolve, reject) => autocannon({ url, connections: 64, duration: SECONDS, ...options }, (error, result) => (error ? reject(error) : resolve(result))));
}

export async function runConnectors() {
  const port = freePort();
  const server = await startChild(SERVER_BIN, { port, env: { HA_PORT: String(port), HA_HOST: '127.0.0.1', HA_DATABASE_URL: tempDatabaseUrl('connectors'), HA_API_KEY: API_KEY, HA_RATE_LIMIT_RPM: '100000000' } });
  try {
    await post(server.url, '/api/connectors', { provider: 'shopify', id: 'con_bench_shop', secret: SECRET });
    // Warm both paths once (the first call compiles statements, opens the writer).
    await post(server.url, '/api/connectors/ingest', { provider: 'shopify', records: [order(0)] });
    await post(server.url, '/api/ingest', { events: [canonical(0)] });

    const plainBatch = await batches(server.url, '/api/ingest', (ids) => ({ events: ids.map(canonical) }));
    const connectorBatch = await batches(server.url, '/api/connectors/ingest', (ids) => ({ provider: 'shopify', records: ids.map(order) }));

    let delivery = 20_000_000;
    const webhook = await cannon(`${server.url}/api/connectors/shopify/webhook?connectorId=con_bench_shop`, {
      method: 'POST',
      requests: [
        {
          setupRequest(request) {
            delivery += 1;
            const body = JSON.stringify(order(delivery));
            const hmac = createHmac('sha256', SECRET).update(body).digest('base64');
            return { ...request, body, headers: { 'content-type': 'application/json', 'x-shopify-topic': 'orders/create', 'x-shopify-webhook-id': `wh-${delivery}`, 'x-shopify-hmac-sha256': hmac } };
          },
        },
      ],
    });
    let single = 30_000_000;
    const plainSingle = await cannon(`${server.url}/api/ingest`, {
      method: 'POST',
      requests: [{ setupRequest: (request) => ({ ...request, body: JSON.stringify(canonical(++single)), headers: { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json' } }) }],
    });
    const perSecond = (result) => `${Math.round(result.requests.average).toLocaleString('en-US')} records/s`;
    printTable(`Connector ingest (${BATCHES} × ${RECORDS.toLocaleString('en-US')}-record batches; webhooks ${SECONDS} s at 64 connections), beside plain /api/ingest on the same server`, [
      { figure: 'POST /api/connectors/ingest, 1,000 Shopify orders per batch (map, version lookup, durable write, sync record)', measured: `${Math.round(connectorBatch.rate).toLocaleString('en-US')} records/s`, ratio: `${round(connectorBatch.msPerBatch, 1)} ms per batch; ${round(connectorBatch.rate / plainBatch.rate, 2)}× plain` },
      { figure: 'POST /api/ingest, the same 1,000 orders as canonical events per batch', measured: `${Math.round(plainBatch.rate).toLocaleString('en-US')} events/s`, ratio: `${round(plainBatch.msPerBatch, 1)} ms per batch` },
      { figure: 'signed Shopify webhooks (HMAC verified, delivery id claimed, one order each), 64 connections', measured: perSecond(webhook), ratio: `p99 ${webhook.latency.p99} ms, ${webhook['2xx']} 2xx, ${webhook.non2xx} non-2xx; ${round(webhook.requests.average / plainSingle.requests.average, 2)}× plain` },
      { figure: 'single-event POST /api/ingest, 64 connections', measured: `${Math.round(plainSingle.requests.average).toLocaleString('en-US')} events/s`, ratio: `p99 ${plainSingle.latency.p99} ms, ${plainSingle['2xx']} 2xx, ${plainSingle.non2xx} non-2xx` },
    ]);
  } finally {
    await server.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await runConnectors();
