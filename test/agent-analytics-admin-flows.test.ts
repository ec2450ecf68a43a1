import { get as httpGet } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assignVariant } from '@headlessanalytics/engine';
import { client } from './agent-analytics-admin-support.js';
import { NOW, startBridge, type Bridge } from './rest-harness.js';

const HOUR = 3_600_000;

describe('Agent Analytics admin API over HTTP: Playbooks 1, 3 and 5', () => {
  let bridge: Bridge;
  let now = NOW;
  let api: ReturnType<typeof client>;
  let project: { id: string; name: string; project_token: string };

  beforeAll(async () => {
    bridge = await startBridge({ clock: () => now });
    api = client(bridge);
  });
  afterAll(() => bridge.close());

  it('Playbook 1 / "How do I create a new project and get the tracking snippet?" -> POST /projects', async () => {
    const account = await api.get('/account');
    expect(account.status).toBe(200);
    expect(account.body).toMatchObject({ tier: 'self_hosted', projects_count: 0, projects_limit: 1000, flags: [] });

    const created = await api.post('/projects', { name: 'my-site.com', allowed_origins: ['https://my-site.com/'] });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'my-site.com', existing: false, allowed_origins: ['https://my-site.com'] });
    expect(created.body.project_token).toMatch(/^ha_pt_/);
    expect(created.body.snippet).toBe(
      `<script defer src="${bridge.url}/tracker.js" data-project="my-site.com" data-token="${created.body.project_token}"></script>`,
    );
    // The snippet's src is absolute (a site pastes it elsewhere): the request's host, or HA_PUBLIC_URL when set.
    // (fetch does not let a caller set Host, so this one request goes through node:http.)
    const proxied = await new Promise<string>((resolve, reject) => {
      const url = new URL(`${bridge.url}/projects/${created.body.id}`);
      const headers = { host: 'analytics.example.com', 'x-forwarded-proto': 'https', 'x-api-key': bridge.adminKey };
      httpGet({ hostname: url.hostname, port: url.port, path: url.pathname, headers }, (response) => {
        let text = '';
        response.on('data', (chunk: Buffer) => (text += chunk));
        response.on('end', () => resolve(text));
      }).on('error', reject);
    });
    expect((JSON.parse(proxied) as { snippet: string }).snippet).toContain('src="https://analytics.example.com/tracker.js"');
    project = created.body;

    const again = await api.post('/projects', { name: 'my-site.com' });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ id: project.id, existing: true, project_token: project.project_token });

    const before = await api.get(`/projects/${project.id}`);
    expect(before.status).toBe(200);
    expect(before.body.usage_today).toEqual({ date: '2026-04-15', events: 0 });

    const tracked = await client(bridge, null).post('/track', { token: project.project_token, event: 'page_view', user_id: 'u1', properties: { path: '/' } });
    expect(tracked.status).toBe(202);
    expect(tracked.body).toMatchObject({ queued: true });

    const events = await api.get('/events', { project: project.id });
    expect(events.status).toBe(200);
    expect(events.body.events.map((event: { event: string }) => event.event)).toEqual(['page_view']);

    const after = await api.get(`/projects/${project.name}`);
    expect(after.body.usage_today.events).toBe(1);
    expect(after.body.events_total).toBe(1);
    expect((await api.get('/account')).body).toMatchObject({ projects_count: 1, usage: { events_today: 1, events_lifetime: 1 } });
  });

  it('Playbook 3 / "How do I run an A/B test on my signup flow?" -> POST /experiments, and "Which variant is winning?"', async () => {
    const created = await api.post('/experiments', {
      project: 'my-site.com',
      name: 'signup_cta',
      variants: ['control', 'new_cta'],
      goal_event: 'signup_complete',
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ status: 'active', winner: null, variants: [{ name: 'control', weight: 0.5 }, { name: 'new_cta', weight: 0.5 }] });
    const id = created.body.id as string;

    const duplicate = await api.post('/experiments', { project: 'my-site.com', name: 'signup_cta', variants: ['a', 'b'], goal_event: 'x' });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.message).toContain("'signup_cta'");
    expect(duplicate.body.details).toEqual({ resource: 'experiment', name: 'signup_cta', id });

    const config = await client(bridge, null).get('/experiments/config', { token: project.project_token, user_id: 'visitor-7' });
    expect(config.status).toBe(200);
    expect(config.body.experiments).toEqual([
      { id, name: 'signup_cta', created_at: expect.any(Number), status: 'active', goal_event: 'signup_complete', variants: created.body.variants, winner: null },
    ]);
    expect(config.body.next_cursor).toBeNull();
    expect(config.body.assignments).toEqual({ signup_cta: assignVariant('signup_cta', 'visitor-7', created.body.variants) });

    // 4 users per variant see it; 1 of 4 control users and 3 of 4 new_cta users convert, tagging the variant.
    const tag = (variant: string) => ({ experiment: 'signup_cta', variant });
    const events = [];
    for (const variant of ['control', 'new_cta']) {
      for (let user = 1; user <= 4; user += 1) {
        events.push({ event: '$experiment_exposure', user_id: `${variant}-${user}`, properties: tag(variant), timestamp: now - HOUR });
        if (user <= (variant === 'control' ? 1 : 3)) {
          events.push({ event: 'signup_complete', user_id: `${variant}-${user}`, properties: tag(variant), timestamp: now - HOUR / 2 });
        }
      }
    }
    events.push({ event: 'signup_complete', user_id: 'never-exposed', timestamp: now - HOUR / 2 });
    const batch = await client(bridge, null).post('/track/batch', { token: project.project_token, events });
    expect(batch.status).toBe(202);

    const results = await api.get(`/experiments/${id}`);
    expect(results.status).toBe(200);
    const [control, variant] = results.body.results.variants;
    expect(control).toEqual({
      variant: 'control', is_control: true, weight: 0.5, exposures: 4, conversions: 1, conversion_rate: 0.25,
      lift: null, p_value: null, significant: false, probability_to_beat_control: null,
    });
    expect(variant).toMatchObject({ variant: 'new_cta', exposures: 4, conversions: 3, conversion_rate: 0.75, lift: 2, significant: false });
    expect(variant.p_value).toBeCloseTo(0.157299, 5); // z = 1.4142, two-sided
    expect(variant.probability_to_beat_control).toBeCloseTo(0.8968, 3); // P(Beta(4,2) > Beta(2,4))
    expect(results.body.results).toMatchObject({
      total_exposures: 8, total_conversions: 4, leader: 'new_cta',
      sample_ratio_mismatch: { detected: false, p_value: 1, chi_square: 0 },
    });
    expect(results.body.flags).toEqual([]);

    const missing = await api.patch(`/experiments/${id}`, { winner: 'new_cta' });
    expect(missing.status).toBe(400);
    expect(missing.body.details.issues).toEqual([expect.objectContaining({ path: 'status' })]);
    const wrong = await api.patch(`/experiments/${id}`, { status: 'completed', winner: 'nope' });
    expect(wrong.status).toBe(400);
    expect(wrong.body.details.issues).toEqual([expect.objectContaining({ path: 'winner' })]);

    const done = await api.patch(`/experiments/${id}`, { status: 'completed', winner: 'new_cta' });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ status: 'completed', winner: 'new_cta' });
    const served = await client(bridge, null).get('/experiments/config', { token: project.project_token, user_id: 'visitor-7' });
    expect(served.body.assignments).toEqual({ signup_cta: 'new_cta' });

    // The config pages oldest first; tracker.js follows next_cursor.
    const later = await api.post('/experiments', { project: project.id, name: 'hero_copy', variants: ['a', 'b'], goal_event: 'signup_complete' });
    expect(later.status).toBe(201);
    const firstPage = await client(bridge, null).get('/experiments/config', { token: project.project_token, limit: '1' });
    expect(firstPage.body.experiments.map((value: { name: string }) => value.name)).toEqual(['signup_cta']);
    expect(firstPage.body.next_cursor).toEqual(expect.any(String));
    const secondPage = await client(bridge, null).get('/experiments/config', { token: project.project_token, limit: '1', cursor: firstPage.body.next_cursor });
    expect(secondPage.body.experiments.map((value: { name: string }) => value.name)).toEqual(['hero_copy']);
    expect(secondPage.body.next_cursor).toBeNull();
  });

  it('flags experiment_no_conversions after 48 h; completing without a winner keeps winner null', async () => {
    const created = await api.post('/experiments', {
      project: project.id, name: 'pricing_page', variants: ['control', 'annual_first', 'monthly_first'],
      goal_event: 'purchase', traffic_split: { control: 50, annual_first: 25, monthly_first: 25 },
    });
    expect(created.status).toBe(201);
    expect(created.body.variants.map((variant: { weight: number }) => variant.weight)).toEqual([0.5, 0.25, 0.25]);
    const exposures = Array.from({ length: 30 }, (_, index) => ({
      event: '$experiment_exposure', user_id: `p-${index}`, properties: { experiment: 'pricing_page', variant: 'control' }, timestamp: now,
    }));
    await client(bridge, null).post('/track/batch', { token: project.project_token, events: exposures });
    expect((await api.get(`/experiments/${created.body.id}`)).body.flags.map((flag: { code: string }) => flag.code)).toEqual(['sample_ratio_mismatch']);

    now += 49 * HOUR;
    const later = await api.get(`/experiments/${created.body.id}`);
    expect(later.body.flags.map((flag: { code: string }) => flag.code)).toEqual(['experiment_no_conversions', 'sample_ratio_mismatch']);
    expect(later.body.flags[0].message).toContain("'purchase'");

    const completed = await api.patch(`/experiments/${created.body.id}`, { status: 'completed' });
    expect(completed.status).toBe(200);
    expect(completed.body).toMatchObject({ status: 'completed', winner: null });
    const listed = await api.get('/experiments', { project: 'my-site.com' });
    expect(listed.body.experiments.map((experiment: { name: string }) => experiment.name)).toEqual(['signup_cta', 'hero_copy', 'pricing_page']);

    const removed = await api.delete(`/experiments/${created.body.id}`);
    expect(removed.body).toEqual({ deleted: true, id: created.body.id, name: 'pricing_page' });
    expect((await api.get(`/experiments/${created.body.id}`)).status).toBe(404);
  });

  it('Playbook 5 / "What are my account limits and current usage?" -> GET /account; rotate the key; tighten origins', async () => {
    const account = await api.get('/account');
    expect(account.body).toMatchObject({
      tier: 'self_hosted', projects_count: 1, projects_limit: 1000,
      tier_limits: { projects_limit: 1000, max_events_lifetime: null, retention_days: null },
    });
    const projects = await api.get('/projects');
    expect(projects.body.count).toBe(1);
    expect(projects.body.projects[0]).toMatchObject({ id: project.id, has_api_key: true });

    const rotated = await api.post('/account/revoke-key');
    expect(rotated.status).toBe(200);
    expect(rotated.body.api_key).toMatch(/^ha_live_/);
    expect(rotated.body.key.scopes).toEqual(['admin']);
    expect((await api.get('/account')).status).toBe(401);
    api = client(bridge, rotated.body.api_key);
    expect((await api.get('/account')).status).toBe(200);

    const browser = client(bridge, null);
    const page = { token: project.project_token, event: 'page_view' };
    expect((await browser.post('/track', page, { origin: 'https://evil.example' })).status).toBe(403);
    expect((await browser.post('/track', page, { origin: 'https://my-site.com' })).status).toBe(202);
    const tightened = await api.patch(`/projects/${project.id}`, { allowed_origins: ['https://*.my-site.com'] });
    expect(tightened.body.allowed_origins).toEqual(['https://*.my-site.com']);
    expect((await browser.post('/track', page, { origin: 'https://my-site.com' })).status).toBe(403);
    expect((await browser.post('/track', page, { origin: 'https://shop.my-site.com' })).status).toBe(202);
    const bad = await api.patch(`/projects/${project.id}`, { allowed_origins: ['not an origin'] });
    expect(bad.status).toBe(400);
    expect(bad.body.details.issues).toEqual([expect.objectContaining({ path: 'allowed_origins[0]' })]);
  });
});
