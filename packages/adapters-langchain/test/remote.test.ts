import { Engine } from '@headlessanalytics/engine';
import { remoteToolClient } from '@headlessanalytics/sdk/tools';
import { startServer, type RunningServer } from '@headlessanalytics/http-bridge';
import { RunnableLambda } from '@langchain/core/runnables';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { HeadlessAnalyticsCallbackHandler, langChainTools } from '../src/index.js';

let engine: Engine;
let server: RunningServer;
let apiKey: string;
beforeAll(async () => {
  engine = await Engine.open({ databaseUrl: ':memory:' });
  apiKey = (await engine.bootstrap()).apiKey!;
  server = await startServer({ engine, port: 0, host: '127.0.0.1', mcp: false });
});
afterAll(async () => {
  await server.close();
  await engine.close();
});

it('works against a deployment: tools over REST with JSON Schemas, runs recorded through the REST ingest and read at GET /api/agents/performance', async () => {
  const client = remoteToolClient({ apiUrl: server.url, apiKey, surface: 'langchain' });
  const tools = await langChainTools(client);
  expect(tools.map((tool) => tool.name)).toEqual(engine.registry.descriptors().map((tool) => tool.name));
  const byName = new Map(tools.map((tool) => [tool.name, tool]));
  expect(byName.get('query_funnel')!.schema).toEqual(engine.registry.describe('query_funnel')!.inputSchema);

  const handler = new HeadlessAnalyticsCallbackHandler({ agentId: 'remote-agent', source: client });
  const agent = RunnableLambda.from(async (_question: string, config) => {
    await byName.get('ingest_event')!.invoke({ type: 'tool_call', id: 'c1', name: 'ingest_event', args: { events: [{ event: 'a', actor: 'x' }, { event: 'b', actor: 'x' }] } }, config);
    const bad = await byName.get('query_funnel')!.invoke({ type: 'tool_call', id: 'c2', name: 'query_funnel', args: { steps: [{ event: 'a' }] } }, config);
    const funnel = await byName.get('query_funnel')!.invoke({ type: 'tool_call', id: 'c3', name: 'query_funnel', args: { steps: [{ event: 'a' }, { event: 'b' }] } }, config);
    return { bad: JSON.parse(bad.content), funnel: JSON.parse(funnel.content) };
  }).withConfig({ runName: 'remote-run' });
  const result = await agent.invoke('go', { callbacks: [handler] });
  expect(result.bad.error).toMatchObject({ code: 'INVALID_INPUT', details: { issues: [expect.objectContaining({ path: 'steps' })] } });
  expect(result.funnel.overallConversionRate).toBe(1);
  await handler.flush();

  const response = await fetch(`${server.url}/api/agents/performance?agentId=remote-agent`, { headers: { authorization: `Bearer ${apiKey}` } });
  expect(response.status).toBe(200);
  const body = (await response.json()) as { agents: unknown[] };
  expect(body.agents).toEqual([expect.objectContaining({ agentId: 'remote-agent', runs: 1, successRate: 1, toolCalls: 3, toolErrors: 1 })]);
});
