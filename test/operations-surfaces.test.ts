import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NOW, startBridge, type Bridge } from './rest-harness.js';
import { runHa } from './ha-cli.js';

/** Business health and workflow status over the real REST bridge and the `ha` CLI (remote, against the same server). */

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
// The last 7 days: 3 orders (10 + 20 + 30) and 2 scans; the 7 days before: 3 orders of 40.
const EVENTS = [
  ...[10, 20, 30].map((revenue, index) => ({ event: 'order.created', timestamp: NOW - (index + 1) * HOUR, properties: { revenue } })),
  ...[1, 2].map((index) => ({ event: 'qr.scanned', timestamp: NOW - index * DAY })),
  ...[1, 2, 3].map((index) => ({ event: 'order.created', timestamp: NOW - 8 * DAY - index * HOUR, properties: { revenue: 40 } })),
  { event: 'workflow.started', timestamp: NOW - 5 * HOUR, properties: { workflowId: 'electrical-job', runId: 'job-7', expectedDurationMs: 2 * HOUR } },
];

let bridge: Bridge;
beforeAll(async () => {
  bridge = await startBridge();
  expect((await bridge.request('POST', '/api/ingest', { body: { events: EVENTS } })).status).toBe(200);
});
afterAll(() => bridge.close());

const ha = (args: string[]) => runHa(args, { HA_API_URL: bridge.url, HA_API_KEY: bridge.adminKey });

// revenue 60/120 = 0.5, orders 3/3 = 1, workflows 1 - 1/1 = 0 (job-7 is 3 h over its 2 h), errors 1, activity min(1, 6/3) = 1:
// 100 x (0.3 x 0.5 + 0.2 + 0 + 0.15 + 0.1) = 60.
const EXPECTED = { businessId: 'default', revenue: 60, orders: 3, scans: 2, events: 6, healthScore: 60, workflows: { runs: 1, overrun: 1 } };

describe('business health and workflow status over REST and the CLI', () => {
  it('GET /api/businesses/default/health?limit=100', async () => {
    const reply = await bridge.request('GET', '/api/businesses/default/health?limit=100');
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject(EXPECTED);
    expect(reply.body.recentEvents).toHaveLength(6);
    expect(reply.body.nextActions[0]).toMatchObject({ action: 'replan_workflow', priority: 1, consequential: true });
    const missing = await bridge.request('GET', '/api/businesses/nope/health');
    expect(missing.status).toBe(404);
    const bad = await bridge.request('GET', '/api/businesses/default/health?limit=0');
    expect(bad.status).toBe(400);
  });

  it('GET /api/workflows/{workflowId}/status', async () => {
    const reply = await bridge.request('GET', '/api/workflows/electrical-job/status');
    expect(reply.status).toBe(200);
    expect(reply.body.runs).toMatchObject([{ runId: 'job-7', state: 'overrun', durationMs: 5 * HOUR, overrunMs: 3 * HOUR }]);
  });

  it('ha health default; ha workflow-status electrical-job', async () => {
    const health = await ha(['health', 'default']);
    expect(health.stderr).toBe('');
    expect(health.code).toBe(0);
    expect(JSON.parse(health.stdout)).toMatchObject(EXPECTED);
    const status = await ha(['workflow-status', 'electrical-job']);
    expect(status.code).toBe(0);
    expect(JSON.parse(status.stdout).runs.map((run: { state: string }) => run.state)).toEqual(['overrun']);
  });
});
