// Live stream latency: how long after POST /track starts does an SSE subscriber of GET /stream see the
// event? Embedded libSQL file (durable commit before the 202), the real bridge, a fetch-based SSE reader.
// Prints p50/p95/p99/max for sequential tracks and for tracks under concurrent load, against the 100 ms
// p99 budget. Usage: node bench/stream.mjs [--events 500] [--concurrency 20]
import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { performance } from 'node:perf_hooks';
import { EventSourceParserStream } from 'eventsource-parser/stream';
import { Engine } from '@headlessanalytics/engine';
import { startServer } from '@headlessanalytics/http-bridge';
import { percentile, round, tempDatabaseUrl } from './lib.mjs';

const argument = (name, fallback) => {
  const index = process.argv.indexOf(`--${name}`);
  return index === -1 ? fallback : Number(process.argv[index + 1]);
};
const BUDGET_P99_MS = 100;

/** Opens GET /stream and calls `onEvent(data)` for every message; returns a function that closes it. */
async function subscribe(url, apiKey, onEvent) {
  const controller = new AbortController();
  const response = await fetch(url, { headers: { 'x-api-key': apiKey, accept: 'text/event-stream' }, signal: controller.signal });
  if (response.status !== 200) throw new Error(`GET /stream answered ${response.status}`);
  const reader = response.body.pipeThrough(new TextDecoderStream()).pipeThrough(new EventSourceParserStream()).getReader();
  void (async () => {
    for (;;) {
      const { done, value } = await reader.read().catch(() => ({ done: true }));
      if (done) return;
      onEvent(JSON.parse(value.data));
    }
  })();
  return () => controller.abort();
}

function summary(label, latencies) {
  const p99 = percentile(latencies, 99);
  console.log(
    `| ${label} | ${latencies.length} | ${round(percentile(latencies, 50))} | ${round(percentile(latencies, 95))} | ${round(p99)} | ` +
      `${round(Math.max(...latencies))} | ${BUDGET_P99_MS} | ${p99 <= BUDGET_P99_MS ? 'OK' : 'OVER'} |`,
  );
}

/**
 * Resuming with a Last-Event-ID older than the replay buffer reads from storage. Seeds the workspace with many
 * events (`--resume-events`, default 500,000) and times the read of the next 1,000 events after the ids 20,000 /
 * 150,000 (both found by position) and 400,000 back (further than 200,000: the workspace's index, sorted by id).
 */
async function resumeFromStorage(engine) {
  const total = argument('resume-events', process.argv.includes('--quick') ? 50_000 : 500_000);
  const { workspace } = await engine.bootstrap();
  const principal = engine.localPrincipal(workspace.id);
  const firstIds = [];
  for (let batch = 0; batch < total / 1000; batch += 1) {
    const events = Array.from({ length: 1000 }, (_, index) => ({ event: `e${index % 5}`, actor: `u${index % 777}`, properties: { n: index } }));
    const result = await engine.invoke('ingest_event', { events }, { principal, surface: 'internal' });
    if (!result.ok) throw new Error(result.error.message);
    firstIds.push(result.output.ids[0]);
  }
  console.log(`\n## Stream resume from storage (Last-Event-ID older than the replay buffer), ${total.toLocaleString('en-US')} events in the workspace\n`);
  console.log('| events back | read | events returned | median ms (5 runs) |');
  console.log('|---|---|---|---|');
  for (const back of [20_000, 150_000, 400_000].filter((n) => n < total)) {
    const lastId = firstIds[Math.floor((total - back) / 1000)];
    const times = [];
    let returned = 0;
    for (let run = 0; run < 5; run += 1) {
      const started = performance.now();
      returned = (await engine.services.stream.replay({ workspaceId: workspace.id }, lastId)).length;
      times.push(performance.now() - started);
    }
    console.log(`| ${back.toLocaleString('en-US')} | ${back < 200_000 ? 'by commit position' : 'workspace index, sorted by id'} | ${returned} | ${round(percentile(times, 50))} |`);
  }
}

export default async function runStream() {
  const events = argument('events', 500);
  const concurrency = argument('concurrency', 20);
  const databaseUrl = tempDatabaseUrl('stream');
  const engine = await Engine.open({ databaseUrl, rateLimitPerMinute: 0 });
  const { apiKey } = await engine.bootstrap();
  const server = await startServer({ engine, port: 0 });
  const project = await (
    await fetch(`${server.url}/projects`, { method: 'POST', headers: { 'x-api-key': apiKey, 'content-type': 'application/json' }, body: JSON.stringify({ name: 'bench' }) })
  ).json();
  const waiting = new Map();
  // When the engine announced each event (right after its commit), to separate stream delivery from ingest.
  const publishedAt = new Map();
  const bus = engine.services.stream.bus;
  const publish = bus.publish.bind(bus);
  bus.publish = (items) => {
    const now = performance.now();
    for (const item of items) publishedAt.set(item.event.properties?.n, now);
    publish(items);
  };
  const delivery = [];
  const close = await subscribe(`${server.url}/stream?project=bench`, apiKey, (data) => {
    const now = performance.now();
    const resolve = waiting.get(data.properties.n);
    if (data.properties.n >= 0) delivery.push(now - publishedAt.get(data.properties.n));
    publishedAt.delete(data.properties.n);
    if (resolve) resolve(now);
  });

  async function trackAndSee(n) {
    const seen = new Promise((resolve) => waiting.set(n, resolve));
    const started = performance.now();
    const response = await fetch(`${server.url}/track`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token: project.project_token, event: 'bench', user_id: `u${n % 100}`, properties: { n } }),
    });
    await response.arrayBuffer();
    if (response.status !== 202) throw new Error(`POST /track answered ${response.status}`);
    const arrived = await seen;
    waiting.delete(n);
    return arrived - started;
  }

  for (let n = 0; n < 20; n += 1) await trackAndSee(-1 - n); // warm-up
  const sequential = [];
  for (let n = 0; n < events; n += 1) sequential.push(await trackAndSee(n));
  const loaded = [];
  let next = events;
  const end = events * 2;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < end) loaded.push(await trackAndSee(next++));
    }),
  );

  console.log(`\n## Live stream (GET /stream, SSE): POST /track → event seen by a subscriber, embedded libSQL file\n`);
  console.log('| case | events | p50 ms | p95 ms | p99 ms | max ms | budget p99 ms | |');
  console.log('|---|---|---|---|---|---|---|---|');
  summary('POST /track sent → seen by subscriber, sequential', sequential);
  summary(`POST /track sent → seen by subscriber, ${concurrency} concurrent trackers`, loaded);
  summary('commit announced → seen by subscriber (stream delivery only), all', delivery);

  close();
  await server.close();
  await resumeFromStorage(engine);
  await engine.close();
  rmSync(dirname(databaseUrl.slice('file:'.length)), { recursive: true, force: true });
}

if (import.meta.url === `file://${process.argv[1]}`) await runStream();
