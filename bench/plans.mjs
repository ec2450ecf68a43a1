// Tracking plan figures (issue 14): plan validation cost per event, measured three ways on one DTC commerce dataset
// (the dtc_commerce_ops template's events, every one conforming, plus an unplanned `search`): the compiled check alone
// (PlansService.checkOne, conforming and violating events); in-process batch ingest through ingest_event with no
// plan, a warn plan and a block plan (fresh databases, taking turns batch by batch, the same events); then coverage
// reads over a warn plan's dataset where one event in twenty breaks it. `node bench/plans.mjs [--quick]` or `npm run bench -- plans`.
import { Engine } from '@headlessanalytics/engine';
import { percentile, printTable, round, tempDatabaseUrl } from './lib.mjs';

const quick = process.argv.includes('--quick');
const INGEST_EVENTS = quick ? 20_000 : 100_000;
const WARMUP_BATCHES = 5;
const COVERAGE_EVENTS = quick ? 100_000 : 1_000_000;
const CHECKS = quick ? 200_000 : 1_000_000;
const DAY = 86_400_000;
const SPAN = 28 * DAY;
const NOW = Date.UTC(2026, 3, 15, 12);
const START = NOW - SPAN;

/**
 * Event `index` of the dataset, the same on every run: views, scans, carts, checkouts, orders and searches over 28
 * days from 50,000 customers and 2,000 products. `bad` makes it break the plan (a missing or mistyped property).
 */
function envelope(index, total, bad = false) {
  const sku = `SKU-${(index * 7) % 2_000}`;
  const actor = { type: 'customer', id: `c${index % 50_000}` };
  const timestamp = START + Math.floor((index / total) * SPAN);
  const product = { type: 'product', id: sku };
  switch (index % 10) {
    case 0:
    case 1:
    case 2:
      return { event: 'product.viewed', actor, object: product, timestamp, properties: { sku, price: 18 + (index % 5), currency: bad ? 'usd' : 'USD' } };
    case 3:
    case 4:
      return { event: 'qr.scanned', actor, object: product, timestamp, properties: { ...(bad ? {} : { sku }), campaign: `k${index % 200}`, location: 'shelf' } };
    case 5:
      return { event: 'cart.added', actor, object: product, timestamp, properties: { sku, quantity: bad ? 0 : 1 + (index % 3), price: 18, currency: 'USD' } };
    case 6:
      return { event: 'checkout.started', actor, timestamp, properties: { cartId: `cart-${index}`, value: 36, ...(bad ? {} : { currency: 'USD' }), items: 2 } };
    case 7:
      return { event: 'order.created', actor, object: { type: 'order', id: `o${index}` }, timestamp, properties: { orderId: `o${index}`, revenue: bad ? '36' : 36, currency: 'USD', items: 2 } };
    default:
      return { event: 'search', actor, timestamp, properties: { query: `beans ${index % 40}` } };
  }
}

async function open(label, enforcement) {
  const engine = await Engine.open({ databaseUrl: tempDatabaseUrl(label), rateLimitPerMinute: 0, clock: () => NOW });
  const { workspace } = await engine.bootstrap();
  const principal = engine.localPrincipal(workspace.id);
  const call = async (name, input) => {
    const result = await engine.invoke(name, input, { principal, surface: 'internal' });
    if (!result.ok) throw new Error(`${name}: ${JSON.stringify(result.error.toJSON())}`);
    return result.output;
  };
  if (enforcement) await call('create_tracking_plan', { name: 'Roast & Origin', vertical: 'dtc_commerce_ops', enforcement });
  return { engine, workspaceId: workspace.id, call };
}

/** `total` events through ingest_event, 1,000 a call, 4 calls in flight: events/s. `badEvery`: one event in n breaks the plan. */
async function ingest({ call }, total, badEvery = 0) {
  const started = performance.now();
  const pending = [];
  let accepted = 0;
  for (let offset = 0; offset < total; offset += 1000) {
    const events = Array.from({ length: Math.min(1000, total - offset) }, (_, n) => envelope(offset + n, total, badEvery > 0 && (offset + n) % badEvery === 0));
    pending.push(call('ingest_event', { events }).then((output) => (accepted += output.accepted)));
    if (pending.length >= 4) await pending.shift();
  }
  await Promise.all(pending);
  if (accepted !== total) throw new Error(`ingest accepted ${accepted} of ${total}`);
  return total / ((performance.now() - started) / 1000);
}

/** The compiled check alone: µs per event over `count` envelopes (the dataset's mix), after a warm-up. */
async function checkCost(bad) {
  const opened = await open('plans-check', 'warn');
  const plans = opened.engine.services.plans;
  const compiled = await plans.activePlans(opened.workspaceId);
  const pool = Array.from({ length: 10_000 }, (_, index) => envelope(index, 10_000, bad));
  let violations = 0;
  for (const item of pool) plans.checkOne(compiled, item);
  const started = performance.now();
  for (let index = 0; index < CHECKS; index += 1) {
    const item = pool[index % pool.length];
    if (bad) item.context = undefined;
    plans.checkOne(compiled, item);
    if (item.context?.trackingPlans) violations += 1;
  }
  const us = ((performance.now() - started) * 1000) / CHECKS;
  await opened.engine.close();
  return { us, violations };
}

/**
 * No plan, a warn plan and a block plan, one fresh database each, ingesting the same 1,000-event batches one call at a
 * time, the three taking turns batch by batch (the order rotates), so the machine's drift hits all three alike:
 * each one's median milliseconds per batch, after a few uncounted batches.
 */
async function sideBySide() {
  const modes = ['none', 'warn', 'block'];
  const engines = {};
  for (const mode of modes) engines[mode] = await open(`plans-${mode}`, mode === 'none' ? undefined : mode);
  const spent = { none: [], warn: [], block: [] };
  const batches = INGEST_EVENTS / 1000;
  for (let batch = -WARMUP_BATCHES; batch < batches; batch += 1) {
    const offset = (batch + WARMUP_BATCHES) * 1000;
    const order = modes.map((_, index) => modes[(index + batch + WARMUP_BATCHES) % modes.length]);
    for (const mode of order) {
      // A new array per engine: ingest may annotate the envelopes it is given.
      const events = Array.from({ length: 1000 }, (_, n) => envelope(offset + n, INGEST_EVENTS + WARMUP_BATCHES * 1000));
      const started = performance.now();
      const output = await engines[mode].call('ingest_event', { events });
      if (batch >= 0) spent[mode].push(performance.now() - started);
      if (output.accepted !== 1000) throw new Error(`${mode}: accepted ${output.accepted} of 1000`);
    }
  }
  for (const mode of modes) await engines[mode].engine.close();
  // The median batch of each: a pause of the machine (another process, a checkpoint) lands in one batch of one mode.
  return Object.fromEntries(modes.map((mode) => [mode, percentile(spent[mode], 50)]));
}

async function coverageLatency() {
  const opened = await open('plans-coverage', 'warn');
  const seedStarted = performance.now();
  const rate = await ingest(opened, COVERAGE_EVENTS, 20);
  const seedSeconds = (performance.now() - seedStarted) / 1000;
  const time = async (input, runs = quick ? 5 : 7) => {
    await opened.call('get_tracking_plan_coverage', input); // warm
    const samples = [];
    let output;
    for (let run = 0; run < runs; run += 1) {
      const started = performance.now();
      output = await opened.call('get_tracking_plan_coverage', input);
      samples.push(performance.now() - started);
    }
    return { ms: percentile(samples, 50), output };
  };
  const whole = await time({ id: 'roast-origin' });
  const gaps = await time({ id: 'roast-origin', status: ['unplanned', 'violations'] });
  const week = await time({ id: 'roast-origin', since: '7d' });
  await opened.engine.close();
  return { rate, seedSeconds, whole, gaps, week };
}

export async function runPlans() {
  const conforming = await checkCost(false);
  const violating = await checkCost(true);

  const side = await sideBySide();
  const rate = (mode) => Math.round(1000 / (side[mode] / 1000));
  const share = (mode) => `${round((side.none / side[mode]) * 100, 1)}% of no plan`;
  const overhead = (mode) => {
    const us = round(side[mode] - side.none, 2); // ms per 1,000 events = µs per event
    return `${us >= 0 ? '+' : ''}${us} µs/event`;
  };

  const coverage = await coverageLatency();
  const summary = coverage.whole.output.summary;

  printTable(`Tracking plans (dtc_commerce_ops template, 8 planned events; ${INGEST_EVENTS.toLocaleString('en-US')} events ingested per mode)`, [
    { figure: `compiled plan check (checkOne), conforming events, mean of ${CHECKS.toLocaleString('en-US')}`, measured: `${round(conforming.us, 3)} µs/event` },
    { figure: 'compiled plan check, every planned event violating (8 in 10; search is unplanned), warn note attached', measured: `${round(violating.us, 3)} µs/event`, ratio: `${violating.violations} noted` },
    { figure: 'in-process batch ingest (1,000-event calls, one at a time), no plan: median batch', measured: `${rate('none')} events/s`, ceiling: 'baseline' },
    { figure: 'same batches, warn plan (all conforming), taking turns with the others', measured: `${rate('warn')} events/s`, ratio: `${share('warn')}; ${overhead('warn')}` },
    { figure: 'same batches, block plan (all conforming), taking turns with the others', measured: `${rate('block')} events/s`, ratio: `${share('block')}; ${overhead('block')}` },
    { figure: `coverage dataset: ${COVERAGE_EVENTS.toLocaleString('en-US')} events, 1 in 20 violating, warn plan`, measured: `seeded at ${Math.round(coverage.rate)} events/s (${round(coverage.seedSeconds, 1)} s)`, ratio: `${summary.violatingEvents} violating, ${summary.receivedUnplanned} unplanned` },
    { figure: 'get_tracking_plan_coverage, default window (30 days: every event), p50', measured: `${round(coverage.whole.ms)} ms` },
    { figure: 'get_tracking_plan_coverage, status unplanned + violations, p50', measured: `${round(coverage.gaps.ms)} ms` },
    { figure: 'get_tracking_plan_coverage, last 7 days, p50', measured: `${round(coverage.week.ms)} ms` },
  ]);
}

if (import.meta.url === `file://${process.argv[1]}`) await runPlans();
