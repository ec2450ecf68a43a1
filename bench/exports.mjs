// Destination export figures (issue 16): throughput of export_to_destination to the file destination (NDJSON
// appended in the operator's export directory) and to an HTTPS-style receiver (JSON POST with the HMAC signature and
// Idempotency-Key, through the SSRF guard, to a local peer on 127.0.0.1 named by the allow-list), over 100,000 events
// of one workspace, 1,000 events per batch, each batch acknowledged, receipted and the saved cursor advanced.
// `node bench/exports.mjs [--quick]` or `npm run bench -- exports`.
import { createServer } from 'node:http';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Engine } from '@headlessanalytics/engine';
import { printTable, round, tempDatabaseUrl } from './lib.mjs';

const quick = process.argv.includes('--quick');
const EVENTS = quick ? 20_000 : 100_000;
const BATCH = 1_000;
const NOW = Date.UTC(2026, 11, 4, 12);

async function open() {
  const engine = await Engine.open({ databaseUrl: tempDatabaseUrl('exports'), rateLimitPerMinute: 0, clock: () => NOW });
  const { workspace } = await engine.bootstrap();
  const principal = engine.localPrincipal(workspace.id);
  const call = async (name, input) => {
    const result = await engine.invoke(name, input, { principal, surface: 'internal' });
    if (!result.ok) throw new Error(`${name}: ${JSON.stringify(result.error.toJSON())}`);
    return result.output;
  };
  for (let start = 0; start < EVENTS; start += 1_000) {
    const events = Array.from({ length: Math.min(1_000, EVENTS - start) }, (_, offset) => {
      const index = start + offset;
      return { event: index % 5 === 0 ? 'order.created' : 'product.viewed', actor: { type: 'customer', id: `c${index % 20_000}` }, properties: { sku: `SKU-${index % 500}`, revenue: index % 5 === 0 ? 36 : undefined }, timestamp: NOW - (EVENTS - index) * 1000 };
    });
    await call('ingest_event', { events });
  }
  return { engine, call };
}

function startReceiver() {
  let bytes = 0;
  let requests = 0;
  const server = createServer((request, response) => {
    request.on('data', (chunk) => (bytes += chunk.length));
    request.on('end', () => {
      requests += 1;
      response.writeHead(200, { 'content-type': 'application/json' }).end('{"received":true}');
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({ url: `http://127.0.0.1:${server.address().port}/hook`, stats: () => ({ bytes, requests }), close: () => new Promise((done) => server.close(done)) }),
    ),
  );
}

async function timed(call, destination) {
  const started = performance.now();
  const result = await call('export_to_destination', { destination, limit: EVENTS, batchSize: BATCH });
  const seconds = (performance.now() - started) / 1000;
  if (result.exported !== EVENTS) throw new Error(`exported ${result.exported} of ${EVENTS}`);
  return { seconds, rate: EVENTS / seconds, batches: result.batches };
}

export async function runExports() {
  const dir = mkdtempSync(join(tmpdir(), 'ha-bench-exports-'));
  const { engine, call } = await open();
  const receiver = await startReceiver();
  try {
    engine.services.exports.exportDir = dir;
    engine.services.exports.policy = { allow: ['127.0.0.1'] };
    await call('create_export_destination', { name: 'Bench file', kind: 'file', config: { path: 'bench.ndjson' } });
    await call('create_export_destination', { name: 'Bench hook', kind: 'https', config: { url: receiver.url, secret: 'whsec_bench' } });
    const file = await timed(call, 'dst_bench-file');
    const https = await timed(call, 'dst_bench-hook');
    const again = performance.now();
    const nothing = await call('export_to_destination', { destination: 'dst_bench-hook', limit: EVENTS });
    const incrementalMs = performance.now() - again;
    const mib = (bytes) => `${round(bytes / 2 ** 20, 1)} MiB`;
    printTable(`Destination exports (${EVENTS.toLocaleString('en-US')} events, ${BATCH.toLocaleString('en-US')} per batch, one receipt and cursor advance per batch)`, [
      { figure: 'export_to_destination → file (NDJSON append, saved destination)', measured: `${Math.round(file.rate).toLocaleString('en-US')} events/s`, ratio: `${round(file.seconds, 2)} s, ${file.batches} batches, ${mib(statSync(join(dir, 'bench.ndjson')).size)}` },
      { figure: 'export_to_destination → HTTPS receiver (HMAC-SHA256, Idempotency-Key, SSRF guard, local peer)', measured: `${Math.round(https.rate).toLocaleString('en-US')} events/s`, ratio: `${round(https.seconds, 2)} s, ${receiver.stats().requests} POSTs, ${mib(receiver.stats().bytes)}` },
      { figure: 'repeated export of the saved HTTPS destination with nothing new (cursor read only)', measured: `${round(incrementalMs, 2)} ms`, ratio: `${nothing.exported} sent` },
    ]);
  } finally {
    await receiver.close();
    await engine.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await runExports();
