// Attribution over 1M events (issue 15): 50,000 conversions (order.created with revenue) among touchpoints with
// attribution channel/campaign/medium over 90 days, 50,000 actors; each model's time for the 90-day range with a
// 30-day lookback, embedded. `--quick`: 100k events, 5,000 conversions.
import { Engine } from '@headlessanalytics/engine';
import { percentile, printTable, round, tempDatabaseUrl } from './lib.mjs';

const quick = process.argv.includes('--quick');
const EVENTS = quick ? 100_000 : 1_000_000;
const CONVERSIONS = quick ? 5_000 : 50_000;
const DAY = 86_400_000;
const MODELS = ['first_touch', 'last_touch', 'linear', 'time_decay', 'position_based', 'data_driven'];

export async function runAttribution() {
  const engine = await Engine.open({ databaseUrl: tempDatabaseUrl('attribution'), rateLimitPerMinute: 0 });
  const { workspace } = await engine.bootstrap();
  const principal = engine.localPrincipal(workspace.id);
  const call = async (name, input) => {
    const result = await engine.invoke(name, input, { principal, surface: 'internal' });
    if (!result.ok) throw result.error;
    return result.output;
  };
  const channels = ['email', 'social', 'search', 'qr', 'partner', 'display'];
  const campaigns = ['spring-launch', 'newsletter', 'retarget', 'bag-qr', 'brand'];
  const start = Date.UTC(2026, 0, 1);
  const span = 90 * DAY;
  let seed = 42;
  const random = () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let value = Math.imul(seed ^ (seed >>> 15), seed | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4_294_967_296;
  };
  const every = Math.floor(EVENTS / CONVERSIONS);
  const seedStarted = performance.now();
  for (let offset = 0; offset < EVENTS; offset += 1000) {
    const events = Array.from({ length: 1000 }, (_, index) => {
      const n = offset + index;
      const actor = { type: 'customer', id: `u${Math.floor(random() * 50_000)}` };
      const timestamp = start + Math.floor((n / EVENTS) * span);
      if (n % every === every - 1) return { event: 'order.created', actor, timestamp, properties: { revenue: 10 + (n % 90) } };
      return {
        event: 'page.viewed',
        actor,
        timestamp,
        attribution: { channel: channels[Math.floor(random() * channels.length)], campaign: campaigns[Math.floor(random() * campaigns.length)], medium: 'web' },
      };
    });
    await call('ingest_event', { events });
  }
  const seedSeconds = (performance.now() - seedStarted) / 1000;
  const range = { from: start, to: start + span };
  const rows = [];
  let conversions = 0;
  const loadStarted = performance.now();
  await call('query_attribution', { ...range, model: MODELS[0] }); // the workspace's first query loads its path index
  const loadMs = performance.now() - loadStarted;
  for (const model of MODELS) {
    await call('query_attribution', { ...range, model }); // warm
    const samples = [];
    let output;
    for (let run = 0; run < 3; run += 1) {
      const started = performance.now();
      output = await call('query_attribution', { ...range, model });
      samples.push(performance.now() - started);
    }
    conversions = output.totals.conversions;
    const ceiling = model === 'data_driven' ? 2000 : 500;
    const ms = percentile(samples, 50);
    rows.push({ figure: `query_attribution ${model}, p50 of 3`, measured: `${round(ms)} ms`, ceiling: `≤ ${ceiling} ms ${ms <= ceiling ? '(met)' : '(NOT met)'}` });
  }
  rows.push({ figure: 'first query_attribution of the workspace (loads its in-memory path index)', measured: `${round(loadMs)} ms`, ceiling: '' });
  await engine.close();
  printTable(`Attribution (${EVENTS.toLocaleString('en-US')} events, ${conversions.toLocaleString('en-US')} conversions in range, 50,000 actors; seeded in-process at ${Math.round(EVENTS / seedSeconds)} events/s)`, rows);
}
