// Issue 14 (trackables) figures: 10,000 QR trackables created in one call (and their SVGs and printable sheet),
// and public scan redirects (GET /t/{id}) per second at 64 connections beside a bare node:http server.
import autocannon from 'autocannon';
import { freePort, printTable, root, round, startChild, tempDatabaseUrl } from './lib.mjs';

const API_KEY = 'ha_live_benchbenchbenchbenchbench0014';
const SERVER_BIN = `${root}packages/http-bridge/dist/bin.js`;
const quick = process.argv.includes('--quick');
const COUNT = quick ? 1_000 : 10_000;
const SECONDS = quick ? 3 : 10;
const ROUNDS = quick ? 1 : 3;
const IPHONE = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148 Safari/604.1';

const cannon = (url, options) => new Promise((resolve, reject) => autocannon({ url, ...options }, (error, result) => (error ? reject(error) : resolve(result))));
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function call(server, method, path, body) {
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${API_KEY}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  const bytes = Buffer.from(await response.arrayBuffer());
  if (response.status >= 300) throw new Error(`${method} ${path} answered ${response.status}: ${bytes.toString('utf8').slice(0, 500)}`);
  return { response, bytes };
}

export default async function runTrackables() {
  const codes = await import(`${root}packages/engine/dist/domain/trackables/codes/index.js`);
  const port = freePort();
  const server = await startChild(SERVER_BIN, {
    port,
    env: { HA_PORT: String(port), HA_HOST: '127.0.0.1', HA_DATABASE_URL: tempDatabaseUrl('trackables'), HA_API_KEY: API_KEY, HA_RATE_LIMIT_RPM: '100000000' },
  });
  try {
    // Bulk: COUNT numbered QR trackables in one call (the answer carries the first one's SVG, counts and a cursor).
    let started = performance.now();
    const { bytes } = await call(server, 'POST', '/api/trackables', { kind: 'qr_code', name: 'Ethiopia Single-Origin Bag', targetUrl: 'https://roastandorigin.com/ethiopia', metadata: { campaign: 'spring-launch' }, count: COUNT, includeQrSvg: true });
    const bulkMs = performance.now() - started;
    const bulk = JSON.parse(bytes.toString('utf8'));
    if (bulk.batch?.created !== COUNT) throw new Error(`bulk created ${bulk.batch?.created}, not ${COUNT}`);
    // Every code's SVG: what printing them one by one costs (the library, per scan URL of the batch).
    const ids = [];
    let cursor;
    do {
      const page = JSON.parse((await call(server, 'GET', `/api/trackables?batchId=${bulk.batch.batchId}&limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`)).bytes.toString('utf8'));
      for (const trackable of page.trackables ?? page.items ?? []) ids.push(trackable.scanUrl);
      cursor = page.nextCursor ?? page.next_cursor ?? null;
    } while (cursor);
    started = performance.now();
    let svgBytes = 0;
    for (const url of ids) svgBytes += (await codes.qrSvg(url)).length;
    const svgMs = performance.now() - started;
    // The printable sheet: up to 1,000 codes a call (its limit), the first page of the batch.
    started = performance.now();
    const sheet = await call(server, 'GET', `/api/trackables/sheet.pdf?batchId=${bulk.batch.batchId}&limit=1000`);
    const sheetMs = performance.now() - started;
    const sheetType = sheet.response.headers.get('content-type');

    // Scans: GET /t/{id} (records the scan through the durable ingest path, then 302 with UTM), beside bare node:http.
    const barePort = freePort();
    const bare = await startChild(`${root}bench/bare-http-server.mjs`, { port: barePort, env: { PORT: String(barePort) } });
    const scanPath = `/t/${bulk.scanCode ?? bulk.id}`;
    const request = { method: 'GET', headers: { 'user-agent': IPHONE }, connections: 64, duration: SECONDS };
    await cannon(`${bare.url}/`, { ...request, duration: 2 });
    await cannon(`${server.url}${scanPath}`, { ...request, duration: 2 });
    const rates = { bare: [], ours: [], p99: [], non3xx: 0 };
    for (let index = 0; index < ROUNDS; index += 1) {
      rates.bare.push((await cannon(`${bare.url}/`, request)).requests.average);
      const ours = await cannon(`${server.url}${scanPath}`, request);
      rates.ours.push(ours.requests.average);
      rates.p99.push(ours.latency.p99);
      rates.non3xx += ours.requests.total - (ours['3xx'] ?? 0);
    }
    await bare.stop();
    const stats = JSON.parse((await call(server, 'GET', `/api/trackables/${bulk.id}/stats`)).bytes.toString('utf8'));
    const rss = server.rssMiB();
    const oursRate = median(rates.ours);
    const bareRate = median(rates.bare);
    printTable('Trackables (issue 14)', [
      { figure: `create ${COUNT.toLocaleString('en-US')} QR trackables, one call over REST`, measured: `${round(bulkMs / 1000, 2)} s (${round((bulkMs * 1000) / COUNT, 0)} µs per trackable), answer ${bytes.length.toLocaleString('en-US')} B`, ceiling: 'seconds; answer bounded' },
      { figure: `their ${ids.length.toLocaleString('en-US')} QR SVGs (scan URLs)`, measured: `${round(svgMs / 1000, 2)} s (${round((svgMs * 1000) / ids.length, 0)} µs, ${round(svgBytes / ids.length, 0)} B per code)` },
      { figure: 'printable sheet, 1,000 codes (GET /api/trackables/sheet.pdf)', measured: `${round(sheetMs / 1000, 2)} s, ${round(sheet.bytes.length / 2 ** 20, 2)} MiB ${sheetType}` },
      { figure: `GET ${scanPath} → 302, 64 connections (median of ${ROUNDS} × ${SECONDS} s)`, measured: `${Math.round(oursRate).toLocaleString('en-US')} req/s, p99 ${median(rates.p99)} ms, non-3xx ${rates.non3xx}`, ceiling: `bare node:http ${Math.round(bareRate).toLocaleString('en-US')} req/s`, ratio: `${round((oursRate / bareRate) * 100, 1)} %` },
      { figure: 'scans counted afterwards (get_trackable_stats)', measured: `scans ${stats.scans}, repeat ${stats.repeatScans}, unique ${stats.uniqueScanners}; server RSS ${rss} MiB` },
    ]);
  } finally {
    await server.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await runTrackables();
