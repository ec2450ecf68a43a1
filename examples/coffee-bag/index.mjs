// The spec's coffee-bag flow through the TypeScript SDK, as far as the engine's tools reach today: a growth agent
// tracks bag QR scans and orders, reads the scan → order funnel, the metrics and the API usage, and its own run is
// recorded as agent analytics. Run: `npm run example -- coffee-bag`.
import assert from 'node:assert/strict';
import { HeadlessAnalytics } from '@headlessanalytics/sdk';
import { openApi } from '../local-api.mjs';

const api = await openApi();
const ha = new HeadlessAnalytics({ writeKey: api.apiKey, apiUrl: api.url });
const agent = ha.agentHooks({ agentId: 'growth-agent' });
const runId = agent.onRunStart({ name: 'spring-launch review' });

// Shoppers scan the QR code on their bag of Ethiopia single-origin (`ha use ethiopia-bag-001 qr_scan ...`).
const campaign = `spring-launch-${Date.now().toString(36)}`;
const from = Date.now() - 60 * 60_000;
const customers = 250;
const buyers = 60;
for (let scan = 0; scan < 400; scan++) {
  const bag = `ethiopia-bag-${String((scan % 120) + 1).padStart(3, '0')}`;
  void ha.track('qr.bag_scanned', {
    actor: { type: 'customer', id: `anon_${scan % customers}` },
    object: { type: 'product', id: 'ETH-250G' },
    source: { channel: 'qr', campaign },
    trackable: { kind: 'qr_code', id: bag },
    properties: { sku: 'ETH-250G', lot: 'L2026-04', campaign },
    timestamp: from + scan * 1000,
  });
}
// Some of them order (`ha track order.created '{"revenue":22,"source":"bag_qr",...}'`).
for (let buyer = 0; buyer < buyers; buyer++) {
  void ha.track('order.created', {
    actor: { type: 'customer', id: `anon_${buyer}` },
    source: { channel: 'qr', campaign },
    properties: { revenue: 22, source: 'bag_qr', campaign },
    timestamp: from + 30 * 60_000 + buyer * 1000,
  });
}
await ha.flush();
console.log(`tracked 400 bag scans and ${buyers} orders (${ha.deliveryStats.requests} batched requests)`);

// The agent reads the funnel (`ha funnel-query '[{"name":"Scan",...},{"name":"Order",...}]'`) ...
const funnelCall = agent.onToolStart({ name: 'query_funnel' });
const funnel = await ha.queryFunnel({
  steps: [
    { name: 'Scan', event: 'qr.bag_scanned' },
    { name: 'Order', event: 'order.created' },
  ],
  from,
  to: Date.now(),
});
agent.onToolEnd({ toolCallId: funnelCall });
for (const step of funnel.steps) console.log(`funnel  ${step.name.padEnd(6)} ${String(step.count).padStart(4)} customers`);
console.log(`funnel  scan → order conversion ${(funnel.overallConversionRate * 100).toFixed(1)}%`);
assert.deepEqual(funnel.steps.map((step) => step.count), [customers, buyers]);

// ... the metrics (`ha metric-query '{"eventName":"qr.bag_scanned"}'`): counts, and revenue summed from properties ...
const metricsCall = agent.onToolStart({ name: 'query_metrics' });
const metrics = await ha.queryMetrics({ eventNames: ['qr.bag_scanned', 'order.created'], from, to: Date.now() });
agent.onToolEnd({ toolCallId: metricsCall });
const byEvent = Object.fromEntries(metrics.metrics.map((metric) => [metric.event, metric]));
console.log(`metrics qr.bag_scanned ${byEvent['qr.bag_scanned'].count}, order.created ${byEvent['order.created'].count}, revenue ${byEvent['order.created'].sums['properties.revenue']} USD`);
assert.equal(byEvent['qr.bag_scanned'].count, 400);
assert.equal(byEvent['order.created'].sums['properties.revenue'], buyers * 22);

// ... and the API usage of the workspace (`ha usage`).
const usage = await ha.getApiUsage();
const sdkCalls = usage.rows.filter((row) => row.surface === 'sdk').reduce((sum, row) => sum + row.calls, 0);
console.log(`usage   ${usage.totals.calls} API calls, ${sdkCalls} from the SDK`);
assert.ok(sdkCalls >= 3);

// The agent's own run is analytics too.
agent.onRunEnd({ runId });
await ha.flush();
const [performance] = (await ha.getAgentPerformance({ agentId: 'growth-agent', from })).agents;
console.log(`agent   growth-agent: ${performance.runs} run, ${performance.toolCalls} tool calls, success rate ${performance.successRate}`);
assert.equal(performance.toolCalls, 2);

await ha.shutdown();
await api.stop();
