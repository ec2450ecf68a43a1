// Agent Analytics figures: 1,000,000 events over 90 days from 50,000 users in an embedded libSQL file,
// the full-window reads (stats, breakdown, insights, heatmap, funnel with breakdown, weekly retention),
// the ingest cost of the rollups kept on ingest, and /track + /health latency while 90-day stats run
// back to back. Usage: node bench/analytics.mjs [--events 1000000] [--users 50000] [--keep] [--reuse <dir kept by --keep>]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { Engine } from '@headlessanalytics/engine';
import { startServer } from '@headlessanalytics/http-bridge';
import { generate as generateEvents } from './dataset.mjs';

const argument = (name, fallback) => {
  const index = process.argv.indexOf(`--${name}`);
  return index === -1 ? fallback : Number(process.argv[index + 1]);
};
const EVENTS = argument('events', 1_000_000);
const USERS = argument('users', 50_000);
const DAYS = 90;

async function seed(engine, workspaceId, projectId, now, total) {
  const started = performance.now();
  const batch = [];
  const pending = [];
  const flush = () => {
    const envelopes = batch.splice(0).map((event) => ({
      event: event.event, businessId: projectId, actor: { type: 'user', id: event.user_id }, properties: event.properties, timestamp: event.timestamp,
    }));
    pending.push(engine.services.events.ingest(workspaceId, envelopes, now));
  };
  for (const event of generateEvents(now, total, { users: USERS, days: DAYS })) {
    batch.push(event);
    if (batch.length === 5000) flush();
    if (pending.length >= 4) await pending.shift();
  }
  if (batch.length) flush();
  await Promise.all(pending);
  return (performance.now() - started) / 1000;
}

async function time(label, budgetMs, run, repeat = 5) {
  await run();
  const samples = [];
  for (let index = 0; index < repeat; index += 1) {
    const started = performance.now();
    const result = await run();
    samples.push(performance.now() - started);
    if (!result.ok) throw new Error(`${label}: ${JSON.stringify(result.error)}`);
  }
  samples.sort((a, b) => a - b);
  const median = samples[Math.floor(samples.length / 2)];
  const verdict = budgetMs === null ? 'no target' : `budget ${budgetMs} ms  ${median <= budgetMs ? 'OK' : 'OVER'}`;
  console.log(`${label.padEnd(44)} median ${median.toFixed(1).padStart(7)} ms  max ${samples.at(-1).toFixed(1).padStart(7)} ms  ${verdict}`);
  return median;
}

const percentile = (samples, p) => [...samples].sort((a, b) => a - b)[Math.min(samples.length - 1, Math.floor(samples.length * p))];

async function ingestCost(events) {
  // The same events through the group-commit writer, with the analytics hook (every engine) vs. without
  // it (a bare EventWriter on its own file): the difference is what the rollups and sessions cost.
  const { EventWriter } = await import('../packages/engine/dist/domain/events/event-writer.js');
  const { openLibsqlStore } = await import('../packages/engine/dist/store/libsql/libsql-store.js');
  const results = {};
  for (const withHook of [false, true]) {
    const dir = mkdtempSync(join(tmpdir(), 'ha-ingest-'));
    const now = Date.now();
    let seconds;
    if (withHook) {
      const engine = await Engine.open({ databaseUrl: `file:${join(dir, 'db')}` });
      const { workspace } = await engine.bootstrap();
      // The rollups are kept for Agent Analytics projects' events: seed into one.
      const project = await engine.services.projects.create(workspace.id, { name: 'cost', allowedOrigins: [] }, 10);
      seconds = await seed(engine, workspace.id, project.project.id, now, events);
      await engine.close();
    } else {
      const store = await openLibsqlStore({ url: `file:${join(dir, 'db')}` });
      const writer = new EventWriter(store);
      seconds = await seed({ services: { events: { ingest: (ws, envelopes, at) => writer.write(envelopes.map((envelope) => ({ workspaceId: ws, receivedAt: at, envelope }))) } } }, 'ws', 'p', now, events);
      await writer.close();
      await store.close();
    }
    rmSync(dir, { recursive: true, force: true });
    results[withHook ? 'withRollups' : 'plain'] = Math.round(events / seconds);
  }
  console.log(`ingest (${events} events, 5,000 per call): plain writer ${results.plain} events/s, with sessions + rollups ${results.withRollups} events/s (${(100 * (1 - results.withRollups / results.plain)).toFixed(0)}% slower)`);
}

const reuse = process.argv.includes('--reuse') ? process.argv[process.argv.indexOf('--reuse') + 1] : undefined;
const dir = reuse ?? mkdtempSync(join(tmpdir(), 'ha-analytics-'));
try {
  if (!reuse) await ingestCost(Math.min(50_000, EVENTS));
  const engine = await Engine.open({ databaseUrl: `file:${join(dir, 'db')}` });
  const { workspace } = await engine.bootstrap();
  const { apiKey } = await engine.services.tenancy.createApiKey(workspace.id, { name: 'bench', scopes: ['admin'], environment: 'test' });
  const principal = await engine.authenticate({ apiKey });
  const call = (name, input) => engine.invoke(name, input, { principal, surface: 'internal' });
  const project = (await call('create_project', { name: 'bench-site' })).output;
  if (!reuse) {
    const seconds = await seed(engine, principal.workspaceId, project.id, Date.now(), EVENTS);
    console.log(`seeded ${EVENTS} events from ${USERS} users over ${DAYS} days in ${seconds.toFixed(1)} s (${Math.round(EVENTS / seconds)} events/s)`);
  }
  console.log(`reads on ${engine.services.analytics.reader.mode}`);
  const p = 'bench-site';
  await time('get_stats since 90d (groupBy day)', 300, () => call('get_stats', { project: p, since: '90d' }));
  await time('get_breakdown referrer since 90d', 300, () => call('get_breakdown', { project: p, property: 'referrer', since: '90d' }));
  await time('get_breakdown country of signup_start 90d', 300, () => call('get_breakdown', { project: p, property: 'country', event: 'signup_start', since: '90d' }));
  await time('get_insights period 90d', 300, () => call('get_insights', { project: p, period: '90d' }));
  await time('get_heatmap since 90d (Asia/Tokyo)', 300, () => call('get_heatmap', { project: p, since: '90d', timezone: 'Asia/Tokyo' }));
  await time('get_heatmap 90d across a DST change (New York)', 300, () => call('get_heatmap', { project: p, since: '90d', timezone: 'America/New_York' }));
  const steps = [{ event: 'page_view' }, { event: 'signup_start' }, { event: 'signup_complete' }];
  await time('analyze_funnel 3 steps, breakdown referrer', 800, () => call('analyze_funnel', { project: p, steps, since: '90d', breakdown: 'referrer' }));
  await time('get_retention week × 12 cohorts', 800, () => call('get_retention', { project: p, period: 'week', cohorts: 12 }));
  // run_query: shapes answered from the rollups (unfiltered counts by event/date, users and sessions by date, events
  // by country), and the day-by-day ones again with a filter every event passes, which reads the raw events.
  const query = (input) => () => call('run_query', { project: p, date_from: '90d', ...input });
  const counts = { metrics: ['event_count', 'unique_users', 'session_count'], group_by: ['date'] };
  await time('run_query event_count 90d', null, query({ metrics: ['event_count'] }));
  await time('run_query event_count by event 90d', null, query({ metrics: ['event_count'], group_by: ['event'] }));
  await time('run_query events + users by date 90d', null, query({ metrics: ['event_count', 'unique_users'], group_by: ['date'] }));
  await time('run_query 3 counts by date 90d', null, query(counts));
  await time('run_query 3 counts by date 90d, raw events', null, query({ ...counts, filters: [{ field: 'timestamp', op: 'gte', value: 0 }] }), 3);
  const sessions = { metrics: ['session_count', 'bounce_rate', 'avg_duration'], group_by: ['date'] };
  await time('run_query sessions, bounce, duration by date', null, query(sessions));
  await time('run_query the same, raw events', null, query({ ...sessions, filters: [{ field: 'timestamp', op: 'gte', value: 0 }] }), 3);
  await time('run_query event_count by country 90d', null, query({ metrics: ['event_count'], group_by: ['country'] }), 3);

  const server = await startServer({ engine, port: 0, host: '127.0.0.1' });
  // The stats load runs on its own thread, so the server's event loop serves only the requests measured.
  const load = new Worker(
    `const { workerData, parentPort } = require('node:worker_threads');
     let running = true; let runs = 0;
     parentPort.on('message', () => { running = false; });
     const loop = async () => { while (running) { const r = await fetch(workerData.url, { headers: { 'x-api-key': workerData.key } }); await r.arrayBuffer(); runs += 1; } };
     Promise.all([loop(), loop()]).then(() => parentPort.postMessage(runs));`,
    { eval: true, workerData: { url: `${server.url}/stats?project=${p}&since=90d`, key: apiKey } },
  );
  const track = [];
  const health = [];
  for (let index = 0; index < 400; index += 1) {
    let started = performance.now();
    const tracked = await fetch(`${server.url}/track`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token: project.project_token, event: 'page_view', user_id: `live-${index % 50}`, properties: { path: '/' } }),
    });
    await tracked.arrayBuffer();
    if (tracked.status !== 202) throw new Error(`/track answered ${tracked.status}`);
    track.push(performance.now() - started);
    started = performance.now();
    const healthy = await fetch(`${server.url}/health`);
    await healthy.arrayBuffer();
    health.push(performance.now() - started);
  }
  const statsRuns = await new Promise((resolve) => {
    load.once('message', resolve);
    load.postMessage('stop');
  });
  await load.terminate();
  console.log(`during ${statsRuns} back-to-back 90-day /stats (2 concurrent): /track p50 ${percentile(track, 0.5).toFixed(1)} ms p95 ${percentile(track, 0.95).toFixed(1)} ms p99 ${percentile(track, 0.99).toFixed(1)} ms; /health p50 ${percentile(health, 0.5).toFixed(1)} ms p99 ${percentile(health, 0.99).toFixed(1)} ms (budget p99 50 ms)`);
  await server.close();
  await engine.close();
} finally {
  if (!process.argv.includes('--keep') && !reuse) rmSync(dir, { recursive: true, force: true });
}
