// Agent surfaces: per-callback overhead of the LangChain handler (target ≤ 0.2 ms), and the size of
// openAITools() for the whole registry. Run after `npm run build`: node bench/agents.mjs
import { performance } from 'node:perf_hooks';
import { Engine, embeddedToolClient } from '@headlessanalytics/engine';
import { HeadlessAnalyticsCallbackHandler } from '@headlessanalytics/langchain';
import { toolCallerTracker } from '@headlessanalytics/sdk/agent-hooks';
import { approximateTokens, openAITools } from '@headlessanalytics/tools-openai';
import { RunnableLambda, RunnableSequence } from '@langchain/core/runnables';
import { printTable, round } from './lib.mjs';

const TARGET_MS = 0.2;
const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 1000);
const CALLBACKS_PER_INVOKE = 8; // a 3-step sequence: 4 chain runs, each a start and an end
const median = (values) => [...values].sort((left, right) => left - right)[Math.floor(values.length / 2)];

async function timeOne(chain, callbacks) {
  const start = performance.now();
  await chain.invoke(0, { callbacks });
  return performance.now() - start;
}

/** Median over many adjacent pairs of (invoke with the handler − invoke without), per callback: robust to load drift. */
async function pairedOverhead(chain, handler) {
  for (let index = 0; index < 200; index += 1) await chain.invoke(0, { callbacks: [handler] });
  const differences = [];
  for (let index = 0; index < ITERATIONS * 3; index += 1) {
    const withHandlerFirst = index % 2 === 0;
    const first = await timeOne(chain, withHandlerFirst ? [handler] : []);
    const second = await timeOne(chain, withHandlerFirst ? [] : [handler]);
    differences.push(withHandlerFirst ? first - second : second - first);
  }
  return median(differences) / CALLBACKS_PER_INVOKE;
}

async function baselineInvoke(chain) {
  const times = [];
  for (let index = 0; index < ITERATIONS; index += 1) times.push(await timeOne(chain, []));
  return median(times);
}

/** The handler alone: a chain start and end, called directly, per callback. */
function directCost() {
  let sink = 0;
  const handler = new HeadlessAnalyticsCallbackHandler({ agentId: 'bench', track: () => (sink += 1) });
  const start = performance.now();
  for (let index = 0; index < ITERATIONS * 10; index += 1) {
    handler.handleChainStart({ lc: 1, type: 'not_implemented', id: ['bench'] }, {}, `run-${index}`);
    handler.handleChainEnd({}, `run-${index}`);
  }
  const perCallback = (performance.now() - start) / (ITERATIONS * 20);
  return sink > 0 ? perCallback : Number.NaN;
}

export default async function runAgents() {
  const step = () => RunnableLambda.from((value) => value + 1);
  const chain = RunnableSequence.from([step(), step(), step()]);
  const engine = await Engine.open({ databaseUrl: ':memory:', rateLimitPerMinute: 0 });
  const { workspace } = await engine.bootstrap();
  const principal = engine.localPrincipal(workspace.id);
  const tracker = toolCallerTracker(embeddedToolClient(engine, principal, 'langchain'));
  const inMemory = new HeadlessAnalyticsCallbackHandler({ agentId: 'bench', track: () => undefined });
  const toEngine = new HeadlessAnalyticsCallbackHandler({ agentId: 'bench', track: tracker.track });
  const base = await baselineInvoke(chain);
  const inMemoryCost = await pairedOverhead(chain, inMemory);
  const toEngineCost = await pairedOverhead(chain, toEngine);
  await tracker.flush();
  const stored = await engine.invoke('get_agent_performance', { agentId: 'bench' }, { principal, surface: 'internal' });
  await engine.close();
  const tools = openAITools();
  const tokens = approximateTokens(tools);
  const largest = tools
    .map((tool) => `${tool.function.name} ${approximateTokens(tool)}`)
    .sort((left, right) => Number(right.split(' ')[1]) - Number(left.split(' ')[1]))
    .slice(0, 3)
    .join(', ');
  const row = (figure, ms) => ({ figure, measured: `${round(ms, 4)} ms`, ceiling: `≤ ${TARGET_MS} ms`, ratio: `${round(ms / TARGET_MS, 3)}` });
  printTable('Agent surfaces', [
    row('LangChain handler alone, per callback', directCost()),
    row('LangChain handler in a 3-step sequence (in-memory track), per callback', inMemoryCost),
    row(`LangChain handler batching into the engine, per callback (${stored.ok ? stored.output.agents[0]?.runs : '?'} runs stored)`, toEngineCost),
    { figure: 'LangChain 3-step sequence without handler, per invoke (median)', measured: `${round(base, 3)} ms` },
    { figure: `openAITools(): ${tools.length} tools, characters / 4 (largest: ${largest})`, measured: `~${tokens} tokens`, ceiling: `${tools.length * 400} (400 per tool)` },
  ]);
}

if (import.meta.url === `file://${process.argv[1]}`) await runAgents();
