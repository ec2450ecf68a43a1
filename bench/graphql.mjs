// GraphQL over the registry (issue 15): one document asking for three root fields (events, metrics, funnel) beside
// calling the three tools directly, embedded, over 1M events with 50,000 conversions. `--quick`: 100k events.
import { Engine } from '@headlessanalytics/engine';
import { percentile, printTable, round, tempDatabaseUrl } from './lib.mjs';

const quick = process.argv.includes('--quick');
const EVENTS = quick ? 100_000 : 1_000_000;
const DAY = 24 * 3_600_000;

export async function runGraphql() {
  const start = Date.UTC(2026, 0, 1);
  const span = 30 * DAY;
  const now = start + span;
  const engine = await Engine.open({ databaseUrl: tempDatabaseUrl('graphql'), rateLimitPerMinute: 0, clock: () => now });
  const { workspace } = await engine.bootstrap();
  const principal = engine.localPrincipal(workspace.id);
  const call = async (name, input) => {
    const result = await engine.invoke(name, input, { principal, surface: 'internal' });
    if (!result.ok) throw result.error;
    return result.output;
  };
  const names = ['page.product_viewed', 'qr.bottle_scanned', 'page.product_viewed', 'add_to_cart', 'search'];
  for (let offset = 0; offset < EVENTS; offset += 1000) {
    const events = Array.from({ length: 1000 }, (_, index) => {
      const n = offset + index;
      const timestamp = start + Math.floor((n / EVENTS) * span);
      const actor = { type: 'customer', id: `u${n % 50_000}` };
      if (n % 20 === 0) return { event: 'order.created', actor, timestamp, properties: { revenue: n % 90 } };
      return { event: names[n % names.length], actor, timestamp };
    });
    await call('ingest_event', { events });
  }
  const funnel = { steps: [{ name: 'Scan', event: 'qr.bottle_scanned' }, { name: 'Product View', event: 'page.product_viewed' }, { name: 'Order', event: 'order.created' }] };
  const metrics = { eventName: 'order.created', from: start, to: now };
  const query =
    'query Three($steps: JSON, $from: JSON, $to: JSON) { events(limit: 100) { event timestamp } ' +
    'metrics(eventName: "order.created", from: $from, to: $to) { totalEvents metrics } funnel(steps: $steps) { steps } }';
  const document = { query, variables: { steps: funnel.steps, from: start, to: now } };
  const direct = () => Promise.all([call('query_events', { limit: 100 }), call('query_metrics', metrics), call('query_funnel', funnel)]);
  const sequential = async () => [await call('query_events', { limit: 100 }), await call('query_metrics', metrics), await call('query_funnel', funnel)];
  const graphql = async () => {
    const answer = await call('run_graphql', document);
    if (answer.errors) throw new Error(JSON.stringify(answer.errors));
    return answer;
  };
  const time = async (run, runs = 15) => {
    await run();
    await run();
    const samples = [];
    for (let index = 0; index < runs; index += 1) {
      const started = performance.now();
      await run();
      samples.push(performance.now() - started);
    }
    return percentile(samples, 50);
  };
  // Interleaved rounds, so a slower stretch of the machine weighs on both sides alike.
  const rounds = { direct: [], sequential: [], graphql: [] };
  for (let round = 0; round < 3; round += 1) {
    rounds.direct.push(await time(direct));
    rounds.sequential.push(await time(sequential));
    rounds.graphql.push(await time(graphql));
  }
  await engine.close();
  const median = (values) => percentile(values, 50);
  const [d, s, g] = [median(rounds.direct), median(rounds.sequential), median(rounds.graphql)];
  printTable(`GraphQL (${EVENTS.toLocaleString('en-US')} events over 30 days, ${(EVENTS / 20).toLocaleString('en-US')} conversions; embedded, p50)`, [
    { figure: 'query_events (limit 100) + query_metrics + query_funnel (3 steps), called directly, concurrently', measured: `${round(d)} ms` },
    { figure: 'the same three tools called directly, one after another', measured: `${round(s)} ms` },
    { figure: 'run_graphql: one document with the three root fields', measured: `${round(g)} ms`, ceiling: `≤ ${round(d * 1.1)} ms (direct + 10%)` },
    { figure: 'GraphQL over direct (concurrent)', measured: `${round((g / d - 1) * 100)} %`, ceiling: '≤ 10 %' },
  ]);
}
