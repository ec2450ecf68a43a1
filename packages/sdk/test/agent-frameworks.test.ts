import { CallbackManager } from '@llamaindex/core/global';
import { RunnableLambda } from '@langchain/core/runnables';
import { tool } from '@langchain/core/tools';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HeadlessAnalytics, HeadlessAnalyticsError, TOOL_CATALOG } from '../src/index.js';
import { startApi, TEST_KEY, type LiveApi } from './api-server.js';

describe('OpenAI tools and agent framework handlers, against a real engine', () => {
  let api: LiveApi;
  let ha: HeadlessAnalytics;
  beforeAll(async () => {
    api = await startApi();
    ha = new HeadlessAnalytics({ writeKey: TEST_KEY, apiUrl: api.url, flushIntervalMs: 10 });
  });
  afterAll(async () => {
    await ha.shutdown();
    await api.stop();
  });

  it('openAITools() lists every tool with strict schemas, and filters by toolset and read-only', () => {
    const tools = ha.openAITools();
    expect(tools.map((entry) => entry.function.name).sort()).toEqual(TOOL_CATALOG.map((entry) => entry.name).sort());
    const funnel = tools.find((entry) => entry.function.name === 'query_funnel')!;
    expect(funnel.function.parameters).toMatchObject({ type: 'object', additionalProperties: false });
    const responses = ha.openAITools({ format: 'responses', readOnly: true });
    expect(responses.every((entry) => TOOL_CATALOG.find((known) => known.name === entry.name)!.annotations.readOnlyHint)).toBe(true);
    expect(responses[0]).toMatchObject({ type: 'function', name: expect.any(String), parameters: expect.any(Object) });
  });

  it('callOpenAITool() runs a model tool call with strict-mode nulls and reports bad arguments', async () => {
    await ha.track('openai.tool_tested', { actor: 'model-1' });
    const page = (await ha.callOpenAITool('query_events', JSON.stringify({ event: 'openai.tool_tested', traceId: null, limit: 5 }))) as { events: unknown[] };
    expect(page.events).toHaveLength(1);
    const error = (await ha.callOpenAITool('query_events', '{not json').catch((thrown: unknown) => thrown)) as HeadlessAnalyticsError;
    expect(error.code).toBe('INVALID_INPUT');
  });

  it('langChainCallbackHandler() records a real LangChain chain with a tool call as agent events', async () => {
    const handler = ha.langChainCallbackHandler({ agentId: 'lc-agent' });
    const lookup = tool(async ({ sku }: { sku: string }) => `stock of ${sku}: 12`, {
      name: 'lookup_stock',
      description: 'Stock of a SKU',
      schema: { type: 'object', properties: { sku: { type: 'string' } }, required: ['sku'] },
    });
    // `tool()` with a JSON Schema is typed as a union of tool kinds; this one takes `{ sku }`.
    const invoke = lookup.invoke.bind(lookup) as (input: { sku: string }, config?: unknown) => Promise<string>;
    const chain = RunnableLambda.from(async (sku: string, config) => invoke({ sku }, config)).withConfig({ runName: 'restock' });
    expect(await chain.invoke('ETH-250G', { callbacks: [handler] })).toContain('12');
    expect(handler.recorder.openSpans).toBe(0);
    await ha.flush();
    const { events } = await ha.queryEvents({ actorId: 'lc-agent', limit: 20 });
    expect(events.map((event) => event.event).sort()).toEqual(['agent.run.completed', 'agent.run.started', 'agent.tool.completed', 'agent.tool.started']);
    expect(events.find((event) => event.event === 'agent.tool.completed')!.object).toEqual({ type: 'tool', id: 'lookup_stock' });
    const performance = await ha.getAgentPerformance({ agentId: 'lc-agent' });
    expect(performance.agents[0]).toMatchObject({ agentId: 'lc-agent', runs: 1, succeeded: 1, toolCalls: 1, toolErrors: 0 });
  });

  it('llamaIndexHandler() records LlamaIndex callback manager events, tool errors included', async () => {
    const manager = new CallbackManager();
    const handler = ha.llamaIndexHandler({ agentId: 'li-agent' });
    const detach = handler.attach(manager);
    manager.dispatchEvent('query-start', { id: 'q1', query: 'which bags sell?' } as never, true);
    manager.dispatchEvent('llm-start', { id: 'l1-0000-0000-0000-0000', messages: [] } as never, true);
    manager.dispatchEvent('llm-end', { id: 'l1-0000-0000-0000-0000', response: { raw: { usage: { prompt_tokens: 7, completion_tokens: 3 } } } } as never, true);
    manager.dispatchEvent('llm-tool-call', { toolCall: { id: 't1', name: 'query_funnel', input: {} } } as never, true);
    manager.dispatchEvent('llm-tool-result', { toolCall: { id: 't1', name: 'query_funnel', input: {} }, toolResult: { isError: true, output: 'steps: too short' } } as never, true);
    manager.dispatchEvent('query-end', { id: 'q1' } as never, true);
    detach();
    await ha.flush();
    const performance = await ha.getAgentPerformance({ agentId: 'li-agent' });
    expect(performance.agents[0]).toMatchObject({ runs: 1, llmCalls: 1, toolCalls: 1, toolErrors: 1, tokens: { input: 7, output: 3, total: 10 } });
  });

  it('agentHooks() records an AutoGPT-style loop through track()', async () => {
    const hooks = ha.agentHooks({ agentId: 'loop-agent' });
    hooks.onRunStart({ name: 'plan' });
    const call = hooks.onToolStart({ name: 'get_usage' });
    hooks.onToolEnd({ toolCallId: call });
    hooks.onRunEnd();
    await ha.flush();
    expect((await ha.getAgentPerformance({ agentId: 'loop-agent' })).agents[0]).toMatchObject({ runs: 1, succeeded: 1, toolCalls: 1 });
  });
});
