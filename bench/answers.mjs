// `npm run bench -- answers` (part of `npm run bench`): for each tool, the largest answer a model reads (o200k_base tokens of the JSON an MCP
// client gets), at its default arguments and at its maximum ones, on the benchmark data set (bench/dataset.mjs;
// 20,000 events by default: `node bench/answers.mjs --events 100000`). Maximum arguments: every bounded integer
// input (limit, cohorts, breakdown_limit…) at its maximum, the widest window (90d), the finest interval, detailed rows.
import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { countTokens } from 'gpt-tokenizer/encoding/o200k_base';
import { Engine } from '@headlessanalytics/engine';
import { generate } from './dataset.mjs';
import { printTable, tempDatabaseUrl } from './lib.mjs';

const CAP = 25_000;
const argument = (name, fallback) => {
  const index = process.argv.indexOf(`--${name}`);
  return index === -1 ? fallback : Number(process.argv[index + 1]);
};

/** Required arguments of the read tools on the bench project (write tools use their first example). */
function baseInput(tool, project) {
  const properties = tool.inputSchema.properties ?? {};
  const required = new Set(tool.inputSchema.required ?? []);
  const example = JSON.parse(JSON.stringify(tool.examples?.[0] ?? {}).replaceAll('"my-site"', JSON.stringify(project)));
  if (tool.scope !== 'read') return example;
  const input = {};
  if ('project' in properties) input.project = project;
  for (const key of required) if (!(key in input) && key in example) input[key] = example[key];
  return input;
}

/** The widest arguments a schema allows: integer maxima, a 90-day window, the finest interval, detailed rows. */
function maximalInput(tool, base) {
  const input = { ...base };
  for (const [key, schema] of Object.entries(tool.inputSchema.properties ?? {})) {
    if (schema.type === 'integer' && schema.maximum < 1e9 && !/window|hours|sample/.test(key)) input[key] = schema.maximum;
    if (schema.type === 'array' && schema.items?.enum && schema.maxItems) input[key] = schema.items.enum.slice(0, schema.maxItems);
    if (['since', 'date_from', 'period'].includes(key) && !schema.enum) input[key] = '90d';
    if (key === 'interval' && schema.enum?.includes('hour')) input[key] = 'hour';
    if (key === 'response_format' && schema.enum?.includes('detailed')) input[key] = 'detailed';
  }
  return input;
}

async function seed(engine, workspaceId, businessId, events) {
  const now = Date.now();
  let batch = [];
  for (const event of generate(now, events, { users: Math.max(100, events / 20), days: 90 })) {
    batch.push({ event: event.event, businessId, actor: { type: 'user', id: event.user_id }, properties: event.properties, timestamp: event.timestamp });
    if (batch.length === 5000) await engine.services.events.ingest(workspaceId, batch.splice(0), now);
  }
  if (batch.length) await engine.services.events.ingest(workspaceId, batch, now);
  // Canonical events of the default business: 50 names, traces, actors and numeric properties for query_metrics.
  const canonical = Array.from({ length: events / 4 }, (_, index) => ({
    event: `order.step_${index % 50}`,
    traceId: `trace-${index % 997}`,
    actor: { type: 'agent', id: `agent-${index % 41}` },
    object: { type: 'order', id: `order-${index}` },
    properties: { revenue: index % 113, items: index % 7, currency: 'EUR' },
    timestamp: now - Math.floor((index / (events / 4)) * 30 * 86_400_000),
  }));
  for (let start = 0; start < canonical.length; start += 5000) await engine.services.events.ingest(workspaceId, canonical.slice(start, start + 5000), now);
}

export async function runAnswers() {
  const url = tempDatabaseUrl('answers');
  const engine = await Engine.open({ databaseUrl: url });
  try {
    const { workspace } = await engine.bootstrap();
    const { apiKey } = await engine.services.tenancy.createApiKey(workspace.id, { name: 'bench', scopes: ['admin'], environment: 'test' });
    const principal = await engine.authenticate({ apiKey });
    const call = (name, input) => engine.invoke(name, input, { principal, surface: 'mcp' });
    const project = (await call('create_project', { name: 'bench-site' })).output;
    const events = argument('events', 20_000);
    await seed(engine, workspace.id, project.id, events);
    const batch = Array.from({ length: 1000 }, (_, index) => ({ event: 'bench.batch', properties: { index } }));
    const rows = [];
    for (const tool of engine.registry.list()) {
      if (tool.stream || ['rotate_api_key', 'revoke_api_key', 'update_account', 'delete_project', 'delete_experiment'].includes(tool.name)) continue;
      const descriptor = { ...engine.registry.describe(tool.name), examples: tool.examples };
      const base = baseInput(descriptor, 'bench-site');
      const widest = tool.name === 'ingest_event' ? { events: batch } : tool.name === 'track_batch' ? { project: 'bench-site', events: batch } : maximalInput(descriptor, base);
      const measured = [];
      for (const input of [base, widest]) {
        let result = await call(tool.name, input);
        // A maximum the tool refuses beside the others (e.g. more cohorts than a weekly period allows): that field's default.
        if (!result.ok && result.error.code === 'INVALID_INPUT' && input !== base) {
          const refused = new Set((result.error.details?.issues ?? []).map((issue) => issue.path.split(/[.[]/)[0]));
          result = await call(tool.name, Object.fromEntries(Object.entries(input).filter(([key]) => !refused.has(key))));
        }
        const text = JSON.stringify(result.ok ? result.output : { error: result.error.toJSON() });
        if (process.env.BENCH_DEBUG === tool.name) console.log(JSON.stringify(input), text.slice(0, 400));
        measured.push(`${countTokens(text)}${result.ok ? '' : ` (${result.error.code})`}${result.ok && result.output?.truncated ? ' cut' : ''}`);
      }
      const worst = Math.max(...measured.map((value) => Number.parseInt(value, 10)));
      rows.push({ figure: tool.name, measured: `${measured[0]} / ${measured[1]}`, ceiling: `${CAP}`, ratio: (worst / CAP).toFixed(2) });
    }
    printTable(`Tool answers on ${events} events: o200k tokens at default / maximum arguments`, rows);
  } finally {
    await engine.close();
    rmSync(dirname(fileURLToPath(url)), { recursive: true, force: true });
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await runAnswers();
