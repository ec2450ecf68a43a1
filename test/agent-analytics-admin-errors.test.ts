import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { client } from './agent-analytics-admin-support.js';
import { startBridge, type Bridge } from './rest-harness.js';

describe('Agent Analytics admin API: unknown and foreign projects, bad input, project tokens', () => {
  let bridge: Bridge;
  let api: ReturnType<typeof client>;
  let other: ReturnType<typeof client>;
  let project: { id: string; name: string; project_token: string };
  let foreign: { id: string; project_token: string };

  beforeAll(async () => {
    bridge = await startBridge();
    api = client(bridge);
    const workspace = await bridge.request('POST', '/api/workspaces', { body: { name: 'Other company' } });
    expect(workspace.status).toBe(201);
    other = client(bridge, workspace.body.apiKey);
    project = (await api.post('/projects', { name: 'shop' })).body;
    foreign = (await other.post('/projects', { name: 'their-site' })).body;
  });
  afterAll(() => bridge.close());

  it('an unknown project is a 404 naming it, and changes nothing', async () => {
    const missing = await api.get('/projects/nope');
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ error: 'NOT_FOUND', message: "Project 'nope' was not found in this workspace; list_projects lists them." });
    expect((await api.patch('/projects/nope', { allowed_origins: [] })).status).toBe(404);
    expect((await api.delete('/projects/nope')).status).toBe(404);
    expect((await api.get('/experiments', { project: 'nope' })).status).toBe(404);
    expect((await api.post('/experiments', { project: 'nope', name: 'x', variants: ['a', 'b'], goal_event: 'g' })).status).toBe(404);
    expect((await api.get('/stream', { project: 'nope' })).status).toBe(404);
    expect((await api.get('/projects')).body.count).toBe(1);
  });

  it("another workspace's project is invisible: 404 by id, name or token-bound reads", async () => {
    expect((await api.get(`/projects/${foreign.id}`)).status).toBe(404);
    expect((await api.get('/projects/their-site')).status).toBe(404);
    expect((await api.delete(`/projects/${foreign.id}`)).status).toBe(404);
    expect((await other.get(`/projects/${project.id}`)).status).toBe(404);
    const created = await api.post('/experiments', { project: 'shop', name: 'hero', variants: ['a', 'b'], goal_event: 'buy' });
    expect((await other.get(`/experiments/${created.body.id}`)).status).toBe(404);
    const mismatch = await client(bridge, null).get('/experiments/config', { token: foreign.project_token, project: 'shop' });
    expect(mismatch.status).toBe(403);
    expect(mismatch.body.message).toContain("'their-site'");
    expect((await other.get('/projects')).body.projects.map((entry: { name: string }) => entry.name)).toEqual(['their-site']);
  });

  it('a project token is write-only: it cannot read or manage anything', async () => {
    const browser = client(bridge, null);
    const listed = await browser.get('/projects', { token: project.project_token });
    expect(listed.status).toBe(403);
    expect(listed.body.message).toContain('project token');
    expect((await browser.get('/account', { token: project.project_token })).status).toBe(403);
    expect((await browser.get('/stream', { project: 'shop', token: project.project_token })).status).toBe(403);
    expect((await browser.post('/track', { token: 'ha_pt_unknown', event: 'x' })).status).toBe(403);
    expect((await browser.get('/account')).status).toBe(401);
  });

  it('bad input names the field and creates nothing', async () => {
    const noName = await api.post('/projects', { allowed_origins: [] });
    expect(noName.status).toBe(400);
    expect(noName.body.details.issues).toEqual([expect.objectContaining({ path: 'name' })]);
    const oneVariant = await api.post('/experiments', { project: 'shop', name: 'solo', variants: ['a'], goal_event: 'g' });
    expect(oneVariant.status).toBe(400);
    expect(oneVariant.body.details.issues).toEqual([expect.objectContaining({ path: 'variants' })]);
    const split = await api.post('/experiments', {
      project: 'shop', name: 'split', variants: ['a', 'b'], goal_event: 'g', traffic_split: { a: 1, c: 1 },
    });
    expect(split.status).toBe(400);
    expect(split.body.details.issues.map((issue: { path: string }) => issue.path).sort()).toEqual(['traffic_split.b', 'traffic_split.c']);
    expect((await api.get('/experiments', { project: 'shop' })).body.count).toBe(1);
  });

  it('DELETE /projects/{id} removes the project and every row stored under it; its token stops working', async () => {
    const doomed = (await api.post('/projects', { name: 'doomed' })).body;
    const events = [{ event: 'page_view', user_id: 'x', properties: { path: '/' } }, { event: 'signup', user_id: 'x' }];
    expect((await client(bridge, null).post('/track/batch', { token: doomed.project_token, events })).status).toBe(202);
    await api.post('/experiments', { project: 'doomed', name: 'e1', variants: ['a', 'b'], goal_event: 'signup' });
    const store = bridge.engine.services.store;
    // Every table with a business_id column (graph_entities' business_ids list is not one).
    const tables = (
      await store.execute(
        "SELECT m.name FROM sqlite_master m WHERE m.type = 'table' AND m.name <> 'aa_scopes' AND EXISTS (SELECT 1 FROM pragma_table_info(m.name) c WHERE c.name = 'business_id')",
      )
    ).rows.map((row) => String(row.name));
    const rowsOf = async () => {
      let total = 0;
      for (const table of tables) total += Number((await store.execute(`SELECT count(*) AS n FROM "${table}" WHERE business_id = ?`, [doomed.id])).rows[0]!.n);
      return total;
    };
    expect(tables).toEqual(expect.arrayContaining(['events', 'event_rollups']));
    // The Agent Analytics rollups are keyed by the business's compact scope id (aa_scopes keeps only that id).
    const scoped = (await store.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'aa_%' AND name <> 'aa_scopes'")).rows.map((row) => String(row.name));
    const scopeId = Number((await store.execute('SELECT id FROM aa_scopes WHERE business_id = ?', [doomed.id])).rows[0]!.id);
    const scopedRowsOf = async () => {
      let total = 0;
      for (const table of scoped) total += Number((await store.execute(`SELECT count(*) AS n FROM "${table}" WHERE scope = ?`, [scopeId])).rows[0]!.n);
      return total;
    };
    expect(await rowsOf()).toBeGreaterThan(2);
    expect(await scopedRowsOf()).toBeGreaterThan(5);
    const removed = await api.delete(`/projects/${doomed.id}`);
    expect(removed.body).toEqual({ deleted: true, id: doomed.id, name: 'doomed' });
    expect(await rowsOf()).toBe(0);
    expect(await scopedRowsOf()).toBe(0);
    expect((await api.get('/projects/doomed')).status).toBe(404);
    expect((await client(bridge, null).post('/track', { token: doomed.project_token, event: 'x' })).status).toBe(403);
    // The scope id is never handed to another project: a new one (here or in another workspace) starts empty.
    const next = (await api.post('/projects', { name: 'doomed' })).body;
    expect((await client(bridge, null).post('/track', { token: next.project_token, event: 'fresh', user_id: 'y' })).status).toBe(202);
    expect(Number((await store.execute('SELECT id FROM aa_scopes WHERE business_id = ?', [next.id])).rows[0]!.id)).not.toBe(scopeId);
    const stats = await api.get('/stats?project=doomed&since=7d');
    expect(stats.body.totals).toMatchObject({ total_events: 1, unique_users: 1 });
  });

  it('renaming onto an existing project is a 409 naming it', async () => {
    await api.post('/projects', { name: 'blog' });
    const clash = await api.patch('/projects/blog', { name: 'shop' });
    expect(clash.status).toBe(409);
    expect(clash.body.details).toEqual({ resource: 'project', name: 'shop', id: project.id });
    expect(clash.body.message).toContain("'shop'");
  });
});

describe('Agent Analytics account limits are enforced', () => {
  let bridge: Bridge;

  beforeAll(async () => {
    bridge = await startBridge();
  });
  afterAll(() => bridge.close());

  it('projects_limit: project_limit_near on GET /account, then 403 past the limit', async () => {
    const api = client(bridge);
    const limited = await bridge.request('PATCH', '/api/account', { body: { limits: { projects_limit: 2 } } });
    expect(limited.status).toBe(200);
    expect(limited.body).toMatchObject({ projects_limit: 2, projects_count: 0, flags: [] });
    expect((await api.post('/projects', { name: 'one' })).status).toBe(201);
    const account = await api.get('/account');
    expect(account.body.flags).toEqual([{ code: 'project_limit_near', message: expect.stringContaining('1 of 2 project slots left') }]);
    expect((await api.post('/projects', { name: 'two' })).status).toBe(201);
    const third = await api.post('/projects', { name: 'three' });
    expect(third.status).toBe(403);
    expect(third.body.message).toContain('2 of 2 projects');
    expect((await api.post('/projects', { name: 'two' })).status).toBe(200);
  });

  it('max_events_lifetime: a write that would pass it is refused with 403, nothing of it stored', async () => {
    const limited = await bridge.request('PATCH', '/api/account', { body: { limits: { max_events_lifetime: 3 } } });
    expect(limited.body.tier_limits.max_events_lifetime).toBe(3);
    const token = (await client(bridge).get('/projects/one')).body.project_token;
    const browser = client(bridge, null);
    const two = [{ event: 'a' }, { event: 'b' }];
    expect((await browser.post('/track/batch', { token, events: two })).status).toBe(202);
    const refused = await browser.post('/track/batch', { token, events: two });
    expect(refused.status).toBe(403);
    expect(refused.body.message).toContain('stores 2 of max_events_lifetime 3');
    expect((await client(bridge).get('/account')).body.usage.events_lifetime).toBe(2);
    expect((await browser.post('/track', { token, event: 'c' })).status).toBe(202);
    expect((await browser.post('/track', { token, event: 'd' })).status).toBe(403);
    await bridge.request('PATCH', '/api/account', { body: { limits: { max_events_lifetime: null } } });
    expect((await browser.post('/track', { token, event: 'd' })).status).toBe(202);
  });

  it('rate_limit_rpm: 429 with Retry-After past the limit, per credential', async () => {
    const token = (await client(bridge).get('/projects/one')).body.project_token;
    const tier = await bridge.request('PATCH', '/api/account', { body: { tier: 'free', limits: { rate_limit_rpm: 6 } } });
    expect(tier.body).toMatchObject({ tier: 'free', rate_limit_rpm: 6, tier_limits: { max_events_lifetime: 100_000, retention_days: 90 } });
    const browser = client(bridge, null);
    // 6 per minute refills one call every 10 s; the burst allowance is one call. The clock is fixed.
    expect((await browser.post('/track', { token, event: 'a' })).status).toBe(202);
    const limited = await browser.post('/track', { token, event: 'b' });
    expect(limited.status).toBe(429);
    expect(limited.body.error).toBe('RATE_LIMITED');
    expect(limited.headers.get('retry-after')).toBe('10');
    expect(limited.body.message).toContain('project token');
    // The admin key has its own bucket.
    expect((await client(bridge).get('/account')).status).toBe(200);
    expect((await client(bridge).get('/account')).status).toBe(429);
  });
});
