import { afterAll, beforeAll, expect, it } from 'vitest';
import { HeadlessAnalyticsError, matchesToolFilter, remoteToolClient } from '../src/tools/index.js';
import { startApi, TEST_KEY, type LiveApi } from './api-server.js';

let api: LiveApi;
beforeAll(async () => {
  api = await startApi();
});
afterAll(async () => {
  await api.stop();
});

it('lists the deployment\'s tools with their schemas and calls them, answering errors as values', async () => {
  const client = remoteToolClient({ apiUrl: `${api.url}/`, apiKey: TEST_KEY, surface: 'langchain' });
  const tools = await client.listTools();
  expect(tools).toEqual(api.engine.registry.descriptors());
  expect(tools.filter((tool) => matchesToolFilter(tool, { names: ['query_funnel', 'ingest_event'], readOnly: true })).map((tool) => tool.name)).toEqual(['query_funnel']);

  expect(await client.callTool('ingest_event', { event: 'tools.called', actor: 'u1' })).toMatchObject({ ok: true, output: { accepted: 1 } });
  const bad = await client.callTool('query_funnel', { steps: 'no' });
  expect(bad.ok).toBe(false);
  if (bad.ok) return;
  expect(HeadlessAnalyticsError.isInstance(bad.error)).toBe(true);
  expect(bad.error.toJSON()).toMatchObject({ code: 'INVALID_INPUT', details: { issues: [expect.objectContaining({ path: 'steps' })] }, requestId: expect.any(String) });

  const unknown = await client.callTool('no_such_tool', {});
  expect(!unknown.ok && unknown.error.code).toBe('NOT_FOUND');
  // Metered under the surface the client names.
  const usage = await client.callTool('get_usage', {});
  expect(usage.ok && (usage.output as { rows: Array<{ tool: string; surface: string }> }).rows).toEqual(
    expect.arrayContaining([expect.objectContaining({ tool: 'ingest_event', surface: 'langchain' })]),
  );
});

it('reports a bad key and an unreachable deployment as errors, without throwing', async () => {
  const badKey = remoteToolClient({ apiUrl: api.url, apiKey: 'ha_live_notakeynotakeynotakey000000', surface: 'sdk' });
  const denied = await badKey.callTool('query_metrics', {});
  expect(!denied.ok && denied.error.toJSON()).toMatchObject({ code: 'UNAUTHENTICATED' });
  await expect(badKey.listTools()).rejects.toMatchObject({ code: 'UNAUTHENTICATED', status: 401 });

  const gone = remoteToolClient({ apiUrl: 'http://127.0.0.1:9', apiKey: TEST_KEY, surface: 'sdk' });
  const result = await gone.callTool('query_metrics', {});
  expect(!result.ok && result.error.code).toBe('UNAVAILABLE');
});
