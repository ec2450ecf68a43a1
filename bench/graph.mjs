// Operating graph figures (issue 14): ingest throughput with the graph upsert on vs off (HA_GRAPH=off), same dataset,
// same run, measured as bench/foundation.mjs measures ingest: 1,000-event batches over HTTP (4 in flight) and single
// events at 64 connections, each against two servers side by side taking turns (the VM's speed drifts within minutes);
// then in-process batches through ingest_event, including a run without the events_by_object index (the store as it
// was before the graph domain); then the graph reads over what was kept. Two datasets: foundation.mjs's (an actor per
// event) and a graph-heavy one (actor, object, one event in ten an entity bag). `node bench/graph.mjs [--quick]` or
// `npm run bench -- graph`.
import { createClient } from '@libsql/client';
import autocannon from 'autocannon';
import { Engine } from '@headlessanalytics/engine';
import { freePort, percentile, printTable, root, round, startChild, tempDatabaseUrl } from './lib.mjs';

const API_KEY = 'ha_live_benchbenchbenchbenchbench0001';
const SERVER_BIN = `${root}packages/http-bridge/dist/bin.js`;
const quick = process.argv.includes('--quick');
const SCALE = quick ? 0.2 : 1;
const START = 1_767_225_600_000;

/**
 * The dataset: 50,000 customers acting on 2,000 products and 200 campaigns; every event has an actor and an object,
 * one in four a property on its actor, one in ten an `entity` bag (the campaign). Event `index` is the same on every run.
 */
function envelope(index, event = 'graph.batch') {
  const names = ['product.viewed', 'qr.scanned', 'cart.added', 'order.created'];
  const value = {
    event: event === 'graph.batch' ? names[index % names.length] : event,
    actor: index % 4 === 0 ? { type: 'customer', id: `c${index % 50_000}`, properties: { tier: index % 3 ? 'gold' : 'silver' } } : { type: 'customer', id: `c${index % 50_000}` },
    object: { type: 'product', id: `p${(index * 7) % 2_000}` },
    properties: { revenue: index % 100, sku: 'ETH-250G' },
    timestamp: START + index,
  };
  if (index % 10 === 0) value.entity = { type: 'campaign', id: `k${index % 200}`, properties: { channel: 'qr' } };
  return value;
}

/** bench/foundation.mjs's batch dataset: an actor only (50,000 customers), two properties. */
function foundationEnvelope(index) {
  return { event: 'bench.batch', actor: { type: 'customer', id: `u${index % 50_000}` }, properties: { revenue: index % 100, sku: 'ETH-250G' }, timestamp: START + index };
}

async function startServer(label, graph) {
  const port = freePort();
  const url = tempDatabaseUrl(label);
  const server = await startChild(SERVER_BIN, {
    port,
    env: { HA_PORT: String(port), HA_HOST: '127.0.0.1', HA_DATABASE_URL: url, HA_API_KEY: API_KEY, HA_RATE_LIMIT_RPM: '100000000', HA_GRAPH: graph ? 'on' : 'off' },
  });
  return { ...server, databaseUrl: url };
}

async function count(databaseUrl, sql) {
  const db = createClient({ url: databaseUrl });
  const result = await db.execute(sql);
  db.close();
  return Number(result.rows[0].n);
}

/** `batches` 1,000-event batches, 4 in flight: acknowledged events per second. */
async function batchRound(server, bodies) {
  let sent = 0;
  let acknowledged = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      while (sent < bodies.length) {
        const body = bodies[sent++];
        const response = await fetch(`${server.url}/api/ingest`, { method: 'POST', headers: { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json' }, body });
        const json = await response.json();
        if (response.status !== 200) throw new Error(`batch ingest answered ${response.status}: ${JSON.stringify(json)}`);
        acknowledged += json.accepted;
      }
    }),
  );
  return acknowledged / ((performance.now() - started) / 1000);
}

function cannon(url, options) {
  return new Promise((resolve, reject) => autocannon({ url, ...options }, (error, result) => (error ? reject(error) : resolve(result))));
}

/** Single events at 64 connections, each request a new event of the dataset (its index counts up per server). */
function singleRound(server, seconds, offset) {
  let next = offset;
  const request = (req) => ({ ...req, body: JSON.stringify(envelope(next++, 'graph.single')) });
  return cannon(`${server.url}/api/ingest`, {
    method: 'POST', headers: { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json' }, connections: 64, duration: seconds, requests: [{ setupRequest: request }],
  });
}

async function overHttp(rounds, batchesPerRound, seconds) {
  const off = await startServer('graph-off', false);
  const on = await startServer('graph-on', true);
  const batch = { off: [], on: [] };
  const foundation = { off: [], on: [] };
  const single = { off: [], on: [] };
  // A first, uncounted run each: a new database file is slow until its WAL wraps.
  for (const server of [off, on]) await singleRound(server, 2, 10_000_000);
  for (let round = 0; round < rounds; round += 1) {
    // Each round's batches are new events (later than the last round's), the same for both servers.
    const bodies = Array.from({ length: batchesPerRound }, (_, index) =>
      JSON.stringify({ events: Array.from({ length: 1000 }, (_, n) => envelope((round * batchesPerRound + index) * 1000 + n)) }));
    // The order alternates, so neither server always runs first.
    const order = round % 2 === 0 ? ['off', 'on'] : ['on', 'off'];
    for (const label of order) batch[label].push(await batchRound(label === 'on' ? on : off, bodies));
    const plain = Array.from({ length: batchesPerRound }, (_, index) =>
      JSON.stringify({ events: Array.from({ length: 1000 }, (_, n) => foundationEnvelope((round * batchesPerRound + index) * 1000 + n)) }));
    for (const label of order) foundation[label].push(await batchRound(label === 'on' ? on : off, plain));
    for (const label of order) single[label].push((await singleRound(label === 'on' ? on : off, seconds, 20_000_000 + round * 1_000_000)).requests.average);
  }
  await off.stop();
  await on.stop();
  const kept = {
    events: await count(on.databaseUrl, 'SELECT count(*) AS n FROM events'),
    entities: await count(on.databaseUrl, 'SELECT count(*) AS n FROM graph_entities'),
    relationships: await count(on.databaseUrl, 'SELECT count(*) AS n FROM graph_relationships'),
    offEntities: await count(off.databaseUrl, 'SELECT count(*) AS n FROM graph_entities'),
  };
  return { batch, foundation, single, kept, onUrl: on.databaseUrl };
}

/** In-process: `events` events through ingest_event, 1,000 a call, 4 calls in flight. */
async function inProcess(events, options, dropObjectIndex = false) {
  const engine = await Engine.open({ databaseUrl: tempDatabaseUrl('graph-inproc'), rateLimitPerMinute: 0, ...options });
  if (dropObjectIndex) await engine.services.store.execute('DROP INDEX events_by_object');
  const { workspace } = await engine.bootstrap();
  const principal = engine.localPrincipal(workspace.id);
  const started = performance.now();
  const pending = [];
  for (let offset = 0; offset < events; offset += 1000) {
    const batch = Array.from({ length: 1000 }, (_, index) => envelope(offset + index));
    pending.push(engine.invoke('ingest_event', { events: batch }, { principal, surface: 'internal' }).then((result) => {
      if (!result.ok) throw result.error;
    }));
    if (pending.length >= 4) await pending.shift();
  }
  await Promise.all(pending);
  const rate = events / ((performance.now() - started) / 1000);
  await engine.close();
  return rate;
}

/** Median latency of the graph reads over the HTTP run's graph (opened in-process on its file). */
async function readLatency(databaseUrl) {
  const engine = await Engine.open({ databaseUrl, rateLimitPerMinute: 0 });
  const { workspace } = await engine.bootstrap({ apiKey: API_KEY });
  const principal = engine.localPrincipal(workspace.id);
  const time = async (name, input, runs = 21) => {
    const samples = [];
    for (let run = 0; run < runs; run += 1) {
      const started = performance.now();
      const result = await engine.invoke(name, input, { principal, surface: 'internal' });
      samples.push(performance.now() - started);
      if (!result.ok) throw new Error(`${name}: ${JSON.stringify(result.error.toJSON())}`);
    }
    return percentile(samples, 50);
  };
  const figures = {
    entity: await time('get_entity', { type: 'product', id: 'p7', limit: 50 }),
    list: await time('list_entities', { type: 'customer', limit: 50 }),
    timeline: await time('get_entity_timeline', { type: 'customer', id: 'c1', limit: 50 }),
    path: await time('find_entity_path', { fromType: 'customer', fromId: 'c1', toType: 'campaign', toId: 'k10' }),
    subgraph: await time('export_subgraph', { seeds: [{ type: 'customer', id: 'c1' }], depth: 2, maxNodes: 500, maxEdges: 2000 }),
  };
  await engine.close();
  return figures;
}

export async function runGraph() {
  const rows = [];
  const median = (values) => percentile(values, 50);
  const rates = (values) => values.map((value) => Math.round(value)).join(' / ');
  const http = await overHttp(3, Math.round(60 * SCALE), quick ? 2 : 5);
  const ratio = (on, off) => median(on.map((value, index) => value / off[index]));
  const batchRatio = ratio(http.batch.on, http.batch.off);
  rows.push({ figure: 'batch ingest over HTTP, 1,000-event batches, graph off (HA_GRAPH=off): rounds 1 / 2 / 3', measured: `${rates(http.batch.off)} events/s`, ceiling: 'baseline' });
  rows.push({
    figure: 'batch ingest over HTTP, same batches, graph on: rounds 1 / 2 / 3',
    measured: `${rates(http.batch.on)} events/s`,
    ceiling: '≥ 85% of off',
    ratio: `${round(batchRatio * 100, 1)}% of off (median of the rounds)`,
  });
  rows.push({
    figure: "batch ingest over HTTP, foundation.mjs's dataset (an actor per event, no object): graph off / on, rounds 1 / 2 / 3",
    measured: `${rates(http.foundation.off)} / ${rates(http.foundation.on)} events/s`,
    ceiling: 'on ≥ 85% of off',
    ratio: `${round(ratio(http.foundation.on, http.foundation.off) * 100, 1)}% of off (median)`,
  });
  const singleRatio = ratio(http.single.on, http.single.off);
  rows.push({ figure: 'single-event POST /api/ingest, 64 connections, graph off: rounds 1 / 2 / 3', measured: `${rates(http.single.off)} events/s`, ceiling: 'baseline' });
  rows.push({ figure: 'single-event POST /api/ingest, 64 connections, graph on: rounds 1 / 2 / 3', measured: `${rates(http.single.on)} events/s`, ceiling: '≥ 85% of off', ratio: `${round(singleRatio * 100, 1)}% of off (median)` });
  rows.push({
    figure: 'graph kept by the on server (off server: entities)',
    measured: `${http.kept.events} events → ${http.kept.entities} entities, ${http.kept.relationships} relationships (${http.kept.offEntities})`,
  });
  const events = Math.round(100_000 * SCALE);
  const inproc = { before: [], off: [], on: [] };
  const runs = { before: () => inProcess(events, { graph: false }, true), off: () => inProcess(events, { graph: false }), on: () => inProcess(events, { graph: true }) };
  for (let round = 0; round < 3; round += 1) {
    // The order turns each round, so no variant always runs first or last.
    const order = [['before', 'off', 'on'], ['on', 'before', 'off'], ['off', 'on', 'before']][round];
    for (const label of order) inproc[label].push(await runs[label]());
  }
  rows.push({
    figure: `in-process ingest_event, ${events} events in 1,000-event calls: before the graph domain (graph off, no events_by_object) / graph off / graph on, medians of 3 rounds`,
    measured: `${Math.round(median(inproc.before))} / ${Math.round(median(inproc.off))} / ${Math.round(median(inproc.on))} events/s`,
    ceiling: 'on ≥ 85% of off',
    ratio: `on: ${round(ratio(inproc.on, inproc.off) * 100, 1)}% of off, ${round(ratio(inproc.on, inproc.before) * 100, 1)}% of before`,
  });
  const reads = await readLatency(http.onUrl);
  rows.push({
    figure: `graph reads over that graph, p50: get_entity (product, 50 relationships) / list_entities (customer, 50) / get_entity_timeline (50) / find_entity_path / export_subgraph (2 hops, ≤ 500 nodes)`,
    measured: `${round(reads.entity)} / ${round(reads.list)} / ${round(reads.timeline)} / ${round(reads.path)} / ${round(reads.subgraph)} ms`,
  });
  printTable('Operating graph (issue 14)', rows);
}

if (import.meta.url === `file://${process.argv[1]}`) await runGraph();
