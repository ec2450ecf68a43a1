// `npm run bench [-- --quick] [-- <section>...]`: prints every figure beside its ceiling, as markdown tables.
import { cpus, totalmem } from 'node:os';
import { existsSync } from 'node:fs';

const sections = process.argv.slice(2).filter((arg) => !arg.startsWith('--'));
const all = ['foundation', 'analytics', 'stream', 'sdk', 'agents', 'answers', 'tool-listing', 'codes', 'trackables', 'graph', 'definitions', 'health', 'graphql', 'attribution', 'agent-context', 'plans', 'governance', 'proofs', 'exports', 'connectors'];
const chosen = sections.length ? sections : all;
console.log(`# HeadlessAnalytics benchmarks — ${new Date().toISOString().slice(0, 10)}, ${cpus().length} × ${cpus()[0]?.model?.trim()}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`);
for (const section of chosen) {
  const file = new URL(`./${section}.mjs`, import.meta.url);
  if (!existsSync(file)) {
    console.log(`\n(${section}: no benchmark script)`);
    continue;
  }
  const module = await import(file.href);
  const run = module.default ?? Object.values(module).find((value) => typeof value === 'function' && value.name.startsWith('run'));
  if (typeof run === 'function') await run();
}
