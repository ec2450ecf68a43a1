// Trackables figures (issue 14): 10,000 QR trackables created (with SVG) in one call, their printable sheet, and
// GET /t/{code} scan redirects per second at 64 connections beside the bare node:http server in the same run.
// `node bench/trackables.mjs [--quick]` or `npm run bench -- trackables`.
import autocannon from 'autocannon';
import { cpuPerRequest, freePort, printTable, root, round, startChild, tempDatabaseUrl } from './lib.mjs';

const { Engine } = await import(`${root}packages/engine/dist/index.js`);
const quick = process.argv.includes('--quick');
const COUNT = quick ? 2_000 : 10_000;
const SECONDS = quick ? 3 : 10;
const API_KEY = 'ha_live_benchtrackablesbenchtrackables';
const IPHONE = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148 Safari/604.1';

const cannon = (url, options) => new Promise((resolve, reject) => autocannon({ url, ...options }, (error, result) => (error ? reject(error) : resolve(result))));

/** Bulk creation, each code's SVG and the sheet, on an embedded file database (the engine in this process). */
async function bulk() {
  const engine = await Engine.open({ databaseUrl: tempDatabaseUrl('trackables'), publicUrl: 'https://ha.example.com', rateLimitPerMinute: 0 });
  const { apiKey } = await engine.bootstrap();
  const principal = await engine.authenticate({ apiKey });
  const call = async (name, input, surface = 'sdk') => {
    const result = await engine.invoke(name, input, { principal, surface });
    if (!result.ok) throw new Error(`${name}: ${result.error.message}`);
    return result.output;
  };
  let start = performance.now();
  const created = await call('create_trackable', { kind: 'qr_code', name: 'Ethiopia Single-Origin Bag', targetUrl: 'https://roastandorigin.com/ethiopia', count: COUNT, includeQrSvg: true });
  const createMs = performance.now() - start;
  // Every code's SVG, as a printer integration would fetch them: one get_trackable_code call per trackable.
  const ids = [];
  for (let cursor; ; ) {
    const page = await call('list_trackables', { batchId: created.batch.batchId, limit: 500, ...(cursor ? { cursor } : {}) });
    ids.push(...page.trackables.map((row) => row.id));
    if (!(cursor = page.nextCursor)) break;
  }
  start = performance.now();
  let svgBytes = 0;
  for (const id of ids) svgBytes += (await call('get_trackable_code', { id, format: 'svg' })).svg.length;
  const svgMs = performance.now() - start;
  start = performance.now();
  const sheet = await call('get_trackable_sheet', { batchId: created.batch.batchId, limit: COUNT }, 'rest');
  const sheetMs = performance.now() - start;
  await engine.close();
  const per = (ms) => `${round((ms * 1000) / COUNT, 0)} µs per code`;
  const n = COUNT.toLocaleString('en');
  return [
    { figure: `create_trackable count ${n} (one call, QR SVG of the first)`, measured: `${round(createMs / 1000, 2)} s (${per(createMs)})`, ceiling: '≤ 10 s', ratio: round(createMs / 10_000, 2) },
    { figure: `QR SVG of each of the ${n} (get_trackable_code per trackable)`, measured: `${round(svgMs / 1000, 2)} s (${per(svgMs)}, ${Math.round(svgBytes / COUNT)} B each)`, ceiling: '≤ 1,000 µs per code', ratio: round(svgMs / COUNT / 1, 2) },
    { figure: `created with SVG: total`, measured: `${round((createMs + svgMs) / 1000, 2)} s (${per(createMs + svgMs)})`, ceiling: '≤ 20 s', ratio: round((createMs + svgMs) / 20_000, 2) },
    { figure: `get_trackable_sheet of the ${n} (PDF)`, measured: `${round(sheetMs / 1000, 2)} s, ${round(sheet.bytes / 2 ** 20, 2)} MiB`, ceiling: '≤ 15 s', ratio: round(sheetMs / 15_000, 2) },
  ];
}

/** Scan redirects per second: the bare node:http server, then ours, taking turns, each run's ratio within its round. */
async function redirects() {
  const barePort = freePort();
  const bare = await startChild(`${root}bench/bare-http-server.mjs`, { port: barePort, env: { PORT: String(barePort) } });
  const port = freePort();
  const databaseUrl = tempDatabaseUrl('scans');
  const server = await startChild(`${root}packages/http-bridge/dist/bin.js`, {
    port,
    env: { HA_PORT: String(port), HA_HOST: '127.0.0.1', HA_DATABASE_URL: databaseUrl, HA_API_KEY: API_KEY, HA_RATE_LIMIT_RPM: '0' },
  });
  const created = await (
    await fetch(`${server.url}/api/trackables`, {
      method: 'POST',
      headers: { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ kind: 'qr_code', name: 'Bench Bag', targetUrl: 'https://roastandorigin.com/ethiopia', metadata: { campaign: 'spring-launch' } }),
    })
  ).json();
  const options = { connections: 64, duration: SECONDS, headers: { 'user-agent': IPHONE } };
  const warmup = await cannon(`${server.url}/t/${created.scanCode}`, { ...options, duration: 2 });
  await cannon(`${bare.url}/t/x`, { ...options, duration: 2 });
  const rounds = [];
  let cpu = null;
  for (let index = 0; index < 2; index += 1) {
    const ceiling = await cannon(`${bare.url}/t/${created.scanCode}`, options);
    const before = server.cpu();
    const ours = await cannon(`${server.url}/t/${created.scanCode}`, options);
    cpu = cpuPerRequest(before, server.cpu(), ours.requests.total);
    rounds.push({ ours, ceiling });
  }
  const stats = await (await fetch(`${server.url}/api/trackables/${created.id}/stats`, { headers: { authorization: `Bearer ${API_KEY}` } })).json();
  await server.stop();
  await bare.stop();
  const best = rounds.reduce((a, b) => (b.ours.requests.average > a.ours.requests.average ? b : a));
  const redirected = rounds.reduce((total, run) => total + run.ours['3xx'], warmup['3xx']);
  return [
    { figure: 'GET /t/{code} scan redirects/s (64 connections, recorded through ingest)', measured: `${Math.round(best.ours.requests.average)}/s, p99 ${best.ours.latency.p99} ms`, ceiling: `bare node:http ${Math.round(best.ceiling.requests.average)}/s`, ratio: round(best.ours.requests.average / best.ceiling.requests.average, 2) },
    { figure: 'scan redirect CPU (server main thread / all threads)', measured: cpu ? `${round(cpu.main, 0)} / ${round(cpu.process, 0)} µs` : 'n/a', ceiling: '', ratio: '' },
    { figure: 'scans counted (get_trackable_stats) vs 302s answered', measured: `${stats.scans.toLocaleString('en')} / ${redirected.toLocaleString('en')}`, ceiling: 'every answered scan stored', ratio: round(stats.scans / redirected, 3) },
  ];
}

export async function runTrackables() {
  const rows = [...(await bulk()), ...(await redirects())];
  printTable('Trackables: bulk creation, codes, sheet, scan redirects (issue 14)', rows);
}

if (import.meta.url === `file://${process.argv[1]}`) await runTrackables();
