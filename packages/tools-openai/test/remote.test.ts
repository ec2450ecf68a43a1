import { Engine, remoteToolClient } from '@headlessanalytics/engine';
import { startServer, type RunningServer } from '@headlessanalytics/http-bridge';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openAITools, runToolCalls } from '../src/index.js';

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

it('converts a deployment’s catalog and runs strict-mode tool calls against it over REST', async () => {
  const client = remoteToolClient({ apiUrl: server.url, apiKey, surface: 'openai' });
  const tools = openAITools({ tools: await client.listTools() });
  expect(tools).toEqual(openAITools());
  const call = (id: string, name: string, args: unknown) => ({ id, type: 'function' as const, function: { name, arguments: JSON.stringify(args) } });
  const [ingested, funnel, invalid] = await runToolCalls(
    {
      role: 'assistant',
      tool_calls: [
        call('c1', 'ingest_event', { event: 'qr.bottle_scanned', actor: 'c1', properties: '{"bottle":"B-1"}', timestamp: null, messageId: null }),
        call('c2', 'query_funnel', { steps: [{ name: null, event: 'qr.bottle_scanned' }, { name: null, event: 'order.created' }], from: null, to: null, conversionWindowHours: null, businessId: null }),
        call('c3', 'query_events', { limit: 5000 }),
      ],
    },
    client,
  );
  expect(JSON.parse(ingested!.content)).toMatchObject({ accepted: 1 });
  expect(JSON.parse(funnel!.content).steps.map((step: { count: number }) => step.count)).toEqual([1, 0]);
  expect(JSON.parse(invalid!.content).error).toMatchObject({ code: 'INVALID_INPUT', details: { issues: [expect.objectContaining({ path: 'limit' })] } });
  const stored = await engine.invoke('query_events', { event: 'qr.bottle_scanned' }, { principal: await engine.authenticate({ apiKey }), surface: 'internal' });
  expect(stored.ok && (stored.output as { events: Array<{ properties: unknown }> }).events[0]!.properties).toEqual({ bottle: 'B-1' });
});
