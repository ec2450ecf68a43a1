// An OpenAI function-calling loop over every HeadlessAnalytics tool. Without OPENAI_API_KEY it talks to a
// local scripted endpoint (same protocol), so it runs anywhere; with a key it asks the real model.
import { Engine, embeddedToolClient } from '@headlessanalytics/engine';
import { createAgentHooks, toolCallerTracker } from '@headlessanalytics/sdk/agent-hooks';
import { approximateTokens, openAITools, runToolCalls } from '@headlessanalytics/tools-openai';
import OpenAI from 'openai';
import { funnelScript, startScriptedOpenAI } from './scripted-server.mjs';

const engine = await Engine.open({ databaseUrl: process.env.HA_DATABASE_URL ?? ':memory:' });
const { workspace } = await engine.bootstrap();
const source = { engine, principal: engine.localPrincipal(workspace.id) };
const scripted = process.env.OPENAI_API_KEY ? null : await startScriptedOpenAI(funnelScript);
const openai = scripted ? new OpenAI({ apiKey: 'scripted', baseURL: scripted.baseURL }) : new OpenAI();

const tools = openAITools();
console.log(`${tools.length} tools, ~${approximateTokens(tools)} tokens`);
const tracker = toolCallerTracker(embeddedToolClient(engine, source.principal, 'openai'));
const hooks = createAgentHooks({ agentId: 'openai-example', track: tracker.track });
const runId = hooks.onRunStart({ name: 'funnel-question' });
const messages = [
  {
    role: 'user',
    content:
      'Record that customers customer-1, customer-2 and customer-3 scanned a bottle (qr.bottle_scanned) and customer-1 ' +
      'ordered (order.created, revenue 149), then tell me the scan → order conversion.',
  },
];
let answer = null;
for (let turn = 0; turn < 8 && answer === null; turn += 1) {
  const model = process.env.OPENAI_MODEL ?? 'gpt-4o-mini';
  const callId = hooks.onLlmStart({ model });
  const completion = await openai.chat.completions.create({ model, messages, tools });
  const usage = completion.usage;
  hooks.onLlmEnd({ callId, tokens: usage && { inputTokens: usage.prompt_tokens, outputTokens: usage.completion_tokens, totalTokens: usage.total_tokens } });
  const message = completion.choices[0].message;
  messages.push(message);
  if (!message.tool_calls?.length) answer = message.content;
  else messages.push(...(await runToolCalls(completion, source, { hooks })));
}
hooks.onRunEnd({ runId });
await tracker.flush();
console.log(`answer: ${answer}`);
const performance = await engine.invoke('get_agent_performance', {}, { principal: source.principal, surface: 'internal' });
console.log('agent performance:', JSON.stringify(performance.ok ? performance.output.agents : performance.error));

await scripted?.close();
await engine.close();
if (answer === null || !performance.ok) process.exit(1);
