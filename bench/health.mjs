// Business health and workflow status over 1M events with 50,000 conversions (issue 15): get_business_health over the
// last 7 and 30 days (metrics from the hourly rollups, evidence samples, workflow runs), get_workflow_status of one
// workflow. `--quick`: 100k events, 5,000 conversions.
import { Engine } from '@headlessanalytics/engine';
import { percentile, printTable, round, tempDatabaseUrl } from './lib.mjs';

const quick = process.argv.includes('--quick');
const EVENTS = quick ? 100_000 : 1_000_000;
const CONVERSIONS = EVENTS / 20;
const RUNS = quick ? 200 : 2000;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export async function runHealth() {
  const start = Date.UTC(2026, 0, 1);
  const span = 30 * DAY;
  const now = start + span;
  const engine = await Engine.open({ databaseUrl: tempDatabaseUrl('health'), rateLimitPerMinute: 0, clock: () => now });
  const { workspace } = await engine.bootstrap();
  const principal = engine.localPrincipal(workspace.id);
  const call = async (name, input) => {
    const result = await engine.invoke(name, input, { principal, surface: 'internal' });
    if (!result.ok) throw result.error;
    return result.output;
  };
  const others = ['page_view', 'page_view', 'page_view', 'product_view', 'qr.scanned', 'add_to_cart', 'lead.created', 'search', 'payment.failed'];
  const seedStarted = performance.now();
  for (let offset = 0; offset < EVENTS; offset += 1000) {
    const events = Array.from({ length: 1000 }, (_, index) => {
      const n = offset + index;
      const timestamp = start + Math.floor((n / EVENTS) * span);
      // Every 20th event a conversion (an order with revenue); every 500th starts a workflow run, 4 h later it completes.
      if (n % 20 === 0) return { event: 'order.created', actor: { type: 'customer', id: `u${n % 50_000}` }, source: { channel: n % 3 === 0 ? 'qr' : 'web', campaign: `c${n % 7}` }, timestamp, properties: { revenue: n % 90 } };
      const runIndex = Math.floor(n / 500);
      if (n % 500 === 1 && runIndex < RUNS) return { event: 'workflow.started', timestamp, properties: { workflowId: `wf-${runIndex % 10}`, runId: `run-${runIndex}`, expectedDurationMs: 3 * HOUR } };
      if (n % 500 === 2 && runIndex < RUNS && timestamp + 4 * HOUR < now) return { event: 'workflow.completed', timestamp: timestamp + 4 * HOUR, properties: { workflowId: `wf-${runIndex % 10}`, runId: `run-${runIndex}` } };
      return { event: others[n % others.length], actor: { type: 'customer', id: `u${n % 50_000}` }, timestamp, properties: { revenue: 0 } };
    });
    await call('ingest_event', { events });
  }
  const seedSeconds = (performance.now() - seedStarted) / 1000;
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
  const week = await time('get_business_health', { businessId: 'default', limit: 100 });
  const month = await time('get_business_health', { businessId: 'default', from: start + 1234, to: now, limit: 100 });
  const status = await time('get_workflow_status', { workflowId: 'wf-3', from: start, to: now, limit: 100 });
  await engine.close();

  const label = `${EVENTS.toLocaleString('en-US')} events over 30 days, ${CONVERSIONS.toLocaleString('en-US')} conversions, ${RUNS.toLocaleString('en-US')} workflow runs`;
  printTable(`Business health (${label}; seeded in-process at ${Math.round(EVENTS / seedSeconds)} events/s)`, [
    { figure: `get_business_health, last 7 days vs the 7 before, limit 100, p50 (score ${week.output.healthScore}, ${week.output.orders} orders)`, measured: `${round(week.ms)} ms`, ceiling: '≤ 200 ms' },
    { figure: `get_business_health, 30 days (ms-precise start) vs the 30 before, limit 100, p50 (${month.output.orders} orders, ${month.output.workflows.runs} runs)`, measured: `${round(month.ms)} ms`, ceiling: '≤ 200 ms' },
    { figure: `get_workflow_status of one workflow, 30 days, 100 runs a page, p50 (${status.output.runs.length} runs)`, measured: `${round(status.ms)} ms` },
  ]);
}
