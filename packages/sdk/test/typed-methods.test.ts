import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HeadlessAnalytics, HeadlessAnalyticsError, TOOL_CATALOG } from '../src/index.js';
import { startApi, TEST_KEY, type LiveApi } from './api-server.js';

describe('typed tool methods over POST /api/tools/{name}', () => {
  let api: LiveApi;
  let ha: HeadlessAnalytics;
  beforeAll(async () => {
    api = await startApi();
    ha = new HeadlessAnalytics({ writeKey: TEST_KEY, apiUrl: api.url });
  });
  afterAll(async () => {
    await ha.shutdown();
    await api.stop();
  });

  it('has a method for every registry tool, named from its name and the SDK alias table', () => {
    const live = api.engine.registry.descriptors().map((descriptor) => descriptor.name).sort();
    expect(TOOL_CATALOG.map((tool) => tool.name).sort()).toEqual(live);
    for (const tool of TOOL_CATALOG) {
      expect(tool.methods.length).toBeGreaterThan(0);
      for (const method of tool.methods) expect(typeof (ha as unknown as Record<string, unknown>)[method]).toBe('function');
    }
    expect(TOOL_CATALOG.find((tool) => tool.name === 'get_usage')!.methods).toEqual(['getUsage', 'getApiUsage']);
  });

  it('round-trips tracked events through queryFunnel, queryEvents and getApiUsage', async () => {
    const base = Date.UTC(2026, 3, 1);
    for (let i = 0; i < 4; i++) {
      void ha.track('qr.bag_scanned', { actor: `typed-${i}`, timestamp: base + i, properties: { sku: 'ETH-250G' } });
    }
    void ha.track('order.created', { actor: 'typed-0', timestamp: base + 10, properties: { revenue: 22 } });
    // No explicit flush: a tool call first delivers what was tracked before it.
    const funnel = await ha.queryFunnel({
      steps: [
        { name: 'Scan', event: 'qr.bag_scanned' },
        { name: 'Order', event: 'order.created' },
      ],
      from: base - 1,
      to: base + 1000,
    });
    expect(funnel.steps.map((step) => step.count)).toEqual([4, 1]);
    expect(funnel.overallConversionRate).toBe(0.25);
    const events = await ha.queryEvents({ event: 'order.created', limit: 10 });
    expect(events.events.map((event) => event.properties)).toEqual([{ revenue: 22 }]);
    const usage = await ha.getApiUsage();
    expect(usage.rows.some((row) => row.tool === 'query_funnel' && row.surface === 'sdk')).toBe(true);
    expect(await ha.getUsage({ tool: 'query_funnel' })).toMatchObject({ totals: { calls: 1, errors: 0 } });
  });

  it('takes REST path parameters as leading positional arguments', async () => {
    const created = await ha.createApiKey({ name: 'to revoke', scopes: ['read'] });
    const revoked = await ha.revokeApiKey(created.key.id);
    expect(revoked).toMatchObject({ key: { id: created.key.id } });
  });

  it('callTool calls any tool by name', async () => {
    const health = await ha.callTool('get_runtime_health', {});
    expect(health.version).toMatch(/\d/);
  });

  it('throws HeadlessAnalyticsError with the code, the field path and the request id', async () => {
    const error = await ha.queryFunnel({ steps: [{ event: 'only.one' }] }).catch((thrown: unknown) => thrown);
    expect(HeadlessAnalyticsError.isInstance(error)).toBe(true);
    const typed = error as HeadlessAnalyticsError;
    expect([typed.code, typed.status]).toEqual(['INVALID_INPUT', 400]);
    expect(typed.details?.issues?.[0]?.path).toBe('steps');
    expect(typed.requestId).toMatch(/.+/);
    const unknown = (await ha.callTool('no_such_tool', {}).catch((thrown: unknown) => thrown)) as HeadlessAnalyticsError;
    expect(unknown.code).toBe('NOT_FOUND');
  });

  it('retries a read-only tool on 503 but not a write tool', async () => {
    let calls = 0;
    const flaky: typeof fetch = async (url, init) => {
      calls += 1;
      if (calls === 1) return new Response(JSON.stringify({ error: { code: 'UNAVAILABLE', message: 'warming up' } }), { status: 503 });
      return fetch(url, init);
    };
    const client = new HeadlessAnalytics({ writeKey: TEST_KEY, apiUrl: api.url, fetch: flaky, retry: { baseDelayMs: 1, maxDelayMs: 5 } });
    expect((await client.getRuntimeHealth()).version).toMatch(/\d/);
    expect(calls).toBe(2);
    calls = 0;
    const error = (await client.createApiKey({ name: 'x', scopes: ['read'] }).catch((thrown: unknown) => thrown)) as HeadlessAnalyticsError;
    expect([error.code, calls]).toEqual(['UNAVAILABLE', 1]);
    await client.shutdown();
  });
});
