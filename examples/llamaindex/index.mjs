// A LlamaIndex workflow agent over every HeadlessAnalytics tool, recorded by the instrumentation handler.
// The LLM is a scripted class written against LlamaIndex's public LLM interface: no outside service.
import { Engine } from '@headlessanalytics/engine';
import { HeadlessAnalyticsLlamaIndexHandler, llamaIndexTools } from '@headlessanalytics/llamaindex';
import { wrapLLMEvent } from '@llamaindex/core/decorator';
import { ToolCallLLM } from '@llamaindex/core/llms';
import { agent } from '@llamaindex/workflow';

/** Answers with scripted tool calls in turn (swap in `openai()` from @llamaindex/openai & co. for a real one). */
class ScriptedLLM extends ToolCallLLM {
  supportToolCall = true;
  metadata = { model: 'scripted', temperature: 0, topP: 1, contextWindow: 8192, tokenizer: undefined, structuredOutput: false };
  #turn = 0;
  constructor(script) {
    super();
    this.script = script;
    this.chat = wrapLLMEvent(this.#chat.bind(this), undefined);
  }
  async #chat(params) {
    const step = this.script[this.#turn++] ?? { text: 'done' };
    const options = step.toolCalls ? { toolCall: step.toolCalls } : {};
    const raw = { usage: { prompt_tokens: 120, completion_tokens: 15, total_tokens: 135 } };
    if (!params.stream) return { message: { role: 'assistant', content: step.text ?? '', options }, raw };
    return (async function* () {
      yield { delta: step.text ?? '', options, raw };
    })();
  }
}

const scan = (actor) => ({ event: 'qr.bottle_scanned', actor });
const llm = new ScriptedLLM([
  { toolCalls: [{ id: 'c1', name: 'ingest_event', input: { events: [scan('customer-1'), scan('customer-2'), { event: 'order.created', actor: 'customer-1' }] } }] },
  { toolCalls: [{ id: 'c2', name: 'query_funnel', input: { steps: [{ event: 'qr.bottle_scanned' }, { event: 'order.created' }] } }] },
  { text: '1 of 2 customers who scanned a bottle ordered (50%).' },
]);

const engine = await Engine.open({ databaseUrl: process.env.HA_DATABASE_URL ?? ':memory:' });
const { workspace } = await engine.bootstrap();
const source = { engine, principal: engine.localPrincipal(workspace.id) };
const tools = await llamaIndexTools(source);
const handler = new HeadlessAnalyticsLlamaIndexHandler({ agentId: 'llama-agent', source });
const stop = await handler.run(agent({ llm, tools }), 'How many bottle scanners ordered?', { name: 'funnel-question' });
handler.detach();
await handler.flush();
console.log(`${tools.length} LlamaIndex tools; answer: ${stop.data.result}`);
const performance = await engine.invoke('get_agent_performance', { agentId: 'llama-agent' }, { principal: source.principal, surface: 'internal' });
console.log('agent performance:', JSON.stringify(performance.ok ? performance.output.agents : performance.error));
await engine.close();
if (!performance.ok || performance.output.agents[0]?.runs !== 1) process.exit(1);
