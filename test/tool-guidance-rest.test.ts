import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JsonSchema, RestAlias } from '@headlessanalytics/engine';
import { agentAnalytics, HOUR } from './agent-analytics-harness.js';
import { NOW, startBridge, type Bridge, type Reply } from './rest-harness.js';

/** The accepted forms, as every time field's error states them. */
const FORMS = /must be epoch milliseconds .*ISO 8601 date or date-time .*relative to now \(30m, 24h, 7d, 4w, now\)/;

let bridge: Bridge;
beforeAll(async () => {
  bridge = await startBridge();
  expect((await bridge.request('POST', '/projects', { body: { name: 'my-site' } })).status).toBe(201);
  for (const [index, ago] of [1, 30, 60, 120, 500].entries()) {
    const timestamp = NOW - ago * HOUR;
    const user = `user-${index}`;
    const tracked = [{ event: 'page_view', user_id: user, timestamp, properties: { path: '/', country: 'US' } }, { event: 'signup_start', user_id: user, timestamp: timestamp + 1000 }];
    expect((await bridge.request('POST', '/track/batch', { body: { project: 'my-site', events: tracked } })).status).toBe(202);
    const ingested = [
      { event: 'qr.bottle_scanned', actor: user, timestamp },
      { event: 'order.created', actor: user, timestamp: timestamp + 1000 },
      // The graph tools' examples read this customer and product.
      { event: 'qr.bottle_scanned', actor: { type: 'customer', id: 'anon_123' }, object: { type: 'product', id: 'olive-oil-500ml' }, timestamp },
    ];
    expect((await bridge.request('POST', '/api/ingest', { body: { events: ingested } })).status).toBe(200);
  }
});
afterAll(() => bridge.close());

const issuesOf = (reply: Reply): Array<{ path: string; message: string }> => (reply.body.details ?? reply.body.error?.details)?.issues ?? [];
const messageOf = (reply: Reply): string => (typeof reply.body.error === 'string' ? reply.body.message : reply.body.error.message);

/** Calls a tool through its first REST alias: GET with the input as query text (JSON for objects), else a JSON body. */
function viaAlias(alias: RestAlias, input: Record<string, unknown>): Promise<Reply> {
  if (alias.method !== 'GET') return bridge.request(alias.method, alias.path, { body: input });
  const query = new URLSearchParams(Object.entries(input).map(([name, value]): [string, string] => [name, typeof value === 'object' ? JSON.stringify(value) : String(value)]));
  return bridge.request('GET', `${alias.path}?${query}`);
}

describe('time inputs over REST', () => {
  const timeRoutes = () => {
    const registry = bridge.engine.registry;
    return registry.list().flatMap((tool) => {
      const alias = registry.restAliases().find((route) => route.tool === tool.name && !route.path.includes('{'));
      const properties = (registry.describe(tool.name)!.inputSchema.properties ?? {}) as Record<string, JsonSchema>;
      const fields = Object.keys(properties).filter((field) => String(properties[field]!.description).includes('relative to now (30m'));
      return alias && fields.length > 0 ? [{ tool, alias, fields }] : [];
    });
  };

  it('answers epoch ms, ISO 8601 and relative times with the same window on every route with a time field', async () => {
    const routes = timeRoutes();
    expect(routes.map(({ alias }) => `${alias.method} ${alias.path}`)).toEqual(
      expect.arrayContaining(['GET /api/events', 'POST /api/metrics/query', 'POST /api/funnels/query', 'GET /api/usage', 'GET /stats', 'POST /query', 'POST /funnel']),
    );
    expect(routes.length).toBeGreaterThanOrEqual(17);
    let changed = 0;
    for (const { tool, alias, fields } of routes) {
      const example = (tool.examples?.[0] ?? {}) as Record<string, unknown>;
      for (const field of fields) {
        const at = NOW - 48 * HOUR;
        const replies = [];
        for (const value of [at, new Date(at).toISOString(), '48h', '2d']) replies.push(await viaAlias(alias, { ...example, [field]: value }));
        for (const reply of replies) expect(reply.status, `${alias.path} ${field}: ${JSON.stringify(reply.body)}`).toBeLessThan(300);
        if (!tool.annotations.readOnlyHint) continue; // a write answers a new id each time
        for (const reply of replies.slice(1)) expect(reply.body, `${alias.path} ${field}`).toEqual(replies[0]!.body);
        if (JSON.stringify(replies[0]!.body) !== JSON.stringify((await viaAlias(alias, example)).body)) changed += 1;
      }
    }
    expect(changed).toBeGreaterThanOrEqual(10);
  });

  it('refuses another value with 400 naming the field and the accepted forms', async () => {
    for (const { tool, alias, fields } of timeRoutes()) {
      for (const field of fields) {
        const reply = await viaAlias(alias, { ...(tool.examples?.[0] ?? {}), [field]: 'yesterday' });
        expect(reply.status, `${alias.path} ${field}`).toBe(400);
        expect(issuesOf(reply)).toEqual([{ path: field, message: expect.stringMatching(FORMS) }]);
        expect(messageOf(reply)).toMatch(new RegExp(`${field}: ${FORMS.source}`));
      }
    }
  });

  it("keeps the Agent Analytics API's documented forms: since 7d/24h, ISO dates, date_to as a whole UTC day", async () => {
    const aa = agentAnalytics(bridge);
    expect((await aa.get('/stats', { project: 'my-site', since: '24h' })).body.totals.total_events).toBe(2);
    expect((await aa.get('/insights', { project: 'my-site', period: '7d' })).status).toBe(200);
    const day = new Date(NOW - 30 * HOUR).toISOString().slice(0, 10);
    const wholeDay = await aa.post('/query', { project: 'my-site', date_from: day, date_to: day });
    expect(wholeDay.body.period).toEqual({ from: `${day}T00:00:00.000Z`, to: `${day}T23:59:59.999Z` });
  });
});

describe('field names: one convention per tool family, the wire names still accepted', () => {
  it('get_stats takes group_by like run_query; /stats keeps accepting groupBy and errors name the field as sent', async () => {
    const aa = agentAnalytics(bridge);
    for (const name of ['group_by', 'groupBy']) {
      const reply = await aa.get('/stats', { project: 'my-site', since: '24h', [name]: 'hour' });
      expect(reply.body.period.groupBy, name).toBe('hour');
      const bad = await aa.get('/stats', { project: 'my-site', [name]: 'minute' });
      expect(bad.body.error, name).toBe('INVALID_GROUP_BY');
      expect(issuesOf(bad).map((issue) => issue.path)).toEqual([name]);
      expect(bad.body.message).toMatch(new RegExp(`^Invalid input: ${name}: `));
    }
    const tool = await bridge.request('POST', '/api/tools/get_stats', { body: { project: 'my-site', since: '24h', group_by: 'hour' } });
    expect(tool.body.period.groupBy).toBe('hour');
    const document = (await bridge.request('GET', '/api/openapi')).body;
    const parameter = document.paths['/stats'].get.parameters.find((entry: { name: string }) => entry.name === 'group_by');
    expect(parameter.description).toContain('Also accepted as `groupBy`.');
  });

  it('rotate_api_key takes keyId like revoke_api_key; POST /account/revoke-key keeps accepting key_id', async () => {
    for (const name of ['keyId', 'key_id']) {
      const created = await bridge.request('POST', '/api/keys', { body: { name: `rotate ${name}`, scopes: ['read'] } });
      const rotated = await bridge.request('POST', '/account/revoke-key', { body: { [name]: created.body.key.id } });
      expect(rotated.status, JSON.stringify(rotated.body)).toBe(200);
      expect(rotated.body).toMatchObject({ revoked_key_id: created.body.key.id, key: { name: `rotate ${name}`, scopes: ['read'] } });
      const missing = await bridge.request('POST', '/account/revoke-key', { body: { [name]: 'key_nope' } });
      expect(missing.status).toBe(404);
    }
    const revoked = await bridge.request('DELETE', '/api/keys/key_nope');
    expect(revoked.body.error.message).toBe("API key 'key_nope' was not found in this workspace; list_api_keys lists them.");
  });
});

describe('error hints over REST', () => {
  it('NOT_FOUND names the tool that lists what exists; FORBIDDEN the scope and how to get a key with it', async () => {
    const missing = await agentAnalytics(bridge).get('/stats', { project: 'nope' });
    expect(missing.status).toBe(404);
    expect(missing.body.message).toBe("Project 'nope' was not found in this workspace; list_projects lists them.");
    const experiment = await bridge.request('GET', '/experiments/exp_nope');
    expect(experiment.body.message).toContain('list_experiments');
    const reader = await bridge.request('POST', '/api/keys', { body: { name: 'reader', scopes: ['read'] } });
    const refused = await bridge.request('POST', '/api/ingest', { key: reader.body.apiKey, body: { event: 'x' } });
    expect(refused.status).toBe(403);
    expect(refused.body.error).toMatchObject({
      code: 'FORBIDDEN',
      message: expect.stringContaining("needs the 'write' scope; this key has read. Call it with a key that has 'write' (or admin): an admin key creates one with create_api_key and scopes [\"write\"]."),
      details: { scope: 'write', scopes: ['read'] },
    });
  });
});
