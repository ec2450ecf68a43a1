import { afterEach, describe, expect, it } from 'vitest';
import { expectOk, openTestEngine, type TestEngine } from './support.js';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const WEEK = 7 * DAY;
/** An hour boundary: the period of 7 days before it is 168 whole hours. */
const NOW = Date.UTC(2026, 10, 30, 12);

type Driver = { dimension: string; value: string; current: number; previous: number; change: number; share: number; evidenceIds: string[] };
type Context = {
  summary: string[];
  whatChanged: Array<{ metric: string; value: number; previous: number; change: number; changePct: number | null; headline: string; drivers: Driver[]; evidenceIds: string[] }> | null;
  anomalyBaseline: { status: string; checkedBuckets: number; message: string } | null;
  anomalies: Array<{ metric: string; direction: string; from: number; to: number; buckets: number; observed: number; expected: number; expectedLow: number; expectedHigh: number; score: number; drivers: Driver[]; evidenceIds: string[] }> | null;
  proofGaps: Array<{ gap: string; count: number; eventIds: string[]; eventNames: string[]; values: string[] }> | null;
  nextActions: Array<{ rank: number; action: string; priority: number; consequential: boolean; governance: null | { action: string; path: string; body: { proposedAction: Record<string, string> }; requires: string[] }; target: Record<string, string>; evidenceIds: string[] }> | null;
  nextCursor: string | null;
};

let t: TestEngine;
afterEach(async () => {
  await t.engine.close();
});
const open = async () => (t = await openTestEngine({ clock: () => NOW }));
const ingest = async (events: unknown[]) => {
  const ids: string[] = [];
  for (let start = 0; start < events.length; start += 1000) {
    ids.push(...(await expectOk<{ ids: string[] }>(t.call('ingest_event', { events: events.slice(start, start + 1000), returnIds: true }))).ids);
  }
  return ids;
};
const context = (input: Record<string, unknown>) => expectOk<Context>(t.call('get_agent_context', { businessId: 'default', ...input }));

const order = (ms: number, campaign: string, channel: string, extra: Record<string, unknown> = {}) => ({
  event: 'order.created', timestamp: ms, attribution: { campaign, channel }, properties: { revenue: 20 }, ...extra,
});

describe('get_agent_context what_changed', () => {
  it('explains a drop by the campaign and channel that carry it, with exact shares', async () => {
    await open();
    // The day before: spring 10 orders (7 email, 3 qr), summer 5 (social). The day asked: spring 2 (email), summer 5.
    const previousDay = NOW - 2 * DAY;
    const currentDay = NOW - DAY;
    const previous = [
      ...Array.from({ length: 7 }, (_, i) => order(previousDay + i * HOUR, 'spring', 'email')),
      ...Array.from({ length: 3 }, (_, i) => order(previousDay + (i + 8) * HOUR, 'spring', 'qr')),
      ...Array.from({ length: 5 }, (_, i) => order(previousDay + (i + 12) * HOUR, 'summer', 'social')),
    ];
    const current = [
      ...Array.from({ length: 2 }, (_, i) => order(currentDay + i * HOUR, 'spring', 'email')),
      ...Array.from({ length: 5 }, (_, i) => order(currentDay + (i + 12) * HOUR, 'summer', 'social')),
    ];
    const ids = await ingest([...previous, ...current]);
    const answer = await context({ mode: 'what_changed', from: currentDay, to: NOW - 1 });
    const orders = answer.whatChanged!.find((change) => change.metric === 'orders')!;
    expect(orders).toMatchObject({ value: 7, previous: 15, change: -8, changePct: -53 });
    // campaign: spring 2 - 10 = -8 of -8 (100%); channel: email 2 - 7 = -5 (62.5%), qr -3 is smaller; the single-valued
    // dimensions (product, trackable, entity, event) explain nothing.
    expect(orders.drivers.map(({ dimension, value, current, previous, change, share }) => ({ dimension, value, current, previous, change, share }))).toEqual([
      { dimension: 'campaign', value: 'spring', current: 2, previous: 10, change: -8, share: 1 },
      { dimension: 'channel', value: 'email', current: 2, previous: 7, change: -5, share: 0.625 },
    ]);
    expect(orders.headline).toBe('orders -53% (15 -> 7); 100% of the drop is campaign=spring');
    const current0 = ids.slice(previous.length);
    expect(orders.drivers[0]!.evidenceIds.every((id) => current0.slice(0, 2).includes(id))).toBe(true);
    const revenue = answer.whatChanged!.find((change) => change.metric === 'revenue')!;
    expect(revenue).toMatchObject({ value: 140, previous: 300, change: -160, changePct: -53 });
    expect(revenue.drivers[0]).toMatchObject({ dimension: 'campaign', value: 'spring', change: -160, share: 1 });
    // Changed metrics first; unchanged ones are listed after with no driver.
    expect(answer.whatChanged!.slice(0, 3).map((change) => change.metric).sort()).toEqual(['events', 'orders', 'revenue']);
    expect(answer.whatChanged!.find((change) => change.metric === 'scans')).toMatchObject({ change: 0, drivers: [], headline: 'scans unchanged (0)' });
    expect(answer.anomalies).toBeNull();
    expect(answer.summary[0]).toContain('campaign=spring');
  });
});

/** 5 weeks of hourly orders: 5 of campaign spring (email) and 5 of summer (qr) every hour; `drop` hours before NOW spring has none. */
function hourlyOrders(weeks: number, dropHours: number) {
  const events: unknown[] = [];
  for (let hour = NOW - weeks * WEEK; hour < NOW; hour += HOUR) {
    const dropped = hour >= NOW - dropHours * HOUR;
    for (let i = 0; i < 5; i += 1) {
      if (!dropped) events.push({ event: 'order.created', timestamp: hour + i * MIN, attribution: { campaign: 'spring', channel: 'email' }, properties: { revenue: 10 } });
      events.push({ event: 'order.created', timestamp: hour + (i + 30) * MIN, attribution: { campaign: 'summer', channel: 'qr' }, properties: { revenue: 10 } });
    }
  }
  return events;
}

describe('get_agent_context anomalies', () => {
  it('finds an injected drop in one campaign\'s orders with the right driver and expected range', async () => {
    await open();
    await ingest(hourlyOrders(5, 6));
    const answer = await context({ mode: 'anomalies' });
    expect(answer.anomalyBaseline).toMatchObject({ status: 'checked', checkedBuckets: 168 });
    // Each of the last 6 hours: 5 orders against a median of 10 (MAD 0, scale max(0, 5% of 10, 1) = 1): score -5.
    // Revenue: 50 against 100, scale 5: score -10. All events are orders here, so `events` drops with them.
    expect(answer.anomalies!.map(({ metric, direction, buckets, observed, expected, score }) => ({ metric, direction, buckets, observed, expected, score }))).toEqual([
      { metric: 'revenue', direction: 'drop', buckets: 6, observed: 300, expected: 600, score: -10 },
      { metric: 'orders', direction: 'drop', buckets: 6, observed: 30, expected: 60, score: -5 },
      { metric: 'events', direction: 'drop', buckets: 6, observed: 30, expected: 60, score: -5 },
    ]);
    const orders = answer.anomalies![1]!;
    expect(orders).toMatchObject({ from: NOW - 6 * HOUR, to: NOW - 1, expectedLow: 6 * 6.5, expectedHigh: 6 * 13.5 });
    expect(orders.drivers.slice(0, 2).map(({ dimension, value, current, previous, share }) => ({ dimension, value, current, previous, share }))).toEqual([
      { dimension: 'campaign', value: 'spring', current: 0, previous: 30, share: 1 },
      { dimension: 'channel', value: 'email', current: 0, previous: 30, share: 1 },
    ]);
    expect(orders.evidenceIds.length).toBeGreaterThan(0);
    expect(answer.summary[0]).toContain('revenue drop');
  });

  it('a flat series gives no anomaly', async () => {
    await open();
    await ingest(hourlyOrders(5, 0));
    const answer = await context({ mode: 'anomalies' });
    expect(answer.anomalyBaseline).toMatchObject({ status: 'checked', checkedBuckets: 168 });
    expect(answer.anomalies).toEqual([]);
    const daily = await context({ mode: 'anomalies', granularity: 'day' });
    // The period starts at noon: its 6 whole UTC days are checked.
    expect(daily.anomalyBaseline).toMatchObject({ status: 'checked', checkedBuckets: 6 });
    expect(daily.anomalies).toEqual([]);
  });

  it('a week of data says insufficient data instead of alerting', async () => {
    await open();
    await ingest(hourlyOrders(1, 6));
    const answer = await context({ mode: 'anomalies' });
    expect(answer.anomalyBaseline).toMatchObject({ status: 'insufficient_data', checkedBuckets: 0 });
    expect(answer.anomalyBaseline!.message).toContain('Insufficient data');
    expect(answer.anomalies).toEqual([]);
  });
});

describe('get_agent_context proof gaps and next actions', () => {
  const T = NOW - 2 * DAY;
  async function seedGaps() {
    await expectOk(t.call('create_trackable', { kind: 'qr_code', name: 'Ethiopia bag', targetUrl: 'https://example.com/eth' }));
    const trackable = (await expectOk<{ trackables: Array<{ id: string }> }>(t.call('list_trackables', {}))).trackables[0]!.id;
    await expectOk(t.call('create_tracking_plan', { name: 'Orders only', enforcement: 'warn', allowUnplannedEvents: true, events: [{ name: 'order.created' }] }));
    const events = [
      { event: 'campaign.scale.executed', timestamp: T, properties: { amount: 500 } },
      { event: 'campaign.scale.executed', timestamp: T + MIN, trustTier: 'T1' },
      { event: 'campaign.scale.executed', timestamp: T + 2 * MIN, decisionId: 'dec-1', trustTier: 'T3' },
      { event: 'page.viewed', timestamp: T + 3 * MIN, actor: { type: 'customer', id: 'c1' }, attribution: { channel: 'email', campaign: 'spring' } },
      { event: 'order.created', timestamp: T + 4 * MIN, actor: { type: 'customer', id: 'c1' }, properties: { revenue: 50 } },
      { event: 'order.created', timestamp: T + 5 * MIN, actor: { type: 'customer', id: 'c2' }, properties: { revenue: 30 } },
      { event: 'qr.scanned', timestamp: T + 6 * MIN, trackable: { id: 'trk-unknown' } },
      { event: 'qr.scanned', timestamp: T + 7 * MIN, trackable: { id: trackable } },
      { event: 'workflow.started', timestamp: T + 8 * MIN, properties: { workflowId: 'electrical-job', runId: 'job-7', expectedDurationMs: HOUR } },
    ];
    return ingest(events);
  }

  it('lists each gap with its count, ids and names', async () => {
    await open();
    const ids = await seedGaps();
    const answer = await context({ mode: 'proof_gaps' });
    const gap = (name: string) => answer.proofGaps!.find((found) => found.gap === name);
    expect(answer.proofGaps!.map((found) => found.gap)).toEqual(['action_without_decision', 'below_trust_tier', 'unattributed_order', 'unregistered_trackable_scan', 'unplanned_scan_event']);
    expect(gap('action_without_decision')).toMatchObject({ count: 2, eventIds: [ids[1], ids[0]], eventNames: ['campaign.scale.executed'] });
    expect(gap('below_trust_tier')).toMatchObject({ count: 2, eventIds: [ids[1], ids[0]], values: ['T0', 'T1'] });
    expect(gap('unattributed_order')).toMatchObject({ count: 1, eventIds: [ids[5]] });
    expect(gap('unregistered_trackable_scan')).toMatchObject({ count: 1, eventIds: [ids[6]], values: ['trk-unknown'] });
    expect(gap('unplanned_scan_event')).toMatchObject({ count: 2, eventNames: ['qr.scanned'] });
    expect(answer.whatChanged).toBeNull();
  });

  it('ranks next actions; a consequential one carries the governance call; the list pages', async () => {
    await open();
    await seedGaps();
    const answer = await context({ mode: 'recommend_next_actions', limit: 250 });
    const actions = answer.nextActions!;
    expect(actions.map((action) => action.rank)).toEqual(actions.map((_, index) => index + 1));
    expect(actions[0]).toMatchObject({
      action: 'replan_workflow', priority: 1, consequential: true, target: { workflowId: 'electrical-job', runId: 'job-7' },
      governance: { action: 'workflow.replan', path: '/api/governance/enforce', body: { proposedAction: { action: 'workflow.replan', businessId: 'default', workflowId: 'electrical-job', runId: 'job-7' } } },
    });
    const scale = actions.find((action) => action.action === 'scale_top_source')!;
    expect(scale).toMatchObject({ consequential: true, target: { source: 'email' }, governance: { action: 'campaign.scale', body: { proposedAction: { action: 'campaign.scale', source: 'email' } }, requires: ['decisionObjectId', 'authorityGrantId', 'contextContractId'] } });
    expect(actions.filter((action) => action.action === 'close_proof_gap').map((action) => action.target.gap)).toEqual([
      'action_without_decision', 'below_trust_tier', 'unattributed_order', 'unregistered_trackable_scan', 'unplanned_scan_event',
    ]);
    expect(actions.filter((action) => !action.consequential).every((action) => action.governance === null)).toBe(true);
    expect(answer.nextCursor).toBeNull();
    const first = await context({ mode: 'recommend_next_actions', limit: 2 });
    expect(first.nextActions!.map((action) => action.rank)).toEqual([1, 2]);
    const second = await context({ mode: 'recommend_next_actions', limit: 2, cursor: first.nextCursor });
    expect(second.nextActions!.map((action) => action.rank)).toEqual([3, 4]);
    expect(second.nextActions!.map((action) => action.action)).toEqual(actions.slice(2, 4).map((action) => action.action));
    const summary = await context({ mode: 'summary', limit: 3 });
    expect(summary.whatChanged).toHaveLength(3);
    expect(summary.proofGaps).toHaveLength(3);
    expect(summary.nextActions).toHaveLength(3);
    expect(summary.anomalyBaseline).toMatchObject({ status: 'insufficient_data' });
    expect(summary.summary).toHaveLength(4);
  });

  it("never shows another workspace's data; bad input names the field and changes nothing", async () => {
    await open();
    await seedGaps();
    const other = await expectOk<{ apiKey: string }>(t.call('create_workspace', { name: 'Other' }));
    const stranger = await t.engine.authenticate({ apiKey: other.apiKey });
    const theirs = await expectOk<Context>(t.call('get_agent_context', { mode: 'summary' }, stranger));
    expect(theirs.proofGaps).toEqual([]);
    expect(theirs.whatChanged!.every((change) => change.value === 0 && change.previous === 0)).toBe(true);
    expect(theirs.nextActions!.map((action) => action.action)).toEqual(['check_tracking']);
    const refused = async (input: Record<string, unknown>) => {
      const result = await t.call('get_agent_context', input);
      return result.ok ? null : result.error.toJSON();
    };
    expect(await refused({ mode: 'everything' })).toMatchObject({ code: 'INVALID_INPUT', details: { issues: [{ path: 'mode' }] } });
    expect(await refused({ mode: 'anomalies', baselineWeeks: 2 })).toMatchObject({ code: 'INVALID_INPUT', details: { issues: [{ path: 'baselineWeeks' }] } });
    expect(await refused({ mode: 'proof_gaps', trustRequirements: [{ events: 'x.*', minTier: 'T9' }] })).toMatchObject({ code: 'INVALID_INPUT', details: { issues: [{ path: 'trustRequirements[0].minTier' }] } });
    expect(await refused({ mode: 'summary', businessId: 'nope' })).toMatchObject({ code: 'NOT_FOUND' });
    expect(await refused({ mode: 'summary', from: NOW, to: NOW - DAY })).toMatchObject({ code: 'INVALID_INPUT' });
  });
});
