import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { expectOk, openTestEngine, type TestEngine } from './support.js';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const D = Date.UTC(2026, 10, 10);
const NOW = D + 20 * HOUR;
const PERIOD = { from: D, to: D + DAY - 1 };

const at = (ms: number, event: string, extra: Record<string, unknown> = {}) => ({ event, timestamp: ms, ...extra });
const order = (ms: number, revenue: number, businessId = 'default') => at(ms, 'order.created', { businessId, properties: { revenue } });

/**
 * The previous day: 10 orders of 20 (revenue 200), 4 scans. The day asked: 4 orders of 25 (revenue 100), 6 scans,
 * 2 leads, 1 quote request, 1 payment.failed (17 events with the workflow's three), a workflow run completed within its budget and one still running 9 h
 * over its 1 h budget; the business cafe's orders never count.
 */
const PREVIOUS = [
  ...Array.from({ length: 10 }, (_, index) => order(D - DAY + index * HOUR + 7 * MIN, 20)),
  ...Array.from({ length: 4 }, (_, index) => at(D - DAY + index * 2 * HOUR, 'qr.scanned')),
];
const CURRENT = [
  ...Array.from({ length: 4 }, (_, index) => order(D + (index + 1) * HOUR + 13 * MIN, 25)),
  ...Array.from({ length: 6 }, (_, index) => at(D + index * HOUR + 31 * MIN, 'qr.scanned')),
  at(D + 5 * HOUR, 'lead.created'),
  at(D + 6 * HOUR, 'lead.qualified'),
  at(D + 6 * HOUR + MIN, 'quote.requested'),
  at(D + 7 * HOUR, 'payment.failed'),
  at(D + 2 * HOUR, 'workflow.started', { properties: { workflowId: 'electrical-job', runId: 'job-1', expectedDurationMs: 2 * HOUR } }),
  at(D + 3 * HOUR, 'workflow.completed', { properties: { workflowId: 'electrical-job', runId: 'job-1' } }),
  at(D + 10 * HOUR, 'workflow.started', { properties: { workflowId: 'electrical-job', runId: 'job-2', expectedDurationMs: HOUR } }),
];
const CAFE = [order(D + HOUR, 1000, 'cafe'), order(D - HOUR, 1000, 'cafe')];

let t: TestEngine;
let ids: string[];
beforeEach(async () => {
  t = await openTestEngine({ clock: () => NOW });
  ids = (await expectOk<{ ids: string[] }>(t.call('ingest_event', { events: [...PREVIOUS, ...CURRENT, ...CAFE], returnIds: true }))).ids;
});
afterEach(async () => {
  await t.engine.close();
});

type Health = Record<string, unknown> & {
  healthScore: number;
  scoreComponents: Array<{ component: string; value: number; weight: number; points: number }>;
  metrics: Array<{ metric: string; value: number; previous: number; eventIds: string[]; eventCount: number }>;
  alerts: Array<{ alert: string; severity: string; metric: string | null; evidenceIds: string[] }>;
  nextActions: Array<{ action: string; priority: number; rule: string; consequential: boolean; evidenceIds: string[] }>;
  recentEvents: Array<{ id: string }>;
  nextCursor: string | null;
};
const health = (input: Record<string, unknown>) => expectOk<Health>(t.call('get_business_health', { businessId: 'default', ...PERIOD, ...input }));
const currentId = (index: number) => ids[PREVIOUS.length + index]!;

describe('get_business_health', () => {
  it('sums the period against the one before, with evidence, alerts, workflows, next actions and the score', async () => {
    const answer = await health({});
    expect(answer).toMatchObject({
      businessId: 'default', from: D, to: D + DAY - 1, previousFrom: D - DAY, previousTo: D - 1,
      revenue: 100, scans: 6, leads: 2, orders: 4, events: 17,
      workflows: { runs: 2, running: 0, overrun: 1, completed: 1, failed: 0, overBudget: 1, truncated: false },
    });
    const metric = (name: string) => answer.metrics.find((row) => row.metric === name)!;
    // The newest 4 orders of the day, newest first.
    expect(metric('revenue')).toMatchObject({ value: 100, previous: 200, change: -100, changePct: -50, eventCount: 4, previousEventCount: 10, eventIds: [3, 2, 1, 0].map(currentId) });
    expect(metric('orders')).toMatchObject({ value: 4, previous: 10, changePct: -60 });
    expect(metric('scans')).toMatchObject({ value: 6, previous: 4, eventNames: ['qr.scanned'], eventIds: [9, 8, 7, 6, 5].map(currentId) });
    expect(metric('leads')).toMatchObject({ value: 2, previous: 0, changePct: null, eventNames: ['lead.created', 'lead.qualified'] });
    expect(metric('errors')).toMatchObject({ value: 1, eventNames: ['payment.failed'], eventIds: [currentId(13)] });
    expect(metric('events')).toMatchObject({ value: 17, previous: 14 });
    expect(answer.alerts.map((alert) => [alert.alert, alert.severity, alert.metric])).toEqual([
      ['workflow_overrun', 'critical', null], ['error_events', 'warning', 'errors'], ['metric_drop', 'critical', 'revenue'], ['metric_drop', 'critical', 'orders'],
    ]);
    expect(answer.alerts[0]!.evidenceIds).toEqual([currentId(16)]);
    expect(answer.nextActions.map((action) => [action.action, action.priority, action.consequential])).toEqual([
      ['replan_workflow', 1, true], ['investigate_errors', 2, false], ['investigate_drop', 2, false], ['investigate_drop', 2, false],
    ]);
    // revenue 100/200 = 0.5, orders 4/10 = 0.4, workflows 1 - 1/2 = 0.5, errors 1 - 10 x 1/17 = 7/17, activity min(1, 17/14) = 1:
    // 100 x (0.3 x 0.5 + 0.2 x 0.4 + 0.25 x 0.5 + 0.15 x 7/17 + 0.1 x 1) = 51.676 -> 52.
    expect(answer.scoreComponents.map(({ component, value, weight }) => [component, value, weight])).toEqual([
      ['revenue', 0.5, 0.3], ['orders', 0.4, 0.2], ['workflows', 0.5, 0.25], ['errors', 0.4118, 0.15], ['activity', 1, 0.1],
    ]);
    expect(answer.scoreComponents.map((component) => component.points)).toEqual([15, 8, 12.5, 6.18, 10]);
    expect(answer.healthScore).toBe(52);
    expect(answer.recentEvents.length).toBe(17);
    expect(answer.recentEvents[0]).not.toHaveProperty('properties');
  });

  it('takes the event names of a category per call and pages the recent events', async () => {
    const answer = await health({ eventNames: { leads: ['lead.*', 'quote.requested'] } });
    expect(answer.leads).toBe(3);
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await health({ limit: 5, ...(cursor ? { cursor } : {}) });
      seen.push(...page.recentEvents.map((event) => event.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen.length).toBe(17);
    expect(new Set(seen).size).toBe(17);
  });

  it('scores a quiet business by its rules and flags no events', async () => {
    const answer = await health({ from: D + 2 * DAY, to: D + 3 * DAY - 1 });
    expect(answer).toMatchObject({ revenue: 0, orders: 0, events: 0 });
    expect(answer.alerts.map((alert) => alert.alert)).toEqual(['no_events']);
    expect(answer.nextActions.map((action) => action.action)).toEqual(['check_tracking']);
    // revenue 0.5, orders 0.5, workflows 1, errors 1, activity 0: 100 x (0.15 + 0.1 + 0.25 + 0.15 + 0) = 65.
    expect(answer.healthScore).toBe(65);
  });

  it("never shows another workspace's business and refuses bad input naming the field", async () => {
    const other = await expectOk<{ apiKey: string }>(t.call('create_workspace', { name: 'Other' }));
    const stranger = await t.engine.authenticate({ apiKey: other.apiKey });
    const cafe = await t.call('get_business_health', { businessId: 'cafe' }, stranger);
    expect(cafe.ok ? null : cafe.error.code).toBe('NOT_FOUND');
    const missing = await t.call('get_business_health', { businessId: 'nope' });
    expect(missing.ok ? null : missing.error.code).toBe('NOT_FOUND');
    const limit = await t.call('get_business_health', { businessId: 'default', limit: 201 });
    expect(limit.ok ? null : limit.error.toJSON()).toMatchObject({ code: 'INVALID_INPUT', details: { issues: [{ path: 'limit' }] } });
    const names = await t.call('get_business_health', { businessId: 'default', eventNames: { visits: ['page.*'] } });
    expect(names.ok ? null : names.error.code).toBe('INVALID_INPUT');
  });
});
