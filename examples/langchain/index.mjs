// A LangChain tool-calling agent over every HeadlessAnalytics tool, recorded by the callback handler.
// The chat model is @langchain/core's fake model answering with scripted tool calls: no outside service.
import { Engine } from '@headlessanalytics/engine';
import { HeadlessAnalyticsCallbackHandler, langChainTools } from '@headlessanalytics/langchain';
import { AIMessage, HumanMessage } from '@langchain/core/messages';
import { RunnableLambda } from '@langchain/core/runnables';
import { FakeStreamingChatModel } from '@langchain/core/utils/testing';

/** The core fake model, answering with these messages in turn (swap in ChatOpenAI & co. for a real one). */
class ScriptedChatModel extends FakeStreamingChatModel {
  #turn = 0;
  constructor(script) {
    super({});
    this.script = script;
  }
  bindTools() {
    return this;
  }
  async _generate() {
    const message = this.script[this.#turn++] ?? new AIMessage('done');
    return { generations: [{ text: String(message.content), message }] };
  }
}

const usage = { input_tokens: 120, output_tokens: 15, total_tokens: 135 };
const scan = (actor) => ({ event: 'qr.bottle_scanned', actor });
const model = new ScriptedChatModel([
  new AIMessage({
    content: '',
    usage_metadata: usage,
    tool_calls: [{ id: 'c1', name: 'ingest_event', args: { events: [scan('customer-1'), scan('customer-2'), { event: 'order.created', actor: 'customer-1', properties: { revenue: 149 } }] } }],
  }),
  new AIMessage({ content: '', usage_metadata: usage, tool_calls: [{ id: 'c2', name: 'query_funnel', args: { steps: [{ event: 'qr.bottle_scanned' }, { event: 'order.created' }] } }] }),
  new AIMessage({ content: '1 of 2 customers who scanned a bottle ordered (50%).', usage_metadata: usage }),
]);

const engine = await Engine.open({ databaseUrl: process.env.HA_DATABASE_URL ?? ':memory:' });
const { workspace } = await engine.bootstrap();
const source = { engine, principal: engine.localPrincipal(workspace.id) };
const tools = await langChainTools(source);
const byName = new Map(tools.map((tool) => [tool.name, tool]));
const bound = model.bindTools(tools);

const agent = RunnableLambda.from(async (question, config) => {
  const messages = [new HumanMessage(question)];
  for (let turn = 0; turn < 8; turn += 1) {
    const reply = await bound.invoke(messages, config);
    messages.push(reply);
    if (!reply.tool_calls?.length) return reply.content;
    for (const call of reply.tool_calls) messages.push(await byName.get(call.name).invoke({ ...call, type: 'tool_call' }, config));
  }
  throw new Error('too many turns');
}).withConfig({ runName: 'growth-agent' });

const handler = new HeadlessAnalyticsCallbackHandler({ agentId: 'growth-agent', source });
const answer = await agent.invoke('How many bottle scanners ordered?', { callbacks: [handler] });
await handler.flush();
console.log(`${tools.length} LangChain tools; answer: ${answer}`);
const performance = await engine.invoke('get_agent_performance', { agentId: 'growth-agent' }, { principal: source.principal, surface: 'internal' });
console.log('agent performance:', JSON.stringify(performance.ok ? performance.output.agents : performance.error));
await engine.close();
if (!performance.ok || performance.output.agents[0]?.runs !== 1) process.exit(1);
