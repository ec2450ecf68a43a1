import { Engine, defineTool, embeddedToolClient, type Principal } from '@headlessanalytics/engine';
import { toolCallerTracker, type AgentEventEnvelope } from '@headlessanalytics/sdk/agent-hooks';
import { callTool } from '@llamaindex/core/agent';
import { wrapLLMEvent } from '@llamaindex/core/decorator';
import { emptyLogger } from '@llamaindex/env';
import { ToolCallLLM, type ChatResponseChunk, type LLMChatParamsStreaming, type LLMMetadata, type ToolCall } from '@llamaindex/core/llms';
import { agent } from '@llamaindex/workflow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { HeadlessAnalyticsLlamaIndexHandler, llamaIndexTools } from '../src/index.js';

interface Step {
  text?: string;
  toolCalls?: ToolCall[];
}

/**
 * A fake LLM written against LlamaIndex's public LLM interface: answers with scripted tool calls in turn,
 * reports OpenAI-style usage in `raw`, and emits llm-start/llm-end through LlamaIndex's own wrapper.
 */
class ScriptedLLM extends ToolCallLLM {
  supportToolCall = true;
  metadata: LLMMetadata = { model: 'scripted', temperature: 0, topP: 1, contextWindow: 8192, tokenizer: undefined, structuredOutput: false };
  #turn = 0;
  constructor(private readonly script: Step[]) {
    super();
    this.chat = wrapLLMEvent(this.#chat.bind(this) as never, undefined as never) as never;
  }
  async #chat(params: LLMChatParamsStreaming) {
    const step = this.script[this.#turn++] ?? { text: 'done' };
    const options = step.toolCalls ? { toolCall: step.toolCalls } : {};
    const raw = { usage: { prompt_tokens: 40, completion_tokens: 8, total_tokens: 48 } };
    if (!params.stream) return { message: { role: 'assistant', content: step.text ?? '', options }, raw };
    return (async function* (): AsyncGenerator<ChatResponseChunk> {
      yield { delta: step.text ?? '', options, raw };
    })();
  }
  // Replaced in the constructor; declared for the abstract member.
  chat(..._args: unknown[]): never {
    throw new Error('replaced');
  }
}

const script = (): Step[] => [
  {
    toolCalls: [
      { id: 'call_ingest', name: 'ingest_event', input: { events: [{ event: 'qr.bottle_scanned', actor: 'c1' }, { event: 'qr.bottle_scanned', actor: 'c2' }, { event: 'order.created', actor: 'c1' }] } },
      { id: 'call_bad', name: 'query_funnel', input: { steps: [{ event: 'qr.bottle_scanned' }] } },
    ],
  },
  { toolCalls: [{ id: 'call_funnel', name: 'query_funnel', input: { steps: [{ event: 'qr.bottle_scanned' }, { event: 'order.created' }] } }] },
  { text: 'Half of the scanners ordered.' },
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

describe('LlamaIndex adapter', () => {
  it('offers every registry tool as a FunctionTool with its description and JSON Schema', async () => {
    const tools = await llamaIndexTools({ engine, principal });
    expect(tools.map((tool) => tool.metadata.name)).toEqual(engine.registry.descriptors().map((tool) => tool.name));
    for (const tool of tools) {
      const descriptor = engine.registry.describe(tool.metadata.name)!;
      expect(tool.metadata.description).toBe(descriptor.description);
      expect(tool.metadata.parameters).toEqual(descriptor.inputSchema);
    }
  });

  it('runs a workflow agent whose tool calls reach the engine and records the run', async () => {
    const events: AgentEventEnvelope[] = [];
    const tracker = toolCallerTracker(embeddedToolClient(engine, principal, 'llamaindex'));
    const handler = new HeadlessAnalyticsLlamaIndexHandler({
      agentId: 'llama-agent',
      track: (event) => {
        events.push(event);
        tracker.track(event);
      },
    });
    try {
      const workflow = agent({ llm: new ScriptedLLM(script()), tools: await llamaIndexTools({ engine, principal }) });
      const stop = await handler.run(workflow, 'How many scanners ordered?', { name: 'funnel-question' });
      expect(stop.data.result).toBe('Half of the scanners ordered.');
    } finally {
      handler.detach();
    }
    const names = events.map((event) => event.event);
    expect(names[0]).toBe('agent.run.started');
    expect(names.at(-1)).toBe('agent.run.completed');
    expect(names.filter((name) => name === 'agent.llm.completed')).toHaveLength(3);
    expect(names.filter((name) => name === 'agent.tool.completed')).toHaveLength(2);
    const failed = events.filter((event) => event.event === 'agent.tool.failed');
    expect(failed).toHaveLength(1);
    expect(failed[0]!.properties.error).toContain('INVALID_INPUT');
    expect(events.at(-1)!.properties).toMatchObject({ name: 'funnel-question', totalTokens: 144, llmCalls: 3, toolCalls: 3, toolErrors: 1 });
    expect(new Set(events.map((event) => event.traceId)).size).toBe(1);
    expect(handler.recorder.openSpans).toBe(0);

    const funnel = await engine.invoke('query_funnel', { steps: [{ event: 'qr.bottle_scanned' }, { event: 'order.created' }] }, { principal, surface: 'internal' });
    expect(funnel.ok && (funnel.output as { overallConversionRate: number }).overallConversionRate).toBe(0.5);
    await tracker.flush();
    const performance = await engine.invoke('get_agent_performance', { agentId: 'llama-agent' }, { principal, surface: 'internal' });
    expect(performance.ok && (performance.output as { agents: unknown[] }).agents).toEqual([
      expect.objectContaining({ runs: 1, successRate: 1, toolCalls: 3, toolErrors: 1, tokens: { input: 120, output: 24, total: 144 } }),
    ]);
  });

  it('keeps concurrent runs of two handlers apart', async () => {
    const tools = await llamaIndexTools({ engine, principal }, { names: ['get_agent_performance'] });
    const quiet = (text: string): Step[] => [{ toolCalls: [{ id: `${text}-1`, name: 'get_agent_performance', input: {} }] }, { text }];
    const recorded: Record<string, AgentEventEnvelope[]> = { a: [], b: [] };
    const handlers = (['a', 'b'] as const).map((id) => new HeadlessAnalyticsLlamaIndexHandler({ agentId: id, track: (event) => recorded[id]!.push(event) }));
    try {
      const [first, second] = await Promise.all(handlers.map((handler, index) => handler.run(agent({ llm: new ScriptedLLM(quiet(`answer ${index}`)), tools }), 'go')));
      expect([first!.data.result, second!.data.result]).toEqual(['answer 0', 'answer 1']);
    } finally {
      for (const handler of handlers) handler.detach();
    }
    for (const id of ['a', 'b']) {
      const events = recorded[id]!;
      expect(events.at(-1)!.properties, id).toMatchObject({ kind: 'run', llmCalls: 2, toolCalls: 1, toolErrors: 0 });
      expect(events.filter((event) => event.event === 'agent.run.started'), id).toHaveLength(1);
    }
  });

  it('records LLM and tool calls made outside run() as runs of their own', async () => {
    const events: AgentEventEnvelope[] = [];
    const handler = new HeadlessAnalyticsLlamaIndexHandler({ agentId: 'solo', track: (event) => events.push(event) });
    try {
      await new ScriptedLLM([{ text: 'hi' }]).chat({ messages: [{ role: 'user', content: 'hello' }] } as never);
      const [usage] = await llamaIndexTools({ engine, principal }, { names: ['get_usage'] });
      await callTool(usage, { id: 'solo-tool', name: 'get_usage', input: {} }, emptyLogger);
      // The tool's run ends after its answer, a few event-loop turns later; on a loaded machine, later still.
      for (const deadline = Date.now() + 10_000; events.length < 4 && Date.now() < deadline; ) await new Promise((resolve) => setTimeout(resolve, 5));
    } finally {
      handler.detach();
    }
    expect(events.map((event) => [event.event, event.properties.name ?? null])).toEqual([
      ['agent.run.started', null],
      ['agent.run.completed', null],
      ['agent.run.started', 'get_usage'],
      ['agent.run.completed', 'get_usage'],
    ]);
    expect(events[1]!.properties.totalTokens).toBe(48);
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
      const tools = await llamaIndexTools({ engine: local, principal: local.localPrincipal(workspace.id) });
      expect(tools.map((tool: { metadata: { name: string } }) => tool.metadata.name)).toEqual(local.registry.descriptors().map((tool) => tool.name));
      const probe = tools.find((tool) => ((tool: { metadata: { name: string } }) => tool.metadata.name)(tool) === 'zz_runtime_probe')!;
      expect(await probe.call({ echo: 'hi' })).toEqual({ echo: 'hi' });
    } finally {
      await local.close();
    }
  });
});
