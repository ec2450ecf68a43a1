import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NOW, startBridge, type Bridge } from './rest-harness.js';
import { runHa } from './ha-cli.js';

/**
 * The seed flow's agent-context and GraphQL commands, verbatim, through the `ha` CLI against a started server, and
 * POST /api/intelligence/agent-context over REST: the answers computed from the stored events, with their evidence.
 */

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

// Two customers scan bag QR codes of the spring-launch campaign and order (22 + 22); one more orders after an email
// (revenue 30); one orders with no touchpoint (direct, 10). An agent executes a campaign change with no decision.
const EVENTS = [
  { event: 'qr.bag_scanned', actor: { type: 'customer', id: 'c1' }, source: { channel: 'qr', campaign: 'spring-launch' }, trackable: { kind: 'qr_code', id: 'ethiopia-bag-001' }, timestamp: NOW - 5 * HOUR },
  { event: 'order.created', actor: { type: 'customer', id: 'c1' }, properties: { revenue: 22 }, timestamp: NOW - 4 * HOUR },
  { event: 'qr.bag_scanned', actor: { type: 'customer', id: 'c2' }, source: { channel: 'qr', campaign: 'spring-launch' }, trackable: { kind: 'qr_code', id: 'ethiopia-bag-002' }, timestamp: NOW - 3 * HOUR },
  { event: 'order.created', actor: { type: 'customer', id: 'c2' }, properties: { revenue: 22 }, timestamp: NOW - 2 * HOUR },
  { event: 'email.clicked', actor: { type: 'customer', id: 'c3' }, source: { channel: 'email', campaign: 'newsletter' }, timestamp: NOW - 2 * DAY },
  { event: 'order.created', actor: { type: 'customer', id: 'c3' }, properties: { revenue: 30 }, timestamp: NOW - 2 * DAY + HOUR },
  { event: 'order.created', actor: { type: 'customer', id: 'c4' }, properties: { revenue: 10 }, timestamp: NOW - DAY },
  { event: 'campaign.scale.executed', actor: { type: 'agent', id: 'growth-agent' }, properties: { action: 'campaign.scale' }, timestamp: NOW - HOUR },
];

let bridge: Bridge;
let ids: string[];
beforeAll(async () => {
  bridge = await startBridge();
  const reply = await bridge.request('POST', '/api/ingest', { body: { events: EVENTS, returnIds: true } });
  expect(reply.status).toBe(200);
  ids = reply.body.ids as string[];
  expect(ids).toHaveLength(EVENTS.length);
});
afterAll(() => bridge.close());

const ha = (args: string[]) => runHa(args, { HA_API_URL: bridge.url, HA_API_KEY: bridge.adminKey });

type Action = { rank: number; action: string; consequential: boolean; evidenceIds: string[]; governance: null | { path: string; body: { proposedAction: { action: string } }; requires: string[] } };

describe('agent context and GraphQL, the seed flow verbatim', () => {
  it(`ha agent-context recommend_next_actions '{"businessId":"default","limit":250}'`, async () => {
    const run = await ha(['agent-context', 'recommend_next_actions', '{"businessId":"default","limit":250}']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const answer = JSON.parse(run.stdout) as { nextActions: Action[]; nextCursor: string | null; proofGaps: unknown; whatChanged: unknown };
    expect(answer.nextCursor).toBeNull();
    expect(answer.proofGaps).toBeNull();
    expect(answer.whatChanged).toBeNull();
    expect(answer.nextActions.length).toBeGreaterThan(0);
    expect(answer.nextActions.map((action) => action.rank)).toEqual(answer.nextActions.map((_action, index) => index + 1));
    // Every action rests on stored events, and a consequential one carries the governance call to make first.
    const known = new Set(ids);
    for (const action of answer.nextActions) {
      for (const id of action.evidenceIds) expect(known.has(id)).toBe(true);
      if (action.consequential) {
        expect(action.governance).toMatchObject({ path: '/api/governance/enforce', requires: ['decisionObjectId', 'authorityGrantId', 'contextContractId'] });
      } else {
        expect(action.governance).toBeNull();
      }
    }
    // The agent's executed action has no DecisionObject: closing that gap is one of the actions, citing the event.
    const gap = answer.nextActions.find((action) => action.evidenceIds.includes(ids[7]!));
    expect(gap).toBeDefined();
  });

  it(`ha graphql 'query Ops { businessHealth { healthScore revenue nextActions } attribution { bySource byCampaign } }'`, async () => {
    const run = await ha(['graphql', 'query Ops { businessHealth { healthScore revenue nextActions } attribution { bySource byCampaign } }']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const answer = JSON.parse(run.stdout) as {
      data: {
        businessHealth: { healthScore: number; revenue: number; nextActions: unknown[] };
        attribution: { bySource: Array<{ value: string; conversions: number; revenue: number }>; byCampaign: Array<{ value: string; conversions: number; revenue: number }> };
      };
      errors?: unknown;
    };
    expect(answer.errors).toBeUndefined();
    // 7-day revenue: 22 + 22 + 30 + 10.
    expect(answer.data.businessHealth.revenue).toBe(84);
    expect(answer.data.businessHealth.healthScore).toBeGreaterThanOrEqual(0);
    expect(answer.data.businessHealth.healthScore).toBeLessThanOrEqual(100);
    expect(Array.isArray(answer.data.businessHealth.nextActions)).toBe(true);
    // One touch per converting path, so every model gives whole credit: qr 2 (44), email 1 (30), direct 1 (10).
    const slim = (rows: Array<{ value: string; conversions: number; revenue: number }>) => rows.map(({ value, conversions, revenue }) => ({ value, conversions, revenue }));
    expect(slim(answer.data.attribution.bySource)).toEqual([
      { value: 'qr', conversions: 2, revenue: 44 },
      { value: 'email', conversions: 1, revenue: 30 },
      { value: 'direct', conversions: 1, revenue: 10 },
    ]);
    expect(slim(answer.data.attribution.byCampaign)).toEqual([
      { value: 'spring-launch', conversions: 2, revenue: 44 },
      { value: 'newsletter', conversions: 1, revenue: 30 },
      { value: 'direct', conversions: 1, revenue: 10 },
    ]);
  });

  it('POST /api/intelligence/agent-context: summary with proof gaps citing events; bad input names the field', async () => {
    const reply = await bridge.request('POST', '/api/intelligence/agent-context', { body: { mode: 'summary', businessId: 'default' } });
    expect(reply.status).toBe(200);
    const gaps = reply.body.proofGaps as Array<{ gap: string; count: number; eventIds: string[] }>;
    expect(gaps.find((gap) => gap.gap === 'action_without_decision')).toMatchObject({ count: 1, eventIds: [ids[7]] });
    expect(gaps.find((gap) => gap.gap === 'unattributed_order')).toMatchObject({ count: 1, eventIds: [ids[6]] });
    expect(reply.body.anomalyBaseline.status).toBe('insufficient_data');
    expect(Array.isArray(reply.body.summary)).toBe(true);

    const badMode = await bridge.request('POST', '/api/intelligence/agent-context', { body: { mode: 'guess', businessId: 'default' } });
    expect(badMode.status).toBe(400);
    expect(JSON.stringify(badMode.body)).toMatch(/mode/);
    const badLimit = await ha(['agent-context', 'summary', '{"businessId":"default","limit":0}']);
    expect(badLimit.code).not.toBe(0);
    expect(badLimit.stderr).toMatch(/limit/);
    const missing = await bridge.request('POST', '/api/intelligence/agent-context', { body: { mode: 'summary', businessId: 'nope' } });
    expect(missing.status).toBe(404);
  });
});
