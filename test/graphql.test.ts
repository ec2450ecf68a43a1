import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NOW, startBridge, type Bridge } from './rest-harness.js';

/** POST /api/graphql against a started server: the spec's documents, GraphQL features, limits, scopes, tenancy. */
let bridge: Bridge;

const EVENTS = [
  { event: 'qr.bottle_scanned', actor: { type: 'customer', id: 'anon_123' }, source: { channel: 'qr', campaign: 'spring-launch' }, timestamp: NOW - 3000 },
  { event: 'order.created', actor: { type: 'customer', id: 'anon_123' }, properties: { revenue: 40 }, timestamp: NOW - 2000 },
  { event: 'qr.bottle_scanned', actor: { type: 'customer', id: 'anon_456' }, timestamp: NOW - 1000 },
];

beforeAll(async () => {
  bridge = await startBridge();
  const ingested = await bridge.request('POST', '/api/ingest', { body: { events: EVENTS } });
  expect(ingested.status).toBe(200);
});
afterAll(() => bridge.close());

describe('POST /api/graphql', () => {
  it("runs the spec's metrics document verbatim: events as rows, metrics with its composite field as JSON", async () => {
    const reply = await bridge.request('POST', '/api/graphql', {
      body: {
        query: 'query Ops($limit:Int){ events(limit:$limit){ event timestamp } businessHealth { healthScore revenue nextActions } metrics { metrics totalEvents } }',
        variables: { limit: 100 },
      },
    });
    expect(reply.status).toBe(200);
    expect(reply.body.data.events).toEqual([
      { event: 'qr.bottle_scanned', timestamp: NOW - 1000 },
      { event: 'order.created', timestamp: NOW - 2000 },
      { event: 'qr.bottle_scanned', timestamp: NOW - 3000 },
    ]);
    expect(reply.body.data.metrics.totalEvents).toBe(3);
    expect(reply.body.data.metrics.metrics).toBeTypeOf('object');
  });

  it("runs the spec's attribution document verbatim: business health and attribution from the stored events", async () => {
    const reply = await bridge.request('POST', '/api/graphql', {
      body: {
        query: 'query Ops($limit:Int){ events(limit:$limit){ event timestamp } businessHealth { healthScore revenue nextActions } attribution { bySource byCampaign } }',
        variables: { limit: 100 },
      },
    });
    expect(reply.status).toBe(200);
    expect(reply.body.errors).toBeUndefined();
    expect(reply.body.data.events).toHaveLength(3);
    expect(reply.body.data.businessHealth.revenue).toBe(40);
    expect(reply.body.data.businessHealth.healthScore).toBeTypeOf('number');
    // anon_123's one touch (qr, spring-launch) gets the whole order of 40 under any model.
    const slim = (rows: Array<{ value: string; conversions: number; revenue: number }>) => rows.map(({ value, conversions, revenue }) => ({ value, conversions, revenue }));
    expect(slim(reply.body.data.attribution.bySource)).toEqual([{ value: 'qr', conversions: 1, revenue: 40 }]);
    expect(slim(reply.body.data.attribution.byCampaign)).toEqual([{ value: 'spring-launch', conversions: 1, revenue: 40 }]);
  });

  it('takes aliases, fragments and introspection', async () => {
    const reply = await bridge.request('POST', '/api/graphql', {
      body: { query: '{ newest: events(limit: 1) { ...row } oldest: events(limit: 3) { ...row } } fragment row on EventsRow { event }' },
    });
    expect(reply.body).toEqual({ data: { newest: [{ event: 'qr.bottle_scanned' }], oldest: [{ event: 'qr.bottle_scanned' }, { event: 'order.created' }, { event: 'qr.bottle_scanned' }] } });
    const schema = await bridge.request('POST', '/api/graphql', { body: { query: '{ __schema { queryType { fields { name } } } }' } });
    const names = schema.body.data.__schema.queryType.fields.map((field: { name: string }) => field.name);
    for (const name of ['events', 'metrics', 'funnel', 'trackingPlans', 'metricDefinitions', 'agentPerformance']) expect(names).toContain(name);
    // query_funnel and analyze_funnel both shorten to funnel: query_ ranks first, analyze_funnel keeps its whole name.
    expect(names).toContain('analyzeFunnel');
    expect(names).not.toContain('runGraphql');
  });

  it('refuses documents past the depth and complexity limits, naming the limit', async () => {
    const deep = await bridge.request('POST', '/api/graphql', { body: { query: `{ ${'__schema { types { fields { type { ofType { ofType { ofType { ofType { name } } } } } } } }'} }` } });
    expect(deep.body.errors[0].message).toMatch(/depth limit \(maxDepth\) is 8/);
    expect(deep.body.data).toBeUndefined();
    const wide = Array.from({ length: 13 }, (_, index) => `e${index}: events(limit: 1) { event }`).join(' ');
    const many = await bridge.request('POST', '/api/graphql', { body: { query: `{ ${wide} }` } });
    expect(many.body.errors[0]).toMatchObject({ extensions: { code: 'COMPLEXITY_LIMIT', limit: 'maxRootFields', max: 12, value: 13 } });
  });

  it("a key without a tool's scope gets that root field null with FORBIDDEN; another workspace sees none of these events", async () => {
    const created = await bridge.request('POST', '/api/keys', { body: { name: 'reader', scopes: ['read'] } });
    const reader = created.body.apiKey as string;
    const reply = await bridge.request('POST', '/api/graphql', { key: reader, body: { query: '{ apiKeys { id } events(limit: 1) { event } }' } });
    expect(reply.body.data).toEqual({ apiKeys: null, events: [{ event: 'qr.bottle_scanned' }] });
    expect(reply.body.errors).toHaveLength(1);
    expect(reply.body.errors[0]).toMatchObject({ path: ['apiKeys'], extensions: { code: 'FORBIDDEN', tool: 'list_api_keys' } });
    const other = await bridge.request('POST', '/api/workspaces', { body: { name: 'Other' } });
    const foreign = await bridge.request('POST', '/api/graphql', { key: other.body.apiKey as string, body: { query: '{ events(limit: 10) { event } }' } });
    expect(foreign.body).toEqual({ data: { events: [] } });
  });

  it('bad input: a syntax error and a bad argument in the GraphQL format; no query is 400', async () => {
    const syntax = await bridge.request('POST', '/api/graphql', { body: { query: '{ events(limit: ) }' } });
    expect(syntax.body.errors[0]).toMatchObject({ message: expect.stringMatching(/Syntax Error/), locations: [{ line: 1, column: 17 }] });
    const bad = await bridge.request('POST', '/api/graphql', { body: { query: '{ events(limit: 0) { event } }' } });
    expect(bad.body.data).toEqual({ events: null });
    expect(bad.body.errors[0]).toMatchObject({ path: ['events'], extensions: { code: 'INVALID_INPUT', tool: 'query_events' } });
    const missing = await bridge.request('POST', '/api/graphql', { body: {} });
    expect(missing.status).toBe(400);
  });
});
