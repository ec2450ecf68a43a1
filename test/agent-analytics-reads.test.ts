import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentAnalytics, createProject, DAY, SEED } from './agent-analytics-harness.js';
import { NOW, startBridge, type Bridge } from './rest-harness.js';

/** Every Agent Analytics read endpoint over HTTP against one seeded project, with exact answers. */
describe('Agent Analytics reads', () => {
  let bridge: Bridge;
  let aa: ReturnType<typeof agentAnalytics>;
  const project = 'my-site';

  beforeAll(async () => {
    bridge = await startBridge();
    aa = agentAnalytics(bridge);
    await createProject(bridge, project);
    const reply = await aa.post('/track/batch', { project, events: SEED });
    expect(reply.status).toBe(202);
    expect(reply.body).toEqual({ ok: true, queued: true, count: SEED.length });
  });
  afterAll(() => bridge.close());

  it('"What are my overall traffic stats for the last week?" → GET /stats', async () => {
    const reply = await aa.get('/stats', { project, since: '7d' });
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({
      project,
      totals: { unique_users: 5, total_events: 10 },
      timeSeries: [
        { bucket: '2026-04-12', unique_users: 1, total_events: 3 },
        { bucket: '2026-04-13', unique_users: 1, total_events: 2 },
        { bucket: '2026-04-14', unique_users: 2, total_events: 2 },
        { bucket: '2026-04-15', unique_users: 1, total_events: 3 },
      ],
      events: [
        { event: 'page_view', count: 6, unique_users: 4 },
        { event: 'signup_start', count: 2, unique_users: 2 },
        { event: 'app_open', count: 1, unique_users: 1 },
        { event: 'signup_complete', count: 1, unique_users: 1 },
      ],
      sessions: { total_sessions: 7, bounce_rate: 0.714, avg_duration: 102857, pages_per_session: 1.4, sessions_per_user: 1.4 },
      metrics: {
        total_events: { current: 10, previous: 1, change: 9, change_pct: 900 },
        unique_users: { current: 5, previous: 1, change: 4, change_pct: 400 },
        total_sessions: { current: 7, previous: 1, change: 6, change_pct: 600 },
        bounce_rate: { current: 0.714, previous: 1, change: -0.286, change_pct: -29 },
        avg_duration: { current: 102857, previous: 0, change: 102857, change_pct: null },
      },
      flags: [],
    });
  });

  it('GET /stats with groupBy hour pinpoints the hours of today', async () => {
    const reply = await aa.get('/stats', { project, since: '3h', groupBy: 'hour' });
    expect(reply.body.period.groupBy).toBe('hour');
    expect(reply.body.timeSeries).toEqual([
      { bucket: '2026-04-15T10:00', unique_users: 1, total_events: 2 },
      { bucket: '2026-04-15T11:00', unique_users: 0, total_events: 1 },
    ]);
  });

  it('"What is my bounce rate trend compared to last month?" → GET /insights', async () => {
    const reply = await aa.get('/insights', { project, period: '30d' });
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({
      project,
      period: '30d',
      metrics: {
        total_events: { current: 11, previous: 0, change: 11, change_pct: null },
        bounce_rate: { current: 0.75, previous: 0, change: 0.75, change_pct: null },
      },
      trend: 'growing',
      flags: [],
    });
    const week = await aa.get('/insights', { project, period: '7d' });
    expect(week.body.metrics.total_events).toEqual({ current: 10, previous: 1, change: 9, change_pct: 900 });
    expect(week.body.metrics.bounce_rate.change_pct).toBe(-29);
  });

  it('"Show me all events for a specific session" → GET /events', async () => {
    const sessions = await aa.get('/sessions', { project, user_id: 'u1' });
    expect(sessions.body.sessions).toHaveLength(1);
    const [session] = sessions.body.sessions;
    expect(session).toMatchObject({ user_id: 'u1', entry_page: '/home', exit_page: '/signup', event_count: 3, duration: 600_000, is_bounce: 0 });
    const reply = await aa.get('/events', { project, session_id: session.session_id });
    expect(reply.status).toBe(200);
    expect(reply.body.events.map((event: { event: string }) => event.event)).toEqual(['signup_complete', 'signup_start', 'page_view']);
    expect(reply.body.events[2]).toMatchObject({ user_id: 'u1', country: 'US', properties: { path: '/home' }, timestamp: NOW - 3 * DAY });
  });

  it('GET /sessions derives a new session after 30 minutes of inactivity and filters bounces', async () => {
    const u4 = await aa.get('/sessions', { project, user_id: 'u4' });
    expect(u4.body.sessions.map((session: { entry_page: string }) => session.entry_page)).toEqual(['/pricing', '/home']);
    const bounced = await aa.get('/sessions', { project, is_bounce: 1 });
    expect(bounced.body.sessions).toHaveLength(5);
    const anonymous = bounced.body.sessions.find((session: { session_id: string }) => session.session_id === 'anon-1');
    expect(anonymous).toMatchObject({ user_id: null, entry_page: '/home' });
  });

  it('GET /sessions/distribution: histogram, median bucket and engaged share', async () => {
    const reply = await aa.get('/sessions/distribution', { project });
    expect(reply.body).toEqual({
      project,
      distribution: [
        { bucket: '0s', sessions: 5, bounces: 5, avg_events: 1, pct: 71.4 },
        { bucket: '1-3m', sessions: 1, bounces: 0, avg_events: 2, pct: 14.3 },
        { bucket: '10m+', sessions: 1, bounces: 0, avg_events: 3, pct: 14.3 },
      ],
      median_bucket: '0s',
      engaged_pct: 28.6,
    });
  });

  it('"Which pages do users land on most?" → GET /pages', async () => {
    const reply = await aa.get('/pages', { project, type: 'both' });
    expect(reply.status).toBe(200);
    expect(reply.body.entry_pages).toEqual([
      { page: '/home', sessions: 4, bounces: 2, bounce_rate: 0.5, avg_duration: 180_000, avg_events: 1.8 },
      { page: '/pricing', sessions: 2, bounces: 2, bounce_rate: 1, avg_duration: 0, avg_events: 1 },
    ]);
    expect(reply.body.exit_pages.map((row: { page: string; sessions: number }) => [row.page, row.sessions])).toEqual([
      ['/home', 2], ['/pricing', 2], ['/signup', 2],
    ]);
  });

  it('"Break down signups by country" → GET /breakdown', async () => {
    const reply = await aa.get('/breakdown', { project, property: 'country', event: 'signup_start' });
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({
      project,
      property: 'country',
      event: 'signup_start',
      values: [{ value: 'DE', count: 1, unique_users: 1 }, { value: 'US', count: 1, unique_users: 1 }],
      total_events: 2,
      total_with_property: 2,
      next_cursor: null,
      truncated: false,
    });
  });

  it('GET /breakdown counts a partial first day from raw events and custom keys by scanning', async () => {
    const paths = await aa.get('/breakdown', { project, property: 'path', event: 'page_view', since: '3d' });
    expect(paths.body.values).toEqual([
      { value: '/home', count: 4, unique_users: 3 },
      { value: '/pricing', count: 2, unique_users: 2 },
    ]);
    expect(paths.body).toMatchObject({ total_events: 6, total_with_property: 6 });
  });

  it('GET /heatmap in the caller\'s time zone, with the peak', async () => {
    const reply = await aa.get('/heatmap', { project, timezone: 'America/New_York' });
    expect(reply.status).toBe(200);
    expect(reply.body.heatmap).toEqual([
      { day: 0, day_name: 'Sunday', hour: 8, events: 3, users: 1 },
      { day: 1, day_name: 'Monday', hour: 8, events: 2, users: 1 },
      { day: 2, day_name: 'Tuesday', hour: 8, events: 1, users: 1 },
      { day: 2, day_name: 'Tuesday', hour: 9, events: 1, users: 1 },
      { day: 3, day_name: 'Wednesday', hour: 6, events: 2, users: 1 },
      { day: 3, day_name: 'Wednesday', hour: 7, events: 1, users: 0 },
    ]);
    expect(reply.body).toMatchObject({
      timezone: 'America/New_York',
      peak: { day: 0, day_name: 'Sunday', hour: 8, events: 3, users: 1 },
      busiest_day: 'Sunday',
      busiest_hour: 8,
      flags: [],
    });
    const utc = await aa.get('/heatmap', { project });
    expect(utc.body.peak).toMatchObject({ day: 0, hour: 12 });
    // 40 days back crosses the March 8 DST change: still exact, in each period's own offset.
    const acrossDst = await aa.get('/heatmap', { project, since: '40d', timezone: 'America/New_York' });
    expect(acrossDst.body.peak).toEqual({ day: 0, day_name: 'Sunday', hour: 8, events: 4, users: 2 });
  });

  it('"What percentage of users complete my checkout funnel?" → POST /funnel', async () => {
    const steps = [{ event: 'page_view' }, { event: 'signup_start' }, { event: 'signup_complete' }];
    const reply = await aa.post('/funnel', { project, steps, conversion_window_hours: 24 });
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({
      project,
      steps: [
        { step: 1, event: 'page_view', users: 5, conversion_rate: 1, drop_off_rate: 0, avg_time_to_next_ms: 210_000 },
        { step: 2, event: 'signup_start', users: 2, conversion_rate: 0.4, drop_off_rate: 0.6, avg_time_to_next_ms: 300_000 },
        { step: 3, event: 'signup_complete', users: 1, conversion_rate: 0.5, drop_off_rate: 0.5, avg_time_to_next_ms: null },
      ],
      overall_conversion_rate: 0.2,
    });
    const windowed = await aa.post('/funnel', { project, steps, conversion_window_hours: 0.05 * 60 });
    expect(windowed.body.steps.map((step: { users: number }) => step.users)).toEqual([5, 2, 1]);
    const filtered = await aa.post('/funnel', {
      project,
      steps: [{ event: 'page_view', filters: [{ property: 'path', op: 'eq', value: '/pricing' }] }, { event: 'page_view' }],
    });
    expect(filtered.body.steps.map((step: { users: number }) => step.users)).toEqual([2, 0]);
  });

  it('POST /funnel with breakdown by referrer', async () => {
    const steps = [{ event: 'page_view' }, { event: 'signup_start' }, { event: 'signup_complete' }];
    const reply = await aa.post('/funnel', { project, steps, breakdown: 'referrer' });
    expect(reply.body.overall_conversion_rate).toBe(0.2);
    expect(reply.body.breakdowns.map((group: { value: string; steps: Array<{ users: number }>; overall_conversion_rate: number }) => [
      group.value, group.steps.map((step) => step.users), group.overall_conversion_rate,
    ])).toEqual([
      ['google', [3, 1, 1], 0.333],
      ['bing', [1, 0, 0], 0],
      ['twitter', [1, 1, 0], 0],
    ]);
  });

  it('"Are users coming back after their first visit?" → GET /retention', async () => {
    const reply = await aa.get('/retention', { project, period: 'week', cohorts: 3 });
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({
      project,
      period: 'week',
      cohorts: [
        { date: '2026-03-30', users: 1, retained: [1, 0, 1], rates: [1, 0, 1] },
        { date: '2026-04-06', users: 1, retained: [1, 0], rates: [1, 0] },
        { date: '2026-04-13', users: 3, retained: [3], rates: [1] },
      ],
      average_rates: [1, 0, 1],
      users_analyzed: 5,
      flags: ['retention_cliff'],
    });
    const byEvent = await aa.get('/retention', { project, period: 'day', cohorts: 4, event: 'page_view' });
    expect(byEvent.body.cohorts.map((cohort: { users: number }) => cohort.users)).toEqual([1, 1, 1, 1]);
    expect(byEvent.body.average_rates[0]).toBe(1);
  });

  it('"What custom properties have been tracked?" → GET /properties/received, and GET /properties', async () => {
    const received = await aa.get('/properties/received', { project });
    expect(received.status).toBe(200);
    expect(received.body.properties).toEqual([
      { key: 'country', event: 'page_view' },
      { key: 'country', event: 'signup_complete' },
      { key: 'country', event: 'signup_start' },
      { key: 'path', event: 'page_view' },
      { key: 'path', event: 'signup_complete' },
      { key: 'path', event: 'signup_start' },
      { key: 'referrer', event: 'page_view' },
    ]);
    const properties = await aa.get('/properties', { project });
    expect(properties.body.property_keys).toEqual(['country', 'path', 'referrer']);
    expect(properties.body.events[0]).toEqual({ event: 'page_view', count: 6, unique_users: 4, first_seen: '2026-04-12', last_seen: '2026-04-15' });
  });

  it('POST /query: unfiltered event_count, and unique_users by date, read from the rollups, answer as the raw events do, to the millisecond', async () => {
    // A filter every event passes sends the same query down the raw-event path.
    const everything = [{ field: 'timestamp', op: 'gte', value: 0 }];
    const ranges = [
      { date_from: '2026-04-12T12:03:00Z', date_to: '2026-04-15T10:45:00Z' }, // partial hours with events at both ends
      { date_from: '14d' },
      { date_from: '2026-04-14', date_to: '2026-04-14' },
      { date_from: '2026-04-15T10:41:00Z', date_to: '2026-04-15T10:59:00Z' }, // inside one hour, no event
    ];
    const shapes = [
      { group_by: [] },
      { group_by: ['event'] },
      { group_by: ['date'] },
      { group_by: ['date', 'event'], order: 'asc' },
      { group_by: ['event', 'date'], order_by: 'event', limit: 3 },
      { group_by: ['event'], order_by: 'event_count', order: 'asc', limit: 2 },
      { metrics: ['unique_users'], group_by: ['date'] },
      { metrics: ['event_count', 'unique_users'], group_by: ['date'], order_by: 'unique_users' },
      { metrics: ['unique_users', 'event_count'], group_by: ['date'], order: 'asc', limit: 2 },
    ];
    let nonEmpty = 0;
    for (const range of ranges) {
      for (const shape of shapes) {
        const input = { project, metrics: ['event_count'], ...range, ...shape };
        const rollups = await aa.post('/query', input);
        const raw = await aa.post('/query', { ...input, filters: everything });
        expect(rollups.status, JSON.stringify(input)).toBe(200);
        expect(rollups.body.rows, JSON.stringify(input)).toEqual(raw.body.rows);
        if (rollups.body.rows.some((row: Record<string, unknown>) => Object.values(row).some((value) => typeof value === 'number' && value > 0))) nonEmpty += 1;
      }
    }
    expect(nonEmpty).toBe(27);
    const partial = await aa.post('/query', { project, metrics: ['event_count'], ...ranges[0] });
    expect(partial.body.rows).toEqual([{ event_count: 8 }]);
  });

  it('POST /query: unique_users by date from the rollups counts a day of anonymous visitors only as a day with 0 users', async () => {
    await createProject(bridge, 'anonymous-days');
    const events = [
      { event: 'page_view', session_id: 's-1', timestamp: NOW - 2 * DAY },
      { event: 'page_view', session_id: 's-2', timestamp: NOW - 2 * DAY + 60_000 },
      { event: 'page_view', user_id: 'v1', timestamp: NOW - DAY },
      { event: 'page_view', user_id: 'v1', session_id: 's-3', timestamp: NOW - DAY + 60_000 },
      { event: 'page_view', user_id: 'v2', timestamp: NOW - 60_000 },
    ];
    expect((await aa.post('/track/batch', { project: 'anonymous-days', events })).status).toBe(202);
    const input = { project: 'anonymous-days', metrics: ['unique_users', 'event_count'], group_by: ['date'], date_from: '2026-04-12T06:00:00Z' };
    const rollups = await aa.post('/query', input);
    const raw = await aa.post('/query', { ...input, filters: [{ field: 'timestamp', op: 'gte', value: 0 }] });
    expect(rollups.body.rows).toEqual([
      { date: '2026-04-15', unique_users: 1, event_count: 1 },
      { date: '2026-04-14', unique_users: 1, event_count: 2 },
      { date: '2026-04-13', unique_users: 0, event_count: 2 },
    ]);
    expect(raw.body.rows).toEqual(rollups.body.rows);
  });

  it('POST /query: metrics × group_by × filters, echoing metrics and group_by', async () => {
    const reply = await aa.post('/query', {
      project,
      metrics: ['event_count', 'unique_users'],
      group_by: ['event'],
      filters: [{ field: 'country', op: 'eq', value: 'US' }],
      date_from: '7d',
    });
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({
      metrics: ['event_count', 'unique_users'],
      group_by: ['event'],
      rows: [
        { event: 'page_view', event_count: 4, unique_users: 3 },
        { event: 'signup_complete', event_count: 1, unique_users: 1 },
        { event: 'signup_start', event_count: 1, unique_users: 1 },
      ],
      count: 3,
    });
    const sessions = await aa.post('/query', { project, metrics: ['session_count', 'bounce_rate', 'avg_duration'], group_by: ['date'], date_from: '2026-04-12', date_to: '2026-04-12' });
    expect(sessions.body.rows).toEqual([{ date: '2026-04-12', session_count: 1, bounce_rate: 0, avg_duration: 600_000 }]);
    // Without event_count and without an order_by: ordered by the first requested count, then the groups.
    const users = await aa.post('/query', { project, metrics: ['unique_users'], group_by: ['event'], date_from: '7d' });
    expect(users.status).toBe(200);
    expect(users.body.rows).toEqual([
      { event: 'page_view', unique_users: 4 },
      { event: 'signup_start', unique_users: 2 },
      { event: 'app_open', unique_users: 1 },
      { event: 'signup_complete', unique_users: 1 },
    ]);
    const byDay = await aa.post('/query', { project, metrics: ['event_count'], group_by: ['date', 'event'], order: 'asc', date_from: '7d' });
    // Grouped by the UTC day (and event), earliest first.
    expect(byDay.body.rows).toEqual([
      { date: '2026-04-12', event: 'page_view', event_count: 1 },
      { date: '2026-04-12', event: 'signup_complete', event_count: 1 },
      { date: '2026-04-12', event: 'signup_start', event_count: 1 },
      { date: '2026-04-13', event: 'page_view', event_count: 1 },
      { date: '2026-04-13', event: 'signup_start', event_count: 1 },
      { date: '2026-04-14', event: 'app_open', event_count: 1 },
      { date: '2026-04-14', event: 'page_view', event_count: 1 },
      { date: '2026-04-15', event: 'page_view', event_count: 3 },
    ]);
  });
});
