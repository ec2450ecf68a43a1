// Agent surfaces: per-callback overhead of the LangChain handler, and the size of openAITools().
// Run after `npm run build`: node bench/agents.mjs
import { Engine, embeddedToolClient } from '@headlessanalytics/engine';
import { HeadlessAnalyticsCallbackHandler } from '@headlessanalytics/langchain';
import { toolCallerTracker } from '@headlessanalytics/sdk/agent-hooks';
import { approximateTokens, openAITools } from '@headlessanalytics/tools-openai';
import { RunnableLambda, RunnableSequence } from '@langchain/core/runnables';

const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 1000);
const step = () => RunnableLambda.from((value) => value + 1);
const chain = RunnableSequence.from([step(), step(), step()]); // 4 chain runs → 8 callbacks per invoke
const CALLBACKS_PER_INVOKE = 8;

async function timeInvokes(callbacks) {
  for (let index = 0; index < 200; index += 1) await chain.invoke(0, { callbacks });
  const start = performance.now();
  for (let index = 0; index < ITERATIONS; index += 1) await chain.invoke(0, { callbacks });
  return (performance.now() - start) / ITERATIONS;
}

// 1. The handler alone: start + end of a run, called directly.
let sink = 0;
const direct = new HeadlessAnalyticsCallbackHandler({ agentId: 'bench', track: () => (sink += 1) });
const directStart = performance.now();
for (let index = 0; index < ITERATIONS * 10; index += 1) {
  const id = `run-${index}`;
  direct.handleChainStart({ lc: 1, type: 'not_implemented', id: ['bench'] }, {}, id);
  direct.handleChainEnd({}, id);
}
const directPerCallback = (performance.now() - directStart) / (ITERATIONS * 20);

// 2. Through LangChain's callback manager: invoke time with the handler minus without (median of 5 rounds).
const engine = await Engine.open({ databaseUrl: ':memory:', rateLimitPerMinute: 0 });
const { workspace } = await engine.bootstrap();
const tracker = toolCallerTracker(embeddedToolClient(engine, engine.localPrincipal(workspace.id), 'langchain'));
const memoryHandler = new HeadlessAnalyticsCallbackHandler({ agentId: 'bench', track: () => (sink += 1) });
const engineHandler = new HeadlessAnalyticsCallbackHandler({ agentId: 'bench', track: tracker.track });
const median = (values) => values.sort((left, right) => left - right)[Math.floor(values.length / 2)];
const rounds = { baseline: [], withMemory: [], withEngine: [] };
for (let round = 0; round < 5; round += 1) {
  rounds.baseline.push(await timeInvokes([]));
  rounds.withMemory.push(await timeInvokes([memoryHandler]));
  rounds.withEngine.push(await timeInvokes([engineHandler]));
}
const [baseline, withMemory, withEngine] = [median(rounds.baseline), median(rounds.withMemory), median(rounds.withEngine)];
await tracker.flush();
const stored = await engine.invoke('get_agent_performance', { agentId: 'bench' }, { principal: engine.localPrincipal(workspace.id), surface: 'internal' });
await engine.close();

const tools = openAITools();
const responses = openAITools({ format: 'responses' });
const biggest = tools
  .map((tool) => [tool.function.name, approximateTokens(tool)])
  .sort((left, right) => right[1] - left[1])
  .slice(0, 3);
const ms = (value) => `${value.toFixed(4)} ms`;
console.log(`LangChain handler, direct: ${ms(directPerCallback)} per callback`);
console.log(`LangChain invoke of a 3-step sequence: ${ms(baseline)} without handler`);
console.log(`  + handler, in-memory track: ${ms((withMemory - baseline) / CALLBACKS_PER_INVOKE)} per callback`);
console.log(`  + handler, batched into the engine: ${ms((withEngine - baseline) / CALLBACKS_PER_INVOKE)} per callback (${stored.ok ? stored.output.agents[0]?.runs : '?'} runs stored)`);
console.log(`openAITools(): ${tools.length} tools, ~${approximateTokens(tools)} tokens (chat), ~${approximateTokens(responses)} (responses); largest: ${biggest.map(([name, size]) => `${name} ${size}`).join(', ')}`);
if (sink < 0) console.log(sink);
