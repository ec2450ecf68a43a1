// SDK figures: time for 100,000 track() calls to enqueue, and their delivery to a local server (the REST bridge as a
// child process on a file database) with zero loss and zero duplicates across injected 500s, answers lost after the
// commit, and a server restart. `node bench/sdk.mjs [--quick]` or `npm run bench -- sdk`.
import { createServer } from 'node:http';
import { loadavg } from 'node:os';
import { createClient } from '@libsql/client';
import { HeadlessAnalytics } from '@headlessanalytics/sdk';
import { freePort, percentile, printTable, root, round, startChild, tempDatabaseUrl } from './lib.mjs';

const API_KEY = 'ha_live_benchbenchbenchbenchbench0001';
const SERVER_BIN = `${root}packages/http-bridge/dist/bin.js`;
const EVENTS = 100_000;

function startApi(port, databaseUrl) {
  return startChild(SERVER_BIN, {
    port,
    env: { HA_PORT: String(port), HA_HOST: '127.0.0.1', HA_DATABASE_URL: databaseUrl, HA_API_KEY: API_KEY, HA_RATE_LIMIT_RPM: '0' },
  });
}

/**
 * A proxy in front of the API: of every 10 ingest requests, one fails with 500 before reaching the API and one is
 * stored but answered with 503 (the answer is lost, the SDK retries, the API must deduplicate by messageId).
 * While the API is down it answers 502.
 */
async function startFaultProxy(target) {
  const counts = { requests: 0, injected500: 0, lostAnswers: 0, upstreamDown: 0 };
  const server = createServer((request, response) => {
    const chunks = [];
    request.on('data', (chunk) => chunks.push(chunk));
    request.on('end', async () => {
      const index = counts.requests++;
      const reply = (status, text) => response.writeHead(status, { 'content-type': 'application/json' }).end(text);
      if (index % 10 === 3) {
        counts.injected500 += 1;
        return reply(500, '{"error":{"code":"INTERNAL","message":"injected"}}');
      }
      try {
        const upstream = await fetch(`${target}${request.url}`, {
          method: request.method,
          headers: { authorization: request.headers.authorization ?? '', 'content-type': 'application/json' },
          body: Buffer.concat(chunks),
        });
        const text = await upstream.text();
        if (index % 10 === 7) {
          counts.lostAnswers += 1;
          return reply(503, '{"error":{"code":"UNAVAILABLE","message":"answer lost"}}');
        }
        reply(upstream.status, text);
      } catch {
        counts.upstreamDown += 1;
        reply(502, '{"error":{"code":"UNAVAILABLE","message":"upstream down"}}');
      }
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${server.address().port}`, counts, close: () => new Promise((resolve) => server.close(resolve)) };
}

async function storedCounts(databaseUrl) {
  const db = createClient({ url: databaseUrl });
  const result = await db.execute("SELECT count(*) AS n, count(DISTINCT message_id) AS m FROM events WHERE event = 'bench.sdk'");
  db.close();
  return { rows: Number(result.rows[0].n), distinct: Number(result.rows[0].m) };
}

export async function runSdk() {
  const quick = process.argv.includes('--quick');
  const rounds = quick ? 1 : 3;
  const restartRound = rounds === 1 ? 0 : 1;
  const port = freePort();
  const databaseUrl = tempDatabaseUrl('sdk');
  let api = await startApi(port, databaseUrl);
  const proxy = await startFaultProxy(`http://127.0.0.1:${port}`);
  const errors = [];
  const ha = new HeadlessAnalytics({ writeKey: API_KEY, apiUrl: proxy.url, onError: (error, events) => errors.push(`${error.code} × ${events.length}`) });
  const enqueueMs = [];
  const enqueueCpuMs = [];
  const load = loadavg()[0];
  const deliveryMs = [];
  let restartMs = 0;
  for (let roundIndex = 0; roundIndex < rounds; roundIndex += 1) {
    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    for (let i = 0; i < EVENTS; i += 1) {
      ha.track('bench.sdk', { actor: { type: 'customer', id: `u${i % 5000}` }, properties: { round: roundIndex, i, sku: 'ETH-250G' } });
    }
    const enqueued = performance.now();
    const cpu = process.cpuUsage(cpuBefore);
    enqueueMs.push(enqueued - started);
    enqueueCpuMs.push((cpu.user + cpu.system) / 1000);
    let restart = Promise.resolve();
    if (roundIndex === restartRound) {
      // Restart the API (same port, same database) once about a third of this round has been acknowledged.
      restart = (async () => {
        const target = ha.deliveryStats.delivered + EVENTS / 3;
        for (let wait = 0; ha.deliveryStats.delivered < target && wait < 6000; wait += 1) await new Promise((resolve) => setTimeout(resolve, 10));
        const down = performance.now();
        await api.stop('SIGTERM');
        api = await startApi(port, databaseUrl);
        restartMs = performance.now() - down;
      })();
    }
    await ha.flush();
    await restart;
    deliveryMs.push(performance.now() - enqueued);
  }
  await ha.shutdown();
  await api.stop('SIGTERM');
  await proxy.close();
  const expected = EVENTS * rounds;
  const stored = await storedCounts(databaseUrl);
  const stats = ha.deliveryStats;
  const lost = expected - stored.distinct;
  const duplicates = stored.rows - stored.distinct;
  const rows = [
    { figure: `100,000 track() calls enqueued, first round (${rounds} rounds; load average ${round(load, 1)})`, measured: `${round(enqueueMs[0], 1)} ms wall, ${round(enqueueCpuMs[0], 1)} ms CPU`, ceiling: '≤ 200 ms' },
    { figure: '100,000 track() calls enqueued, median of rounds', measured: `${round(percentile(enqueueMs, 50), 1)} ms wall, ${round(percentile(enqueueCpuMs, 50), 1)} ms CPU`, ceiling: '≤ 200 ms' },
    {
      figure: `delivery of ${rounds} × 100,000 events through the fault proxy, per round (median)`,
      measured: `${round(percentile(deliveryMs, 50) / 1000, 2)} s (${Math.round(EVENTS / (percentile(deliveryMs, 50) / 1000))} events/s)`,
    },
    {
      figure: `faults: ${proxy.counts.injected500} injected 500s, ${proxy.counts.lostAnswers} answers lost after commit, ${proxy.counts.upstreamDown} requests while restarting (${round(restartMs / 1000, 2)} s)`,
      measured: `${stats.requests} requests, ${stats.retries} retries`,
    },
    { figure: `events stored (expected ${expected})`, measured: `${stored.distinct} distinct, ${stored.rows} rows`, ceiling: 'all, once' },
    { figure: 'lost / duplicated / given up', measured: `${lost} / ${duplicates} / ${stats.dropped}${errors.length ? ` (${errors.slice(0, 3).join(', ')})` : ''}`, ceiling: '0 / 0 / 0' },
  ];
  printTable('SDK (issue 4)', rows);
  if (lost !== 0 || duplicates !== 0 || stats.dropped !== 0) process.exitCode = 1;
}

if (import.meta.url === `file://${process.argv[1]}`) await runSdk();
