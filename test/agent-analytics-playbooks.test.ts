import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentAnalytics, createProject, DAY, MINUTE, SEED } from './agent-analytics-harness.js';
import { NOW, startBridge, type Bridge } from './rest-harness.js';

/** The spec's playbooks that read and track (1, 2 and 4), step by step over HTTP. */
describe('Agent Analytics playbooks', () => {
  let bridge: Bridge;
  let aa: ReturnType<typeof agentAnalytics>;

  beforeAll(async () => {
    bridge = await startBridge();
    aa = agentAnalytics(bridge);
  });
  afterAll(() => bridge.close());

  it('1. Set up a new project and start tracking: POST /track with the token → 202 queued, then GET /events shows it', async () => {
    const created = await aa.post('/projects', { name: 'new-site' });
    expect(created.status).toBe(201);
    const token = created.body.project_token;
    const detail = await aa.get(`/projects/${created.body.id}`);
    expect(detail.status).toBe(200);
    const tracked = await bridge.request('POST', '/track', {
      key: null,
      body: { token, event: 'page_view', user_id: 'visitor-1', properties: { path: '/', referrer: 'https://news.ycombinator.com' } },
    });
    expect(tracked.status).toBe(202);
    expect(tracked.body).toEqual({ ok: true, queued: true });
    const events = await aa.get('/events', { project: 'new-site' });
    expect(events.status).toBe(200);
    expect(events.body.events).toHaveLength(1);
    expect(events.body.events[0]).toMatchObject({
      event: 'page_view', user_id: 'visitor-1', project_id: created.body.id, timestamp: NOW, properties: { path: '/' },
    });
    expect(events.body.events[0].session_id).toMatch(/^s_/);
    // The public token writes only: reads need the API key.
    const read = await bridge.request('GET', '/stats?project=new-site&token=' + token, { key: null });
    expect([401, 403]).toContain(read.status);
  });

  it('2. Analyze a conversion funnel: properties → funnel → biggest drop-off → breakdown by referrer → insights 30d', async () => {
    await createProject(bridge, 'funnel-site');
    expect((await aa.post('/track/batch', { project: 'funnel-site', events: SEED })).status).toBe(202);
    const properties = await aa.get('/properties', { project: 'funnel-site', since: '30d' });
    const names = properties.body.events.map((event: { event: string }) => event.event);
    expect(names).toEqual(expect.arrayContaining(['page_view', 'signup_start', 'signup_complete']));
    const steps = [{ event: 'page_view' }, { event: 'signup_start' }, { event: 'signup_complete' }];
    const funnel = await aa.post('/funnel', { project: 'funnel-site', steps, conversion_window_hours: 72 });
    const rates = funnel.body.steps.map((step: { conversion_rate: number }) => step.conversion_rate);
    expect(rates).toEqual([1, 0.4, 0.5]);
    const biggestDrop = funnel.body.steps.reduce((worst: { drop_off_rate: number }, step: { drop_off_rate: number }) =>
      step.drop_off_rate > worst.drop_off_rate ? step : worst);
    expect(biggestDrop).toMatchObject({ step: 2, event: 'signup_start', drop_off_rate: 0.6 });
    const byReferrer = await aa.post('/funnel', { project: 'funnel-site', steps, conversion_window_hours: 72, breakdown: 'referrer' });
    expect(byReferrer.body.breakdowns[0]).toMatchObject({ value: 'google', overall_conversion_rate: 0.333 });
    const insights = await aa.get('/insights', { project: 'funnel-site', period: '30d' });
    expect(insights.body).toMatchObject({ trend: 'growing', metrics: { unique_users: { current: 5, previous: 0, change_pct: null } } });
  });

  it('4. Diagnose a traffic drop: insights 7d → stats by day → heatmap → breakdown by referrer → live', async () => {
    await createProject(bridge, 'shop');
    const events = [
      ...Array.from({ length: 10 }, (_, index) => ({ user_id: `g${index}`, referrer: 'google', timestamp: NOW - 10 * DAY + index * MINUTE })),
      ...Array.from({ length: 10 }, (_, index) => ({ user_id: `t${index}`, referrer: 'twitter', timestamp: NOW - 10 * DAY + (10 + index) * MINUTE })),
      ...Array.from({ length: 10 }, (_, index) => ({ user_id: `t${index}`, referrer: 'twitter', timestamp: NOW - 3 * DAY + index * MINUTE })),
      { user_id: 't0', referrer: 'twitter', timestamp: NOW - 30_000 },
      { user_id: 't1', referrer: 'twitter', timestamp: NOW - 10_000 },
    ].map(({ referrer, ...event }) => ({ event: 'page_view', properties: { path: '/', referrer }, ...event }));
    expect((await aa.post('/track/batch', { project: 'shop', events })).status).toBe(202);

    const insights = await aa.get('/insights', { project: 'shop', period: '7d' });
    expect(insights.body.trend).toBe('declining');
    expect(insights.body.metrics).toMatchObject({
      total_events: { current: 12, previous: 20, change: -8, change_pct: -40 },
      unique_users: { current: 10, previous: 20, change: -10, change_pct: -50 },
      total_sessions: { current: 12, previous: 20, change: -8, change_pct: -40 },
    });

    const stats = await aa.get('/stats', { project: 'shop', since: '14d', groupBy: 'day' });
    expect(stats.body.timeSeries).toEqual([
      { bucket: '2026-04-05', unique_users: 20, total_events: 20 },
      { bucket: '2026-04-12', unique_users: 10, total_events: 10 },
      { bucket: '2026-04-15', unique_users: 2, total_events: 2 },
    ]);

    const heatmap = await aa.get('/heatmap', { project: 'shop', since: '14d' });
    expect(heatmap.body.peak).toEqual({ day: 0, day_name: 'Sunday', hour: 12, events: 30, users: 20 });
    expect(heatmap.body.heatmap).toHaveLength(2);

    const lastWeek = await aa.get('/breakdown', { project: 'shop', property: 'referrer', since: '14d' });
    expect(lastWeek.body.values).toEqual([
      { value: 'twitter', count: 22, unique_users: 10 },
      { value: 'google', count: 10, unique_users: 10 },
    ]);
    const thisWeek = await aa.get('/breakdown', { project: 'shop', property: 'referrer', since: '7d' });
    expect(thisWeek.body.values).toEqual([{ value: 'twitter', count: 12, unique_users: 10 }]);

    const live = await aa.get('/live', { project: 'shop', window: 60 });
    expect(live.body).toMatchObject({
      window_seconds: 60,
      timestamp: NOW,
      active_visitors: 2,
      active_sessions: 2,
      total_events: 2,
      events_per_minute: 2,
      top_pages: [{ path: '/', visitors: 2 }],
      top_events: [{ event: 'page_view', count: 2 }],
    });
    expect(live.body.recent_events.map((event: { user_id: string }) => event.user_id)).toEqual(['t1', 't0']);
  });
});
