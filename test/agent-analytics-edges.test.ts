import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentAnalytics, createProject, DAY, MINUTE } from './agent-analytics-harness.js';
import { NOW, startBridge, type Bridge } from './rest-harness.js';

/** Empty projects, foreign and unknown projects, bad parameters, huge values and computed anomaly flags. */
describe('Agent Analytics edge cases', () => {
  let bridge: Bridge;
  let aa: ReturnType<typeof agentAnalytics>;

  beforeAll(async () => {
    bridge = await startBridge();
    aa = agentAnalytics(bridge);
    await createProject(bridge, 'empty');
  });
  afterAll(() => bridge.close());

  const issuePaths = (body: { details?: { issues?: Array<{ path: string }> } }) =>
    (body.details?.issues ?? []).map((issue) => issue.path);

  it('an empty project answers zeros, empty lists and null peaks (no division by zero)', async () => {
    const stats = await aa.get('/stats', { project: 'empty', since: '30d' });
    expect(stats.status).toBe(200);
    expect(stats.body).toMatchObject({
      totals: { unique_users: 0, total_events: 0 },
      timeSeries: [],
      events: [],
      sessions: { total_sessions: 0, bounce_rate: 0, avg_duration: 0, pages_per_session: 0, sessions_per_user: 0 },
      metrics: { total_events: { current: 0, previous: 0, change: 0, change_pct: null } },
      flags: [],
    });
    const heatmap = await aa.get('/heatmap', { project: 'empty' });
    expect(heatmap.body).toMatchObject({ heatmap: [], peak: null, busiest_day: null, busiest_hour: null, flags: ['insufficient_heatmap_data'] });
    const retention = await aa.get('/retention', { project: 'empty', period: 'week', cohorts: 2 });
    expect(retention.body).toMatchObject({
      cohorts: [{ users: 0, retained: [0, 0], rates: [0, 0] }, { users: 0, retained: [0], rates: [0] }],
      average_rates: [],
      users_analyzed: 0,
      flags: [],
    });
    const funnel = await aa.post('/funnel', { project: 'empty', steps: [{ event: 'a' }, { event: 'b' }] });
    expect(funnel.body).toMatchObject({ steps: [{ users: 0, conversion_rate: 0 }, { users: 0, conversion_rate: 0, drop_off_rate: 0 }], overall_conversion_rate: 0 });
    const distribution = await aa.get('/sessions/distribution', { project: 'empty' });
    expect(distribution.body).toEqual({ project: 'empty', distribution: [], median_bucket: null, engaged_pct: 0 });
    const insights = await aa.get('/insights', { project: 'empty' });
    expect(insights.body).toMatchObject({ trend: 'stable', flags: [], metrics: { bounce_rate: { current: 0, change_pct: null } } });
    const breakdown = await aa.get('/breakdown', { project: 'empty', property: 'referrer' });
    expect(breakdown.body).toMatchObject({ values: [], total_events: 0, total_with_property: 0 });
    const live = await aa.get('/live', { project: 'empty' });
    expect(live.body).toMatchObject({ active_visitors: 0, events_per_minute: 0, top_pages: [], recent_events: [] });
    const pages = await aa.get('/pages', { project: 'empty', type: 'both' });
    expect(pages.body).toEqual({ project: 'empty', entry_pages: [], exit_pages: [], next_cursor: null, truncated: false });
    const query = await aa.post('/query', { project: 'empty', metrics: ['event_count', 'bounce_rate'] });
    expect(query.body.rows).toEqual([{ event_count: 0, bounce_rate: 0 }]);
  });

  it('an unknown project and another workspace\'s project are 404, never a 500', async () => {
    const unknown = await aa.get('/stats', { project: 'nope' });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error).toBe('NOT_FOUND');
    const other = await bridge.engine.services.tenancy.createWorkspace('other');
    const theirs = agentAnalytics(bridge, other.apiKey);
    expect((await theirs.post('/projects', { name: 'their-site' })).status).toBe(201);
    expect((await theirs.post('/track', { project: 'their-site', event: 'secret', user_id: 'x' })).status).toBe(202);
    for (const reply of [
      await aa.get('/stats', { project: 'their-site' }),
      await aa.get('/events', { project: 'their-site' }),
      await aa.post('/funnel', { project: 'their-site', steps: [{ event: 'secret' }, { event: 'secret' }] }),
      await aa.post('/track', { project: 'their-site', event: 'x' }),
    ]) {
      expect(reply.status).toBe(404);
    }
    expect((await theirs.get('/events', { project: 'their-site' })).body.events).toHaveLength(1);
  });

  it.each([
    ['/stats', { project: 'empty', since: 'yesterday' }, 'since', 'INVALID_BODY'],
    ['/stats', { project: 'empty', groupBy: 'minute' }, 'groupBy', 'INVALID_GROUP_BY'],
    ['/insights', { project: 'empty', period: '2w' }, 'period', 'INVALID_BODY'],
    ['/heatmap', { project: 'empty', timezone: 'Mars/Olympus' }, 'timezone', 'INVALID_BODY'],
    ['/retention', { project: 'empty', period: 'week', cohorts: 20 }, 'cohorts', 'INVALID_BODY'],
    ['/breakdown', { project: 'empty', property: "path') --" }, 'property', 'INVALID_PROPERTY_KEY'],
    ['/events', { project: 'empty', limit: 5000 }, 'limit', 'INVALID_BODY'],
  ])('GET %s with %o → 400 naming %s (%s)', async (path, query, field, code) => {
    const reply = await aa.get(path, query);
    expect(reply.status).toBe(400);
    expect(reply.body.error).toBe(code);
    expect(issuePaths(reply.body)).toContain(field);
  });

  it('bad POST bodies → 400 naming the field; a bad batch stores nothing', async () => {
    const funnel = await aa.post('/funnel', { project: 'empty', steps: [{ event: 'only' }] });
    expect(issuePaths(funnel.body)).toContain('steps');
    const query = await aa.post('/query', { project: 'empty', filters: [{ field: 'body', op: 'eq', value: 1 }] });
    expect(query.status).toBe(400);
    expect(issuePaths(query.body)).toContain('filters[0].field');
    const batch = await aa.post('/track/batch', { project: 'empty', events: [{ event: 'ok' }, { event: '' }] });
    expect(batch.status).toBe(400);
    expect(issuePaths(batch.body)).toContain('events[1].event');
    const future = await aa.post('/track', { project: 'empty', event: 'x', timestamp: NOW + 10 * MINUTE });
    expect(issuePaths(future.body)).toContain('timestamp');
    const huge = await aa.post('/track', { project: 'empty', event: 'x', properties: { blob: 'x'.repeat(20_000) } });
    expect(huge.status).toBe(400);
    expect(issuePaths(huge.body)).toContain('properties');
    const missing = await aa.post('/track', { event: 'x' });
    expect(issuePaths(missing.body)).toContain('project');
    expect((await aa.get('/events', { project: 'empty' })).body.events).toEqual([]);
  });

  it('very long property values are kept in raw events and cut to 256 characters in breakdowns', async () => {
    await createProject(bridge, 'long');
    const path = `/${'a'.repeat(5000)}`;
    expect((await aa.post('/track', { project: 'long', event: 'page_view', user_id: 'u', properties: { path, note: 'n'.repeat(3000) } })).status).toBe(202);
    const events = await aa.get('/events', { project: 'long' });
    expect(events.body.events[0].properties.path).toHaveLength(5001);
    const breakdown = await aa.get('/breakdown', { project: 'long', property: 'path' });
    expect(breakdown.body.values).toEqual([{ value: path.slice(0, 256), count: 1, unique_users: 1 }]);
    const custom = await aa.get('/breakdown', { project: 'long', property: 'note' });
    expect(custom.body.values[0].value).toHaveLength(256);
    const pages = await aa.get('/pages', { project: 'long' });
    expect(pages.body.entry_pages[0].page).toHaveLength(2048);
  });

  it('flags: anonymous-only tracking on /stats and a bounce-rate spike on /insights', async () => {
    await createProject(bridge, 'anonymous');
    await aa.post('/track/batch', { project: 'anonymous', events: [{ event: 'page_view', session_id: 'a' }, { event: 'page_view', session_id: 'b' }] });
    const stats = await aa.get('/stats', { project: 'anonymous' });
    expect(stats.body).toMatchObject({ totals: { unique_users: 0, total_events: 2 }, flags: ['anonymous_only_tracking'] });

    await createProject(bridge, 'spiky');
    const at = (days: number, minutes = 0) => NOW - days * DAY + minutes * MINUTE;
    await aa.post('/track/batch', {
      project: 'spiky',
      events: [
        { event: 'page_view', user_id: 'a', timestamp: at(10) },
        { event: 'page_view', user_id: 'a', timestamp: at(10, 1) },
        { event: 'page_view', user_id: 'b', timestamp: at(10) },
        { event: 'page_view', user_id: 'c', timestamp: at(2) },
        { event: 'page_view', user_id: 'd', timestamp: at(2) },
      ],
    });
    const insights = await aa.get('/insights', { project: 'spiky', period: '7d' });
    expect(insights.body.metrics.bounce_rate).toEqual({ current: 1, previous: 0.5, change: 0.5, change_pct: 100 });
    expect(insights.body.flags).toEqual(['bounce_rate_spike']);
  });
});
