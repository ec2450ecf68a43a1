// Agent context over 1M events with 50,000 conversions (issue 15): get_agent_context in each mode for the default
// business, the last 7 days against the 7 before, anomalies against 4 weeks of same-hour-of-week baselines.
// `--quick`: 100k events, 5,000 conversions.
import { Engine } from '@headlessanalytics/engine';
import { percentile, printTable, round, tempDatabaseUrl } from './lib.mjs';

const quick = process.argv.includes('--quick');
const EVENTS = quick ? 100_000 : 1_000_000;
const CONVERSIONS = EVENTS / 20;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export async function runAgentContext() {
  const start = Date.UTC(2026, 0, 1);
  const span = 35 * DAY; // 4 weeks of baseline before the last 7 days
  const now = start + span;
  const engine = await Engine.open({ databaseUrl: tempDatabaseUrl('agent-context'), rateLimitPerMinute: 0, clock: () => now });
  const { workspace } = await engine.bootstrap();
  const principal = engine.localPrincipal(workspace.id);
  const call = async (name, input) => {
    const result = await engine.invoke(name, input, { principal, surface: 'internal' });
    if (!result.ok) throw result.error;
    return result.output;
  };
  const others = ['page_view', 'page_view', 'product_view', 'add_to_cart', 'lead.created', 'search', 'payment.failed', 'campaign.scale.executed'];
  const seedStarted = performance.now();
  for (let offset = 0; offset < EVENTS; offset += 1000) {
    const events = Array.from({ length: 1000 }, (_, index) => {
      const n = offset + index;
      const timestamp = start + Math.floor((n / EVENTS) * span);
      const actor = { type: 'customer', id: `u${n % 50_000}` };
      // Every 20th event an order; in the last 2 days campaign c3's orders stop (the drop an agent should be told about).
      if (n % 20 === 0) {
        const campaign = `c${n % 7}`;
        if (campaign === 'c3' && timestamp > now - 2 * DAY) return { event: 'page_view', actor, timestamp };
        return { event: 'order.created', actor, source: { channel: n % 3 === 0 ? 'qr' : 'web', campaign }, timestamp, properties: { revenue: n % 90 } };
      }
      // Every 10th a bag scan through one of 500 trackables.
      if (n % 10 === 5) return { event: 'qr.scanned', actor, source: { channel: 'qr', campaign: `c${n % 7}` }, trackable: { kind: 'qr_code', id: `bag-${n % 500}` }, timestamp };
      return { event: others[n % others.length], actor, timestamp, properties: { revenue: 0 } };
    });
    await call('ingest_event', { events });
  }
  const seedSeconds = (performance.now() - seedStarted) / 1000;
  const time = async (input, runs = 7) => {
    const full = { businessId: 'default', limit: 20, ...input };
    await call('get_agent_context', full); // warm
    const samples = [];
    let output;
    for (let run = 0; run < runs; run += 1) {
      const started = performance.now();
      output = await call('get_agent_context', full);
      samples.push(performance.now() - started);
    }
    return { ms: percentile(samples, 50), output };
  };
  const loadStarted = performance.now();
  await call('get_agent_context', { businessId: 'default', limit: 20, mode: 'summary' }); // the first call loads the in-memory indexes
  const loadMs = performance.now() - loadStarted;
  const summary = await time({ mode: 'summary' });
  const changed = await time({ mode: 'what_changed' });
  const anomalies = await time({ mode: 'anomalies' });
  const gaps = await time({ mode: 'proof_gaps' });
  const actions = await time({ mode: 'recommend_next_actions' });
  await engine.close();

  const label = `${EVENTS.toLocaleString('en-US')} events over 35 days, ${CONVERSIONS.toLocaleString('en-US')} conversions, 500 trackables`;
  const first = (list) => (list && list[0] ? list[0] : undefined);
  printTable(`Agent context (${label}; seeded in-process at ${Math.round(EVENTS / seedSeconds)} events/s)`, [
    { figure: `get_agent_context summary (all four modes), last 7 days vs the 7 before, p50 (${summary.output.anomalies.length} anomalies, ${summary.output.proofGaps.length} gap kinds, ${summary.output.nextActions.length} actions)`, measured: `${round(summary.ms)} ms`, ceiling: '≤ 500 ms' },
    { figure: `what_changed, p50 (first: ${first(changed.output.whatChanged)?.headline ?? 'none'})`, measured: `${round(changed.ms)} ms` },
    { figure: `anomalies, hourly against 4 weeks, p50 (first: ${first(anomalies.output.anomalies) ? `${first(anomalies.output.anomalies).metric} ${first(anomalies.output.anomalies).direction}` : anomalies.output.anomalyBaseline.status})`, measured: `${round(anomalies.ms)} ms` },
    { figure: `proof_gaps, p50 (${gaps.output.proofGaps.map((gap) => `${gap.gap} ${gap.count}`).join(', ')})`, measured: `${round(gaps.ms)} ms` },
    { figure: 'first get_agent_context summary of the workspace (loads the in-memory path and fact indexes)', measured: `${round(loadMs)} ms` },
    { figure: `recommend_next_actions, p50 (first: ${first(actions.output.nextActions)?.action ?? 'none'})`, measured: `${round(actions.ms)} ms` },
  ]);
}
