// Issue 2 figures: ingest throughput against its ceilings, query latency over 1M events, MCP call latency.
import { createClient } from '@libsql/client';
import autocannon from 'autocannon';
import { Engine } from '@headlessanalytics/engine';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { cpuPerRequest, freePort, idleShare, machineTicks, percentile, printTable, root, round, startChild, tempDatabaseUrl } from './lib.mjs';
import { createRequire } from 'node:module';

const API_KEY = 'ha_live_benchbenchbenchbenchbench0001';
const SERVER_BIN = `${root}packages/http-bridge/dist/bin.js`;
const MCP_BIN = `${root}packages/mcp-server/dist/bin.js`;
const quick = process.argv.includes('--quick');
const SCALE = quick ? 0.1 : 1;

function envelope(index, event = 'bench.batch') {
  return { event, actor: { type: 'customer', id: `u${index % 50_000}` }, properties: { revenue: index % 100, sku: 'ETH-250G' }, timestamp: 1_767_225_600_000 + index };
}

/** The raw libSQL insert rate of the same rows into the same schema: multi-row INSERTs in batch(), 1,000 rows a commit. */
async function rawInsertRate(rows) {
  const url = tempDatabaseUrl('raw');
  const engine = await Engine.open({ databaseUrl: url });
  await engine.close();
  const db = createClient({ url });
  await db.execute('PRAGMA journal_mode = WAL');
  await db.execute('PRAGMA synchronous = FULL');
  const columns = 'id, workspace_id, business_id, event, ts, received_at, actor_type, actor_id, object_type, object_id, trace_id, session_id, message_id, body';
  const placeholder = `(${columns.split(',').map(() => '?').join(',')})`;
  const bodies = Array.from({ length: 1000 }, (_, index) => JSON.stringify({ ...envelope(index), businessId: 'default' }));
  // A workspace id as long as the ones the server mints ('ws_' and a 26-character ULID): every index entry starts with it.
  const workspaceId = `ws_${'01kbrawinsert'.padEnd(26, '0')}`;
  let n = 0;
  const started = performance.now();
  for (let batch = 0; batch < rows / 1000; batch += 1) {
    const statements = [];
    for (let chunk = 0; chunk < 5; chunk += 1) {
      const args = [];
      for (let index = 0; index < 200; index += 1) {
        n += 1;
        args.push(`01RAW${String(n).padStart(21, '0')}`, workspaceId, 'default', 'bench.batch', 1_767_225_600_000 + n, Date.now(), 'customer', `u${n % 50_000}`, null, null, null, null, null, bodies[n % 1000]);
      }
      statements.push({ sql: `INSERT INTO events (${columns}) VALUES ${Array.from({ length: 200 }, () => placeholder).join(',')}`, args });
    }
    await db.batch(statements, 'write');
  }
  const rate = rows / ((performance.now() - started) / 1000);
  db.close();
  return rate;
}

async function startServer(label, extraEnv = {}) {
  const port = freePort();
  const url = tempDatabaseUrl(label);
  const server = await startChild(SERVER_BIN, {
    port,
    env: { HA_PORT: String(port), HA_HOST: '127.0.0.1', HA_DATABASE_URL: url, HA_API_KEY: API_KEY, HA_RATE_LIMIT_RPM: '100000000', ...extraEnv },
  });
  return { ...server, databaseUrl: url };
}

async function countEvents(databaseUrl, event) {
  const db = createClient({ url: databaseUrl });
  const result = await db.execute({ sql: 'SELECT count(*) AS n FROM events WHERE event = ?', args: [event] });
  db.close();
  return Number(result.rows[0].n);
}

async function batchIngestOverHttp(batches, concurrency) {
  const server = await startServer('batch');
  // Every batch is new traffic: its own events, later than the last batch's, over 50,000 users (generated
  // before the clock starts, so the client's work is not counted).
  const bodies = Array.from({ length: batches }, (_, batch) => JSON.stringify({ events: Array.from({ length: 1000 }, (_, index) => envelope(batch * 1000 + index)) }));
  let sent = 0;
  let acknowledged = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (sent < batches) {
        const body = bodies[sent++];
        const response = await fetch(`${server.url}/api/ingest`, { method: 'POST', headers: { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json' }, body });
        const json = await response.json();
        if (response.status !== 200) throw new Error(`batch ingest answered ${response.status}: ${JSON.stringify(json)}`);
        acknowledged += json.accepted;
      }
    }),
  );
  const rate = acknowledged / ((performance.now() - started) / 1000);
  const rss = server.rssMiB();
  await server.stop();
  const stored = await countEvents(server.databaseUrl, 'bench.batch');
  return { rate, acknowledged, stored, rss };
}

function cannon(url, options) {
  return new Promise((resolve, reject) => autocannon({ url, ...options }, (error, result) => (error ? reject(error) : resolve(result))));
}

/** Sums autocannon results of several rounds: requests and status counts add up, the rate is their mean, p99 the worst. */
function combined(results) {
  const sum = (pick) => results.reduce((total, result) => total + pick(result), 0);
  return {
    requests: { average: sum((result) => result.requests.average) / results.length, total: sum((result) => result.requests.total) },
    latency: { p99: Math.max(...results.map((result) => result.latency.p99)) },
    '2xx': sum((result) => result['2xx']),
    non2xx: sum((result) => result.non2xx),
  };
}

const median = (values) => percentile(values, 50);

/**
 * Single events against their two ceilings. The VM's speed drifts within minutes, so the three servers run
 * side by side (idle while another is loaded) and take turns: ROUNDS rounds of bare, minimal, ours. Each
 * ratio is taken within a round, and the median of the rounds is reported.
 */
async function singleEventIngest(seconds, rounds) {
  const body = JSON.stringify({ event: 'bench.single', actor: { type: 'customer', id: 'anon_1' }, properties: { sku: 'ETH-250G', revenue: 22 } });
  const request = { method: 'POST', body, headers: { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json' }, connections: 64, duration: seconds };
  // Each server's CPU time per request (main thread, and all its threads) is read around its runs.
  const cpuOf = { bare: [], minimal: [], ours: [] };
  async function measured(label, server, path = '/api/ingest', options = request) {
    const before = server.cpu();
    const machine = machineTicks();
    const client = process.cpuUsage();
    const result = await cannon(`${server.url}${path}`, options);
    const used = process.cpuUsage(client);
    const cpu = cpuPerRequest(before, server.cpu(), result.requests.total);
    // The load generator runs in this process: its CPU per request, beside the server's; and how much of the
    // two cores was left idle.
    const idle = idleShare(machine, machineTicks()) ?? NaN;
    if (cpu) cpuOf[label]?.push({ ...cpu, client: (used.user + used.system) / result.requests.total, idle, requests: result.requests.total });
    return result;
  }
  const barePort = freePort();
  const bare = await startChild(`${root}bench/bare-http-server.mjs`, { port: barePort, env: { PORT: String(barePort) } });
  const minimalPort = freePort();
  const minimal = await startChild(`${root}bench/minimal-ingest-server.mjs`, { port: minimalPort, env: { PORT: String(minimalPort), DATABASE_URL: tempDatabaseUrl('minimal') } });
  const server = await startServer('single');
  const healthOf = async () => (await fetch(`${server.url}/api/health`)).json();
  // A first, uncounted run each: a new database file grows (and its fsyncs are slow) until its WAL wraps.
  const warmup = (target) => cannon(`${target.url}/api/ingest`, { ...request, duration: 2 });
  await warmup(bare);
  await warmup(minimal);
  const warmupAcked = (await warmup(server))['2xx'];
  const before = await healthOf();
  const runs = { bare: [], minimal: [], ours: [] };
  for (let round = 0; round < rounds; round += 1) {
    runs.bare.push(await measured('bare', bare));
    runs.minimal.push(await measured('minimal', minimal));
    runs.ours.push(await measured('ours', server));
  }
  const health = await healthOf();
  const rss = server.rssMiB();
  await bare.stop();
  await minimal.stop();
  // The same server, single events into an Agent Analytics project: its rollups and sessions are kept in
  // each commit (5,000 users, each event with three dimension properties).
  const created = await (
    await fetch(`${server.url}/projects`, {
      method: 'POST',
      headers: { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'bench-track' }),
    })
  ).json();
  let sent = 0;
  const track = (req) => {
    sent += 1;
    const properties = { path: `/p${sent % 20}`, referrer: 'google', country: 'US' };
    return { ...req, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token: created.project_token, event: 'page_view', user_id: `u${sent % 5000}`, properties }) };
  };
  cpuOf.track = [];
  const trackRun = await measured('track', server, '/track', { method: 'POST', connections: 64, duration: seconds, requests: [{ setupRequest: track }] });
  await server.stop();
  const stored = await countEvents(server.databaseUrl, 'bench.single');
  const trackStored = await countEvents(server.databaseUrl, 'page_view');
  // CPU per request over all of a server's rounds.
  const cpu = (readings) => {
    if (readings.length === 0) return null;
    const requests = readings.reduce((total, reading) => total + reading.requests, 0);
    const weighted = (key) => readings.reduce((total, reading) => total + reading[key] * reading.requests, 0) / requests;
    return { main: weighted('main'), process: weighted('process'), client: weighted('client'), idle: weighted('idle') };
  };
  const rate = (result) => result.requests.average;
  return {
    rounds: runs,
    bare: combined(runs.bare),
    minimal: combined(runs.minimal),
    ours: combined(runs.ours),
    minimalRatio: median(runs.minimal.map((result, round) => rate(result) / rate(runs.bare[round]))),
    oursRatio: median(runs.ours.map((result, round) => rate(result) / rate(runs.bare[round]))),
    oursOfMinimal: median(runs.ours.map((result, round) => rate(result) / rate(runs.minimal[round]))),
    track: trackRun,
    trackStored,
    cpu: { bare: cpu(cpuOf.bare), minimal: cpu(cpuOf.minimal), ours: cpu(cpuOf.ours), track: cpu(cpuOf.track) },
    eventsPerCommit: (health.ingest.committedEvents - before.ingest.committedEvents) / (health.ingest.commits - before.ingest.commits),
    meanQueueMs: health.ingest.meanQueueMs,
    meanCommitMs: health.ingest.meanCommitMs,
    gcPauseMsPer1000: ((health.runtime.gcPauseMs - before.runtime.gcPauseMs) / combined(runs.ours).requests.total) * 1000,
    stored,
    warmupAcked,
    rss,
  };
}

/**
 * The writer's CPU per commit of `rows` event rows plus a rollup upsert, as the writer thread runs it (native
 * driver, compiled statements, WAL, synchronous=FULL): what a commit costs by its size.
 */
async function writerCommitCost(rows, commits) {
  const url = tempDatabaseUrl('commit');
  const engine = await Engine.open({ databaseUrl: url });
  await engine.close();
  const Database = createRequire(import.meta.url)('libsql');
  const db = new Database(url.slice('file:'.length));
  for (const pragma of ['PRAGMA synchronous = FULL', 'PRAGMA cache_size = -65536', 'PRAGMA temp_store = MEMORY']) db.exec(pragma);
  const columns = 'id, workspace_id, business_id, event, ts, received_at, actor_type, actor_id, object_type, object_id, trace_id, session_id, message_id, body';
  const insert = db.prepare(`INSERT INTO events (${columns}) VALUES ${Array.from({ length: rows }, () => `(${columns.split(',').map(() => '?').join(',')})`).join(',')}`);
  const rollup = db.prepare(
    'INSERT INTO event_rollups (workspace_id, event, hour, business_id, field, count, sum) VALUES (?,?,?,?,?,?,?),(?,?,?,?,?,?,?) ' +
      'ON CONFLICT (workspace_id, hour, event, business_id, field) DO UPDATE SET count = count + excluded.count, sum = sum + excluded.sum',
  );
  const body = JSON.stringify({ event: 'bench.single', actor: { type: 'customer', id: 'anon_1' }, properties: { sku: 'ETH-250G', revenue: 22 }, businessId: 'default', timestamp: 1_767_225_600_000 });
  const workspace = 'ws_01m8sekkffgrns1yb91xegmm3c';
  let n = 0;
  const before = process.cpuUsage();
  for (let commit = 0; commit < commits; commit += 1) {
    const args = [];
    const now = Date.now();
    for (let row = 0; row < rows; row += 1) {
      n += 1;
      args.push(`01COMMIT${String(n).padStart(18, '0')}`, workspace, 'default', 'bench.single', now, now, 'customer', 'anon_1', null, null, null, null, null, body);
    }
    db.exec('BEGIN IMMEDIATE');
    insert.run(args);
    rollup.run([workspace, 'bench.single', 0, 'default', '', rows, 0, workspace, 'bench.single', 0, 'default', 'properties.revenue', rows, 22 * rows]);
    db.exec('COMMIT');
  }
  const used = process.cpuUsage(before);
  db.close();
  return (used.user + used.system) / commits;
}

async function queryLatency(events) {
  const engine = await Engine.open({ databaseUrl: tempDatabaseUrl('query'), rateLimitPerMinute: 0 });
  const { workspace } = await engine.bootstrap();
  const principal = engine.localPrincipal(workspace.id);
  const names = ['page_view', 'page_view', 'page_view', 'product_view', 'product_view', 'add_to_cart', 'checkout', 'order.created', 'qr.bag_scanned', 'search'];
  const start = Date.UTC(2026, 0, 1);
  const span = 90 * 86_400_000;
  let seed = 42;
  const random = () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let value = Math.imul(seed ^ (seed >>> 15), seed | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4_294_967_296;
  };
  const seedStarted = performance.now();
  for (let offset = 0; offset < events; offset += 1000) {
    const batch = Array.from({ length: 1000 }, (_, index) => {
      const n = offset + index;
      return { event: names[Math.floor(random() * names.length)], actor: `u${Math.floor(random() * 50_000)}`, timestamp: start + Math.floor((n / events) * span), properties: { revenue: n % 50 } };
    });
    const result = await engine.invoke('ingest_event', { events: batch }, { principal, surface: 'internal' });
    if (!result.ok) throw result.error;
  }
  const seedSeconds = (performance.now() - seedStarted) / 1000;
  const time = async (name, input, runs = 7) => {
    const samples = [];
    for (let run = 0; run < runs; run += 1) {
      const started = performance.now();
      const result = await engine.invoke(name, input, { principal, surface: 'internal' });
      samples.push(performance.now() - started);
      if (!result.ok) throw result.error;
    }
    return percentile(samples, 50);
  };
  const range = { from: start, to: start + span };
  const funnelInput = { ...range, steps: [{ event: 'page_view' }, { event: 'add_to_cart' }, { event: 'order.created' }], conversionWindowHours: 168 };
  const coldStarted = performance.now();
  await engine.invoke('query_funnel', funnelInput, { principal, surface: 'internal' });
  const funnelCold = performance.now() - coldStarted;
  const funnel = await time('query_funnel', { ...range, steps: [{ event: 'page_view' }, { event: 'add_to_cart' }, { event: 'order.created' }], conversionWindowHours: 168 });
  const metrics = await time('query_metrics', { from: start + 1234, to: start + span - 4321 });
  const metricsDaily = await time('query_metrics', { ...range, interval: 'day' });
  await engine.close();
  return { seedRate: events / seedSeconds, funnelCold, funnel, metrics, metricsDaily };
}

async function mcpLatency(calls) {
  const measure = async (client, name, args) => {
    for (let index = 0; index < 50; index += 1) await client.callTool({ name, arguments: args });
    const samples = [];
    for (let index = 0; index < calls; index += 1) {
      const started = performance.now();
      const result = await client.callTool({ name, arguments: args });
      samples.push(performance.now() - started);
      if (result.isError) throw new Error(JSON.stringify(result.content));
    }
    await client.close();
    return percentile(samples, 50);
  };
  const stdio = (command, args, env = {}) => {
    const client = new Client({ name: 'bench', version: '0.0.0' });
    return client.connect(new StdioClientTransport({ command, args, env: { ...process.env, ...env } })).then(() => client);
  };
  const http = async (url, headers = {}) => {
    const client = new Client({ name: 'bench', version: '0.0.0' });
    await client.connect(new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers } }));
    return client;
  };
  const bareStdio = await measure(await stdio(process.execPath, [`${root}bench/bare-mcp-server.mjs`]), 'echo', {});
  const oursStdio = await measure(await stdio(process.execPath, [MCP_BIN], { HA_DATABASE_URL: tempDatabaseUrl('mcp') }), 'get_runtime_health', {});
  const barePort = freePort();
  const bare = await startChild(`${root}bench/bare-mcp-server.mjs`, { port: barePort, args: ['--http'], env: { PORT: String(barePort) } });
  const bareHttp = await measure(await http(`${bare.url}/mcp`), 'echo', {});
  await bare.stop();
  const server = await startServer('mcp-http');
  const oursHttp = await measure(await http(`${server.url}/mcp`, { authorization: `Bearer ${API_KEY}` }), 'get_runtime_health', {});
  const rss = server.rssMiB();
  await server.stop();
  return { bareStdio, oursStdio, bareHttp, oursHttp, rss };
}

export async function runQueries(events) {
  return queryLatency(events);
}

export async function runFoundation() {
  const rows = [];
  // The VM's speed drifts within minutes: the ceiling is measured before and after the batch run, and their mean is the ratio's base.
  const rawBefore = await rawInsertRate(Math.round(100_000 * SCALE));
  const batch = await batchIngestOverHttp(Math.round(300 * SCALE), 4);
  const rawAfter = await rawInsertRate(Math.round(100_000 * SCALE));
  const raw = (rawBefore + rawAfter) / 2;
  rows.push({
    figure: 'raw libSQL multi-row insert (same rows, same schema), mean of runs before / after the batch run',
    measured: `${Math.round(raw)} rows/s (${Math.round(rawBefore)} / ${Math.round(rawAfter)})`,
    ceiling: 'ceiling',
  });
  rows.push({
    figure: `batch ingest over HTTP, 1,000-event batches (${batch.acknowledged} acked, ${batch.stored} stored)`,
    measured: `${Math.round(batch.rate)} events/s`,
    ceiling: `≥ 50,000/s and ≥ 70% of raw`,
    ratio: `${round((batch.rate / raw) * 100, 1)}% of raw`,
  });
  const single = await singleEventIngest(quick ? 2 : 5, 3);
  // Every acknowledged event must be stored: the uncounted first run's too (a run may end with events stored but not yet answered).
  const acked = single.ours['2xx'] + single.warmupAcked;
  const rates = (results) => results.map((result) => Math.round(result.requests.average)).join(' / ');
  const ratios = (results) => results.map((result, index) => `${round((result.requests.average / single.rounds.bare[index].requests.average) * 100, 1)}%`).join(' / ');
  rows.push({
    figure: 'bare node:http, 64 connections: rounds 1 / 2 / 3 (mean)',
    measured: `${rates(single.rounds.bare)} req/s (${Math.round(single.bare.requests.average)}), p99 ${single.bare.latency.p99} ms`,
    ceiling: 'ceiling',
  });
  rows.push({
    figure: 'minimal durable server: node:http + JSON.parse + one multi-row INSERT per loop turn (synchronous=FULL), 64 connections, rounds 1 / 2 / 3',
    measured: `${rates(single.rounds.minimal)} events/s, p99 ${single.minimal.latency.p99} ms`,
    ceiling: 'ceiling',
    ratio: `${round(single.minimalRatio * 100, 1)}% of bare (median; rounds ${ratios(single.rounds.minimal)})`,
  });
  rows.push({
    figure: `single-event POST /api/ingest, 64 connections, rounds 1 / 2 / 3 (${acked} acked with the first run, ${single.stored} stored, ${single.ours.non2xx} non-2xx)`,
    measured: `${rates(single.rounds.ours)} events/s, p99 ${single.ours.latency.p99} ms`,
    ceiling: '≥ 7,000/s and ≥ 50% of bare',
    ratio: `${round(single.oursRatio * 100, 1)}% of bare (median; rounds ${ratios(single.rounds.ours)}), ${round(single.oursOfMinimal * 100, 1)}% of minimal`,
  });
  const cpu = (reading) => (reading ? `${round(reading.main, 1)} / ${round(reading.process, 1)} (${round(reading.client, 1)}), ${Math.round(reading.idle)}% idle` : 'n/a');
  rows.push({
    figure: 'server CPU per request in those runs, µs: main thread / all threads (load generator), and the share of the two cores left idle or waiting on the disk; our events per commit',
    measured: `bare ${cpu(single.cpu.bare)}; minimal ${cpu(single.cpu.minimal)}; ours ${cpu(single.cpu.ours)}; ${round(single.eventsPerCommit, 1)}`,
  });
  rows.push({
    figure: `single-event POST /track into an Agent Analytics project (rollups and sessions in each commit), 64 connections (${single.track['2xx']} acked, ${single.trackStored} stored, ${single.track.non2xx} non-2xx)`,
    measured: `${Math.round(single.track.requests.average)} events/s, p99 ${single.track.latency.p99} ms; server CPU per request, µs: ${cpu(single.cpu.track)}`,
  });
  rows.push({
    figure: 'our server during that run: mean wait for a commit to start / mean commit until durable, ms; GC pause per 1,000 requests',
    measured: `${round(single.meanQueueMs, 2)} / ${round(single.meanCommitMs, 2)} ms; ${round(single.gcPauseMsPer1000, 1)} ms`,
  });
  const perCommit = [];
  for (const size of [1, 25, 100]) perCommit.push([size, await writerCommitCost(size, quick ? 300 : 2000)]);
  rows.push({
    figure: `writer CPU per commit of 1 / 25 / 100 event rows (+ rollup upsert), µs (per row)`,
    measured: perCommit.map(([size, cost]) => `${Math.round(cost)} (${round(cost / size, 1)})`).join(' / '),
  });
  const queries = await queryLatency(Math.round(1_000_000 * SCALE));
  rows.push({ figure: `seed via ingest_event in-process (${Math.round(1_000_000 * SCALE)} events)`, measured: `${Math.round(queries.seedRate)} events/s` });
  rows.push({ figure: 'query_funnel, first call (loads the timeline index)', measured: `${round(queries.funnelCold)} ms` });
  rows.push({ figure: 'query_funnel, 3 steps, 90 days, p50', measured: `${round(queries.funnel)} ms`, ceiling: '≤ 250 ms' });
  rows.push({ figure: 'query_metrics, all events, ms-precise edges, p50', measured: `${round(queries.metrics)} ms`, ceiling: '≤ 100 ms' });
  rows.push({ figure: 'query_metrics, daily buckets, p50', measured: `${round(queries.metricsDaily)} ms`, ceiling: '≤ 100 ms' });
  const mcp = await mcpLatency(quick ? 200 : 1000);
  rows.push({ figure: 'MCP stdio tool call p50 (bare SDK echo tool)', measured: `${round(mcp.bareStdio, 3)} ms`, ceiling: 'ceiling' });
  rows.push({ figure: 'MCP stdio tool call p50 (get_runtime_health)', measured: `${round(mcp.oursStdio, 3)} ms`, ceiling: '≤ 1 ms', ratio: `${round(mcp.oursStdio / mcp.bareStdio, 2)}× bare` });
  rows.push({ figure: 'MCP streamable HTTP p50 (bare SDK, stateless)', measured: `${round(mcp.bareHttp, 3)} ms`, ceiling: 'ceiling' });
  rows.push({ figure: 'MCP streamable HTTP p50 (our server, session)', measured: `${round(mcp.oursHttp, 3)} ms`, ceiling: '≤ 4 ms', ratio: `${round(mcp.oursHttp / mcp.bareHttp, 2)}× bare` });
  rows.push({ figure: 'server RSS after batch / single / MCP runs', measured: `${batch.rss} / ${single.rss} / ${mcp.rss} MiB` });
  printTable('Foundation (issue 2)', rows);
}

if (import.meta.url === `file://${process.argv[1]}`) await runFoundation();
