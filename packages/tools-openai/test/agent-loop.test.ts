import { Engine, defineTool, type Principal } from '@headlessanalytics/engine';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
// @ts-expect-error plain JS example module, no type declarations
import { funnelScript, startScriptedOpenAI } from '../../../examples/openai/scripted-server.mjs';
import { openAITools, runToolCalls, type ToolCallHooks } from '../src/index.js';

interface Scripted {
  baseURL: string;
  requests: Array<{ path: string; body: Record<string, unknown> }>;
  close(): Promise<void>;
}

let engine: Engine;
let principal: Principal;
let readOnly: Principal;
let server: Scripted;
let openai: OpenAI;
const QUESTION = 'Customers 1–3 scanned a bottle and customer 1 ordered: record it, then tell me the scan → order conversion.';

beforeAll(async () => {
  engine = await Engine.open({ databaseUrl: ':memory:' });
  const { apiKey } = await engine.bootstrap();
  principal = await engine.authenticate({ apiKey: apiKey! });
  const created = await engine.invoke('create_api_key', { name: 'reader', scopes: ['read'] }, { principal, surface: 'internal' });
  if (!created.ok) throw created.error;
  readOnly = await engine.authenticate({ apiKey: (created.output as { apiKey: string }).apiKey });
  server = (await startScriptedOpenAI(funnelScript)) as Scripted;
  openai = new OpenAI({ apiKey: 'test-key', baseURL: server.baseURL, maxRetries: 0 });
});
afterAll(async () => {
  await server.close();
  await engine.close();
});

async function eventCount(): Promise<number> {
  const result = await engine.invoke('query_events', { limit: 1000 }, { principal, surface: 'internal' });
  if (!result.ok) throw result.error;
  return (result.output as { events: unknown[] }).events.length;
}

describe('OpenAI agent loop through the real openai client', () => {
  it('Chat Completions: ingests events, then answers a funnel question from the tool results', async () => {
    const tools = openAITools();
    const messages: OpenAI.Chat.ChatCompletionMessageParam[] = [{ role: 'user', content: QUESTION }];
    let answer: string | null = null;
    for (let turn = 0; turn < 5 && answer === null; turn += 1) {
      const completion = await openai.chat.completions.create({ model: 'scripted', messages, tools });
      const message = completion.choices[0]!.message;
      messages.push(message);
      if (!message.tool_calls?.length) answer = message.content;
      else messages.push(...(await runToolCalls(completion, { engine, principal })));
    }
    expect(answer).toBe('1 of 3 customers who scanned a bottle ordered (33% conversion).');
    expect(server.requests.at(-1)!.body.tools).toEqual(JSON.parse(JSON.stringify(tools)));
    const stored = await engine.invoke('query_events', { event: 'order.created' }, { principal, surface: 'internal' });
    expect(stored.ok && (stored.output as { events: Array<{ properties: unknown }> }).events[0]!.properties).toEqual({ revenue: 149 });
  });

  it('Responses API: the same loop with function_call / function_call_output items', async () => {
    const before = await eventCount();
    const tools = openAITools({ format: 'responses' });
    const input: OpenAI.Responses.ResponseInputItem[] = [{ role: 'user', content: QUESTION }];
    let answer: string | null = null;
    for (let turn = 0; turn < 5 && answer === null; turn += 1) {
      const response = await openai.responses.create({ model: 'scripted', input, tools });
      if (!response.output.some((item) => item.type === 'function_call')) answer = response.output_text;
      else input.push(...(response.output as OpenAI.Responses.ResponseInputItem[]), ...(await runToolCalls(response, { engine, principal })));
    }
    expect(await eventCount()).toBe(before + 4);
    expect(answer).toBe('1 of 3 customers who scanned a bottle ordered (33% conversion).'); // the same three actors
    expect(server.requests.at(-1)!.path).toBe('/v1/responses');
  });
});

describe('runToolCalls', () => {
  const call = (id: string, name: string, args: string) => ({ id, type: 'function' as const, function: { name, arguments: args } });

  it('returns errors as tool results, never throws, and tells the hooks', async () => {
    const seen: string[] = [];
    const hooks: ToolCallHooks = {
      onToolStart: (tool) => seen.push(`start ${tool.name}`),
      onToolEnd: (tool) => seen.push(`end ${tool.toolCallId}`),
      onError: (error, span) => seen.push(`error ${span.spanId} ${(error as { code: string }).code}`),
    };
    const results = await runToolCalls(
      {
        role: 'assistant',
        tool_calls: [
          call('c1', 'query_funnel', '{"steps":[{"event":"a"}],"from":null,"to":null,"conversionWindowHours":null,"businessId":null}'),
          call('c2', 'query_funnel', '{not json'),
          call('c3', 'no_such_tool', '{}'),
          call('c4', 'get_agent_performance', '{"agentId":null,"from":null,"to":null,"businessId":null}'),
        ],
      },
      { engine, principal },
      { hooks },
    );
    expect(results.map((result) => result.tool_call_id)).toEqual(['c1', 'c2', 'c3', 'c4']);
    const [invalid, badJson, unknown, ok] = results.map((result) => JSON.parse(result.content));
    expect(invalid.error).toMatchObject({ code: 'INVALID_INPUT', details: { issues: [expect.objectContaining({ path: 'steps' })] } });
    expect(badJson.error.code).toBe('INVALID_INPUT');
    expect(unknown.error.code).toBe('NOT_FOUND');
    expect(ok).toMatchObject({ agents: [] });
    expect(seen).toEqual(['start query_funnel', 'error c1 INVALID_INPUT', 'start query_funnel', 'error c2 INVALID_INPUT', 'start no_such_tool', 'error c3 NOT_FOUND', 'start get_agent_performance', 'end c4']);
  });

  it('enforces the caller’s scopes', async () => {
    const [result] = await runToolCalls({ choices: [{ message: { tool_calls: [call('w', 'ingest_event', '{"event":"x"}')] } }] }, { engine, principal: readOnly });
    expect(JSON.parse(result!.content).error.code).toBe('FORBIDDEN');
    expect(await eventCount()).toBe(8);
  });

  it('dispatches every registry tool, including one added at runtime, and each answers with a result', async () => {
    engine.registry.defineToolsets([{ name: 'probe', description: 'Exists only in this test.', default: false }]).register([
      defineTool({
        name: 'zz_runtime_probe',
        title: 'Probe',
        description: 'Exists only in this test.',
        toolset: 'probe',
        input: z.object({ echo: z.string().optional() }),
        output: z.object({ echo: z.string() }),
        annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
        scope: 'read',
        handler: async (input) => ({ echo: input.echo ?? 'none' }),
      }),
    ]);
    const tools = openAITools({ tools: engine.registry.descriptors() });
    expect(tools.map((tool) => tool.function.name)).toContain('zz_runtime_probe');
    const nullArguments = (parameters: Record<string, unknown>) =>
      JSON.stringify(Object.fromEntries(Object.keys((parameters.properties ?? {}) as object).map((key) => [key, null])));
    const results = await runToolCalls(
      { role: 'assistant', tool_calls: tools.map((tool, index) => call(`t${index}`, tool.function.name, nullArguments(tool.function.parameters))) },
      { engine, principal: readOnly },
    );
    expect(results).toHaveLength(tools.length);
    for (const result of results) expect(() => JSON.parse(result.content)).not.toThrow();
    expect(JSON.parse(results.at(-1)!.content)).toEqual({ echo: 'none' });
  });
});
