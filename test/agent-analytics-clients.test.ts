import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JsonSchema, RestAlias } from '@headlessanalytics/engine';
import { withNulls } from './null-fields.js';
import { startBridge, type Bridge, type Reply } from './rest-harness.js';

/**
 * A client written for the Agent Analytics API, pointed at this server: every route of that API (walked from the
 * registry's alias table) gets the request shapes such clients send (`null` for every optional field, `X-API-Key`,
 * no key, a bad key or token, no Origin on a preflight) and answers with that API's statuses and error bodies
 * (`{"error": "<CODE>", "message", "requestId"}`).
 */

const BAD_KEY = 'ha_live_notarealkeynotarealkey00';
type Query = Record<string, unknown>;

let bridge: Bridge;
let routes: RestAlias[];
/** Path parameter values per route (`METHOD path`), for routes whose example names a fixture that must exist. */
const fixtures = new Map<string, Record<string, string>>();
/** A route's own key, for routes that change the caller's key. */
const keys = new Map<string, string>();

async function send(method: string, path: string, options: { key?: string | null; body?: unknown; query?: Query; headers?: Record<string, string> } = {}): Promise<Reply> {
  const headers: Record<string, string> = { ...options.headers };
  const key = options.key === undefined ? bridge.adminKey : options.key;
  if (key !== null) headers['x-api-key'] = key;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(options.query ?? {})) {
    for (const item of Array.isArray(value) ? value : [value]) search.append(name, String(item));
  }
  const url = `${bridge.url}${path}${search.size > 0 ? `?${search}` : ''}`;
  const response = await fetch(url, { method, headers, ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }) });
  const text = await response.text();
  const json = response.headers.get('content-type')?.startsWith('application/json');
  return { status: response.status, headers: response.headers, body: json && text ? JSON.parse(text) : text };
}

const routeName = (route: RestAlias) => `${route.method} ${route.path}`;
const tool = (route: RestAlias) => bridge.engine.registry.get(route.tool)!;
const inputSchema = (route: RestAlias): JsonSchema => bridge.engine.registry.describe(route.tool)!.inputSchema;
const tokenWrite = (route: RestAlias) => tool(route).allowProjectToken === true && tool(route).scope === 'write';
const pathParams = (route: RestAlias) => [...route.path.matchAll(/\{([^}]+)\}/g)].map((match) => match[1]!);

/** The route's first example as a request: path parameters filled in, the rest as query (GET, DELETE) or body. */
function request(route: RestAlias, input: Record<string, unknown> = { ...(tool(route).examples?.[0] ?? {}) }): { path: string; rest: Record<string, unknown> } {
  const rest = { ...input };
  let path = route.path;
  for (const param of pathParams(route)) {
    const field = route.params?.[param] ?? param;
    const value = fixtures.get(routeName(route))?.[param] ?? String(rest[field]);
    delete rest[field];
    path = path.replace(`{${param}}`, encodeURIComponent(value));
  }
  return { path, rest };
}

function call(route: RestAlias, options: { key?: string | null; input?: Record<string, unknown>; nulls?: boolean; headers?: Record<string, string> } = {}): Promise<Reply> {
  const { path, rest } = request(route, options.input);
  const hasBody = route.method === 'POST' || route.method === 'PATCH';
  const body = options.nulls ? withNulls(inputSchema(route), rest) : rest;
  return send(route.method, path, {
    ...(options.key === undefined ? {} : { key: options.key }),
    ...(options.headers ? { headers: options.headers } : {}),
    ...(hasBody ? { body } : { query: rest }),
  });
}

/** That API's error body, and nothing of this project's envelope. */
function expectAgentAnalyticsError(reply: Reply, status: number, code: string, label: string): void {
  expect(reply.status, `${label}: ${JSON.stringify(reply.body)}`).toBe(status);
  expect(reply.body, label).toMatchObject({ error: code, message: expect.any(String), requestId: reply.headers.get('x-request-id') });
  expect(Object.keys(reply.body).filter((key) => !['error', 'message', 'requestId', 'details'].includes(key)), label).toEqual([]);
}

beforeAll(async () => {
  bridge = await startBridge();
  routes = bridge.engine.registry.restAliases().filter((route) => route.auth === 'agent-analytics');
  for (const name of ['my-site', 'old-landing-page']) expect((await send('POST', '/projects', { body: { name } })).status).toBe(201);
  expect((await send('POST', '/track', { body: { project: 'my-site', event: 'page_view', user_id: 'u1', properties: { path: '/' } } })).status).toBe(202);
  const experiment = async (name: string) =>
    (await send('POST', '/experiments', { body: { project: 'my-site', name, variants: ['control', 'new_cta'], goal_event: 'signup_complete' } })).body.id as string;
  const [kept, doomed] = [await experiment('kept'), await experiment('doomed')];
  fixtures.set('GET /experiments/{id}', { id: kept }).set('PATCH /experiments/{id}', { id: kept }).set('DELETE /experiments/{id}', { id: doomed });
  const rotated = await bridge.request('POST', '/api/keys', { body: { name: 'to rotate', scopes: ['admin'] } });
  keys.set('POST /account/revoke-key', rotated.body.apiKey);
});
afterAll(() => bridge.close());

describe('Agent Analytics clients against every route of that API', () => {
  it('walks every Agent Analytics route of the registry', () => {
    expect(routes.map(routeName)).toEqual(expect.arrayContaining(['POST /track', 'POST /track/batch', 'POST /funnel', 'POST /projects', 'GET /stats']));
    expect(routes.length).toBeGreaterThanOrEqual(30);
  });

  it('answers each route with null for every optional field as its client sends them', async () => {
    let bodies = 0;
    for (const route of routes) {
      if (route.response?.kind === 'sse') continue;
      const reply = await call(route, { nulls: true, ...(keys.has(routeName(route)) ? { key: keys.get(routeName(route))! } : {}) });
      expect(reply.status, `${routeName(route)}: ${JSON.stringify(reply.body)}`).toBeGreaterThanOrEqual(200);
      expect(reply.status, `${routeName(route)}: ${JSON.stringify(reply.body)}`).toBeLessThan(300);
      if (route.method === 'POST' || route.method === 'PATCH') bodies += 1;
    }
    expect(bodies).toBeGreaterThanOrEqual(8);
  });

  it('answers a bare OPTIONS preflight (no Origin) on each route with CORS headers', async () => {
    for (const route of routes) {
      const reply = await send('OPTIONS', request(route).path, { key: null });
      expect(reply.status, routeName(route)).toBe(204);
      expect(reply.headers.get('access-control-allow-origin'), routeName(route)).toBe('*');
      expect(reply.headers.get('access-control-allow-methods'), routeName(route)).toContain(route.method);
      expect(reply.headers.get('access-control-allow-headers'), routeName(route)).toContain('X-API-Key');
    }
  });

  it('refuses no key and a bad key as that API does: 401 AUTH_REQUIRED on reads and admin, 403 FORBIDDEN on event writes', async () => {
    for (const route of routes) {
      const [status, code] = tokenWrite(route) ? [403, 'FORBIDDEN'] : [401, 'AUTH_REQUIRED'];
      const missing = await call(route, { key: null });
      expectAgentAnalyticsError(missing, status, code, `${routeName(route)} without a key`);
      expect(missing.body.message).toContain('X-API-Key');
      expect(missing.body.message).toContain('?key=');
      expectAgentAnalyticsError(await call(route, { key: BAD_KEY }), status, code, `${routeName(route)} with a bad key`);
    }
  });

  it('refuses a bad project token on the routes that take one, 403 FORBIDDEN on writes', async () => {
    const tokenRoutes = routes.filter((route) => tool(route).allowProjectToken);
    expect(tokenRoutes.map(routeName).sort()).toEqual(['GET /experiments/config', 'POST /track', 'POST /track/batch']);
    for (const route of tokenRoutes) {
      const [status, code] = tokenWrite(route) ? [403, 'FORBIDDEN'] : [401, 'AUTH_REQUIRED'];
      const input: Record<string, unknown> = { ...tool(route).examples![0], token: 'ha_pt_notarealtoken' };
      delete input.project;
      expectAgentAnalyticsError(await call(route, { key: null, input }), status, code, `${routeName(route)} with a bad token`);
    }
  });

  it('answers a missing project with 400 PROJECT_REQUIRED', async () => {
    let checked = 0;
    for (const route of routes) {
      const example = tool(route).examples?.[0];
      if (!example || !('project' in example) || pathParams(route).length > 0) continue;
      const { project: _project, ...input } = example;
      expectAgentAnalyticsError(await call(route, { input }), 400, 'PROJECT_REQUIRED', `${routeName(route)} without project`);
      checked += 1;
    }
    expect(checked).toBeGreaterThanOrEqual(18);
  });
});

describe('Agent Analytics request shapes and error codes', () => {
  it('POST /funnel with since and count_by null (the client\'s "not given") answers like without them', async () => {
    const steps = [{ event: 'page_view' }, { event: 'signup' }];
    const nulls = await send('POST', '/funnel', { body: { project: 'my-site', steps, since: null, count_by: null, breakdown: null } });
    expect(nulls.status, JSON.stringify(nulls.body)).toBe(200);
    expect(nulls.body).toEqual((await send('POST', '/funnel', { body: { project: 'my-site', steps } })).body);
  });

  it('allowed_origins takes "*", a comma-separated string or a list on create and update, stored and returned as a list', async () => {
    const star = await send('POST', '/projects', { body: { name: 'star', allowed_origins: '*' } });
    expect(star.status, JSON.stringify(star.body)).toBe(201);
    expect(star.body.allowed_origins).toEqual(['*']);
    const listed = await send('POST', '/projects', { body: { name: 'listed', allowed_origins: 'https://Shop.example.com/, https://*.example.org,,' } });
    expect(listed.body.allowed_origins).toEqual(['https://shop.example.com', 'https://*.example.org']);
    const none = await send('POST', '/projects', { body: { name: 'none', allowed_origins: null } });
    expect(none.body.allowed_origins).toEqual([]);
    const updated = await send('PATCH', '/projects/star', { body: { allowed_origins: 'https://a.example.com,https://b.example.com', name: null } });
    expect(updated.body).toMatchObject({ name: 'star', allowed_origins: ['https://a.example.com', 'https://b.example.com'] });
    expect((await send('GET', '/projects/star')).body.allowed_origins).toEqual(['https://a.example.com', 'https://b.example.com']);
    const bad = await send('PATCH', '/projects/star', { body: { allowed_origins: 'https://ok.example.com, not an origin' } });
    expectAgentAnalyticsError(bad, 400, 'INVALID_BODY', 'a bad origin');
    expect(bad.body.details.issues).toEqual([expect.objectContaining({ path: 'allowed_origins[1]' })]);
    expect((await send('GET', '/projects/star')).body.allowed_origins).toEqual(['https://a.example.com', 'https://b.example.com']);
    // An update with neither field (both null: not set) says what to send.
    expectAgentAnalyticsError(await send('PATCH', '/projects/star', { body: { allowed_origins: null, name: null } }), 400, 'INVALID_BODY', 'empty update');
  });

  it('/track with only a token and no project is accepted; with a bad or no token (and no key) it is 403 FORBIDDEN', async () => {
    const token = (await send('GET', '/projects/my-site')).body.project_token as string;
    expect((await send('POST', '/track', { key: null, body: { token, event: 'page_view', project: null, user_id: null } })).status).toBe(202);
    expect((await send('POST', '/track/batch', { key: null, body: { token, events: [{ event: 'a', timestamp: null }] } })).status).toBe(202);
    expectAgentAnalyticsError(await send('POST', '/track', { key: null, body: { token: 'ha_pt_bogus', event: 'x' } }), 403, 'FORBIDDEN', 'bad token');
    expectAgentAnalyticsError(await send('POST', '/track/batch', { key: null, body: { events: [{ event: 'x' }] } }), 403, 'FORBIDDEN', 'no token');
  });

  const manyEvents = Array.from({ length: 1001 }, () => ({ event: 'x' }));
  it.each([
    ['/track', 'without event', 'MISSING_FIELDS', 'event', { project: 'my-site' }],
    ['/track', 'with event null', 'MISSING_FIELDS', 'event', { project: 'my-site', event: null }],
    ['/track/batch', 'with 1,001 events', 'BATCH_TOO_LARGE', 'events', { project: 'my-site', events: manyEvents }],
    ['/track/batch', 'with events not a list', 'INVALID_BODY', 'events', { project: 'my-site', events: 'not a list' }],
    ['/query', 'with an unknown metric', 'INVALID_METRIC', 'metrics[0]', { project: 'my-site', metrics: ['revenue'] }],
    ['/query', 'with an unknown group', 'INVALID_GROUP_BY', 'group_by[0]', { project: 'my-site', group_by: ['planet'] }],
    ['/query', 'with an unknown filter op', 'INVALID_FILTER_OP', 'filters[0].op', { project: 'my-site', filters: [{ field: 'event', op: 'like', value: 'x' }] }],
    ['/query', 'filtering on __proto__', 'INVALID_FILTER_FIELD', 'filters[0].field', { project: 'my-site', filters: [{ field: '__proto__', op: 'eq', value: 'x' }] }],
    ['/funnel', 'with a bad breakdown key', 'INVALID_PROPERTY_KEY', 'breakdown', { project: 'my-site', steps: [{ event: 'a' }, { event: 'b' }], breakdown: 'no spaces' }],
  ])('POST %s %s → 400 %s naming %s; nothing stored', async (path, _description, code, field, body) => {
    const before = (await send('GET', '/stats', { query: { project: 'my-site', since: '30d' } })).body.totals.total_events;
    const reply = await send('POST', path, { body });
    expectAgentAnalyticsError(reply, 400, code, `${path} ${code}`);
    expect(reply.body.details.issues.map((issue: { path: string }) => issue.path)).toContain(field);
    expect((await send('GET', '/stats', { query: { project: 'my-site', since: '30d' } })).body.totals.total_events).toBe(before);
  });

  it('an unknown path or method outside /api answers NOT_FOUND in that API\'s shape; /api routes keep this project\'s envelope', async () => {
    expectAgentAnalyticsError(await send('GET', '/nonexistent'), 404, 'NOT_FOUND', 'unknown path');
    const method = await send('GET', '/track');
    expectAgentAnalyticsError(method, 405, 'NOT_FOUND', 'wrong method');
    expect(method.headers.get('allow')).toBe('POST');
    const api = await send('POST', '/api/tools/track_event', { key: null, body: { token: 'ha_pt_bogus', event: 'x' } });
    expect(api.status).toBe(401);
    expect(api.body.error).toMatchObject({ code: 'UNAUTHENTICATED', message: expect.any(String), details: {}, requestId: expect.any(String) });
    expect((await bridge.request('GET', '/api/nowhere')).body.error.code).toBe('NOT_FOUND');
  });
});

describe('Agent Analytics internal errors', () => {
  it('answer 500 INTERNAL_ERROR with the request id and no details', async () => {
    const broken = await startBridge({ logger: { error: () => undefined, info: () => undefined } });
    try {
      await broken.request('POST', '/projects', { body: { name: 'site' } });
      await broken.engine.services.store.close();
      const reply = await broken.request('GET', '/projects');
      expect(reply.status).toBe(500);
      expect(reply.body).toEqual({ error: 'INTERNAL_ERROR', message: expect.any(String), requestId: reply.headers.get('x-request-id') });
    } finally {
      await broken.server.close();
    }
  });
});
