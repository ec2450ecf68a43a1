// Metric definitions over 1M events (issue 14): a sum definition by day beside query_metrics of the same events, then
// the paths that read raw events (a filter, distinct actors) and a ratio; a snapshot save. `--quick`: 100k events.
import { Engine } from '@headlessanalytics/engine';
import { percentile, printTable, round, tempDatabaseUrl } from './lib.mjs';

const quick = process.argv.includes('--quick');
const EVENTS = quick ? 100_000 : 1_000_000;
const DAY = 86_400_000;

export async function runDefinitions() {
  const engine = await Engine.open({ databaseUrl: tempDatabaseUrl('definitions'), rateLimitPerMinute: 0 });
  const { workspace } = await engine.bootstrap();
  const principal = engine.localPrincipal(workspace.id);
  const call = async (name, input) => {
    const result = await engine.invoke(name, input, { principal, surface: 'internal' });
    if (!result.ok) throw result.error;
    return result.output;
  };
  // The foundation bench's mix: 10 names over 90 days, 50,000 actors, revenue on every event; channels on orders.
  const names = ['page_view', 'page_view', 'page_view', 'product_view', 'product_view', 'add_to_cart', 'checkout', 'order.created', 'qr.bag_scanned', 'search'];
  const start = Date.UTC(2026, 0, 1);
  const span = 90 * DAY;
  let seed = 42;
  const random = () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let value = Math.imul(seed ^ (seed >>> 15), seed | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4_294_967_296;
  };
  const seedStarted = performance.now();
  for (let offset = 0; offset < EVENTS; offset += 1000) {
    const events = Array.from({ length: 1000 }, (_, index) => {
      const n = offset + index;
      return {
        event: names[Math.floor(random() * names.length)],
        actor: { type: 'customer', id: `u${Math.floor(random() * 50_000)}` },
        source: { channel: n % 3 === 0 ? 'qr' : 'web' },
        timestamp: start + Math.floor((n / EVENTS) * span),
        properties: { revenue: n % 50 },
      };
    });
    await call('ingest_event', { events });
  }
  const seedSeconds = (performance.now() - seedStarted) / 1000;
  await call('create_metric_definition', { id: 'revenue', name: 'Revenue', kind: 'sum', eventNames: ['order.created'], property: 'properties.revenue', currency: 'USD' });
  await call('create_metric_definition', { id: 'qr-revenue', name: 'QR revenue', kind: 'sum', eventNames: ['order.created'], property: 'properties.revenue', filters: [{ field: 'source.channel', op: 'eq', value: 'qr' }] });
  await call('create_metric_definition', { id: 'buyers', name: 'Buyers', kind: 'unique_actors', eventNames: ['order.created'] });
  await call('create_metric_definition', { id: 'orders-per-scan', name: 'Orders per scan', kind: 'ratio', numerator: { kind: 'count', eventNames: ['order.created'] }, denominator: { kind: 'count', eventNames: ['qr.bag_scanned'] } });

  const time = async (name, input, runs = 7) => {
    await call(name, input); // warm
    const samples = [];
    let output;
    for (let run = 0; run < runs; run += 1) {
      const started = performance.now();
      output = await call(name, input);
      samples.push(performance.now() - started);
    }
    return { ms: percentile(samples, 50), output };
  };
  // Millisecond edges, so the partial hours at both ends are read from the raw events.
  const range = { from: start + 1234, to: start + span - 4321, interval: 'day' };
  const sum = await time('query_metric_definition', { metricId: 'revenue', ...range });
  const metrics = await time('query_metrics', { eventName: 'order.created', ...range });
  const agree = metrics.output.metrics[0].sums['properties.revenue'] === sum.output.value;
  const filtered = await time('query_metric_definition', { metricId: 'qr-revenue', ...range }, 3);
  const unique = await time('query_metric_definition', { metricId: 'buyers', ...range }, 3);
  const ratio = await time('query_metric_definition', { metricId: 'orders-per-scan', ...range });
  const snapshot = await time('save_metric_definition_snapshot', { metricId: 'revenue', ...range });
  await engine.close();

  const label = `${EVENTS.toLocaleString('en-US')} events, 90 daily buckets`;
  printTable(`Metric definitions (${label}; seeded in-process at ${Math.round(EVENTS / seedSeconds)} events/s)`, [
    { figure: 'sum definition (properties.revenue of order.created), by day, ms-precise edges, p50', measured: `${round(sum.ms)} ms`, ceiling: '≤ query_metrics' },
    { figure: 'query_metrics of the same events (every numeric field), by day, p50', measured: `${round(metrics.ms)} ms`, ratio: `${round(metrics.ms / sum.ms)}× the definition; same sum: ${agree ? 'yes' : 'NO'}` },
    { figure: 'sum definition with a filter (source.channel = qr: raw events), by day, p50', measured: `${round(filtered.ms)} ms` },
    { figure: 'unique_actors definition (order.created), by day, p50', measured: `${round(unique.ms)} ms` },
    { figure: 'ratio definition (orders / scans, two counts), by day, p50', measured: `${round(ratio.ms)} ms` },
    { figure: 'save_metric_definition_snapshot (revenue by day), p50', measured: `${round(snapshot.ms)} ms` },
  ]);
}

if (import.meta.url === `file://${process.argv[1]}`) await runDefinitions();
