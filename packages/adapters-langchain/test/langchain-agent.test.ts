import { Engine, defineTool, type Principal } from '@headlessanalytics/engine';
import type { AgentEventEnvelope } from '@headlessanalytics/sdk/agent-hooks';
import { AIMessage, HumanMessage, type BaseMessage } from '@langchain/core/messages';
import { RunnableLambda } from '@langchain/core/runnables';
import { FakeRetriever, FakeStreamingChatModel } from '@langchain/core/utils/testing';
import type { ChatResult } from '@langchain/core/outputs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { HeadlessAnalyticsCallbackHandler, langChainTools } from '../src/index.js';

/** The core fake chat model, answering with scripted tool-calling messages in turn. */
class ScriptedChatModel extends FakeStreamingChatModel {
  #turn = 0;
  constructor(private readonly script: AIMessage[]) {
    super({});
  }
  /** Converts the tools as the core fake does (proving their schemas convert), keeping this scripted instance. */
  override bindTools(tools: Parameters<FakeStreamingChatModel['bindTools']>[0]) {
    super.bindTools(tools);
    return this.withConfig({}) as unknown as ReturnType<FakeStreamingChatModel['bindTools']>;
  }
  override async _generate(): Promise<ChatResult> {
    const message = this.script[this.#turn++] ?? new AIMessage('done');
    return { generations: [{ text: typeof message.content === 'string' ? message.content : '', message }] };
  }
}

const usage = { input_tokens: 50, output_tokens: 10, total_tokens: 60 };
const script = () => [
  new AIMessage({
    content: '',
    usage_metadata: usage,
    tool_calls: [
      { id: 'call_ingest', name: 'ingest_event', args: { events: [{ event: 'qr.bottle_scanned', actor: 'c1' }, { event: 'qr.bottle_scanned', actor: 'c2' }, { event: 'order.created', actor: 'c1' }] } },
      { id: 'call_bad', name: 'query_funnel', args: { steps: [{ event: 'qr.bottle_scanned' }, { event: 'order.created' }], from: 2, to: 1 } },
    ],
  }),
  new AIMessage({
    content: '',
    usage_metadata: usage,
    tool_calls: [{ id: 'call_funnel', name: 'query_funnel', args: { steps: [{ event: 'qr.bottle_scanned' }, { event: 'order.created' }] } }],
  }),
  new AIMessage({ content: 'Half of the scanners ordered.', usage_metadata: usage }),
];

let engine: Engine;
let principal: Principal;
beforeAll(async () => {
  engine = await Engine.open({ databaseUrl: ':memory:' });
  const { apiKey } = await engine.bootstrap();
  principal = await engine.authenticate({ apiKey: apiKey! });
});
afterAll(async () => {
  await engine.close();
});

/** A minimal tool-calling agent as a real LangChain runnable: model → tools → model, until no tool calls. */
async function buildAgent() {
  const tools = await langChainTools({ engine, principal });
  const byName = new Map(tools.map((tool) => [tool.name, tool]));
  const model = new ScriptedChatModel(script()).bindTools(tools);
  return RunnableLambda.from(async (question: string, config) => {
    const messages: BaseMessage[] = [new HumanMessage(question)];
    for (let turn = 0; turn < 5; turn += 1) {
      const reply = await model.invoke(messages, config);
      messages.push(reply);
      if (!reply.tool_calls?.length) return { answer: reply.content, messages };
      for (const call of reply.tool_calls) messages.push(await byName.get(call.name)!.invoke({ ...call, type: 'tool_call' }, config));
    }
    throw new Error('too many turns');
  }).withConfig({ runName: 'growth-agent' });
}

describe('LangChain adapter', () => {
  it('offers every registry tool with its zod schema and description', async () => {
    const tools = await langChainTools({ engine, principal });
    const descriptors = engine.registry.descriptors();
    expect(tools.map((tool) => tool.name)).toEqual(descriptors.map((tool) => tool.name));
    for (const tool of tools) {
      expect(tool.description).toBe(engine.registry.get(tool.name)!.description);
      expect(tool.schema).toBe(engine.registry.get(tool.name)!.input);
    }
    expect((await langChainTools({ engine, principal }, { toolsets: ['agents'] })).map((tool) => tool.name)).toEqual(['get_agent_performance']);
  });

  it('runs an agent whose tool calls reach the engine, and the callback events land as agent.* events', async () => {
    const events: AgentEventEnvelope[] = [];
    const handler = new HeadlessAnalyticsCallbackHandler({ agentId: 'growth-agent', source: { engine, principal } });
    const spy = new HeadlessAnalyticsCallbackHandler({ agentId: 'growth-agent', track: (event) => events.push(event) });
    const agent = await buildAgent();
    const result = await agent.invoke('How many scanners ordered?', { callbacks: [handler, spy] });
    expect(result.answer).toBe('Half of the scanners ordered.');
    const toolMessages = result.messages.filter((message) => message.getType() === 'tool');
    expect(toolMessages.map((message) => (message as { status?: string }).status)).toEqual(['success', 'error', 'success']);
    expect(JSON.parse(String(toolMessages[1]!.content)).error).toMatchObject({ code: 'INVALID_INPUT', details: { issues: [expect.objectContaining({ path: 'from' })] } });
    expect(JSON.parse(String(toolMessages[2]!.content)).overallConversionRate).toBe(0.5);

    const names = events.map((event) => event.event);
    expect(names[0]).toBe('agent.run.started');
    expect(names.at(-1)).toBe('agent.run.completed');
    expect(names.filter((name) => name === 'agent.llm.completed')).toHaveLength(3);
    expect(names.filter((name) => name === 'agent.tool.completed')).toHaveLength(2);
    expect(names.filter((name) => name === 'agent.tool.failed')).toHaveLength(1);
    const traceId = events[0]!.traceId;
    expect(events.every((event) => event.traceId === traceId && event.actor.id === 'growth-agent')).toBe(true);
    expect(events.find((event) => event.event === 'agent.tool.failed')!.object).toEqual({ type: 'tool', id: 'query_funnel' });
    expect(events.at(-1)!.properties).toMatchObject({ name: 'growth-agent', totalTokens: 180, llmCalls: 3, toolCalls: 3, toolErrors: 1 });
    expect(spy.recorder.openSpans).toBe(0);

    await handler.flush();
    const stored = await engine.invoke('query_events', { traceId, limit: 1000 }, { principal, surface: 'internal' });
    expect(stored.ok && (stored.output as { events: unknown[] }).events.length).toBe(events.length);
    const performance = await engine.invoke('get_agent_performance', { agentId: 'growth-agent' }, { principal, surface: 'internal' });
    expect(performance.ok && (performance.output as { agents: unknown[] }).agents).toEqual([
      expect.objectContaining({ agentId: 'growth-agent', runs: 1, successRate: 1, toolCalls: 3, toolErrors: 1, tokens: { input: 150, output: 30, total: 180 } }),
    ]);
  });

  it('answers a tool call that fails zod validation with the engine’s INVALID_INPUT result', async () => {
    const funnel = (await langChainTools({ engine, principal }, { names: ['query_funnel'] }))[0]!;
    const events: AgentEventEnvelope[] = [];
    const handler = new HeadlessAnalyticsCallbackHandler({ agentId: 'a', track: (event) => events.push(event) });
    const message = await funnel.invoke({ type: 'tool_call', id: 'c9', name: 'query_funnel', args: { steps: [{ event: 'a' }] } }, { callbacks: [handler] });
    expect(events.map((event) => event.event)).toEqual(['agent.run.started', 'agent.run.failed']);
    expect(events[1]!.properties.name).toBe('query_funnel');
    expect(message.status).toBe('error');
    expect(JSON.parse(message.content).error).toMatchObject({ code: 'INVALID_INPUT', details: { issues: [expect.objectContaining({ path: 'steps' })] } });
    await expect(funnel.invoke({ steps: [{ event: 'a' }] })).rejects.toThrow('did not match expected schema');
  });

  it('records retriever spans and failed runs', async () => {
    const events: AgentEventEnvelope[] = [];
    const handler = new HeadlessAnalyticsCallbackHandler({ agentId: 'rag-agent', track: (event) => events.push(event) });
    const retriever = new FakeRetriever();
    const chain = RunnableLambda.from(async (query: string, config) => {
      await retriever.invoke(query, config);
      throw new Error('no answer found');
    });
    await expect(chain.invoke('q', { callbacks: [handler] })).rejects.toThrow('no answer found');
    expect(events.map((event) => event.event)).toEqual(['agent.run.started', 'agent.retriever.started', 'agent.retriever.completed', 'agent.run.failed']);
    expect(events.at(-1)!.properties.error).toBe('Error: no answer found');
  });

  it('picks up a tool added to the engine at runtime, with no adapter change', async () => {
    const local = await Engine.open({ databaseUrl: ':memory:' });
    try {
      const { workspace } = await local.bootstrap();
      local.registry.defineToolsets([{ name: 'probe', description: 'Exists only in this test.', default: false }]).register([
        defineTool({
          name: 'zz_runtime_probe',
          title: 'Probe',
          description: 'Exists only in this test.',
          toolset: 'probe',
          input: z.object({ echo: z.string() }),
          output: z.object({ echo: z.string() }),
          annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
          scope: 'read',
          handler: async (input) => ({ echo: input.echo }),
        }),
      ]);
      const tools = await langChainTools({ engine: local, principal: local.localPrincipal(workspace.id) });
      expect(tools.map((tool) => tool.name)).toEqual(local.registry.descriptors().map((tool) => tool.name));
      const probe = tools.find((tool) => ((tool) => tool.name)(tool) === 'zz_runtime_probe')!;
      expect(JSON.parse(await probe.invoke({ echo: 'hi' }))).toEqual({ echo: 'hi' });
    } finally {
      await local.close();
    }
  });
});
