import { isDeepStrictEqual } from 'node:util';
import { Engine, type JsonSchema, type Principal, type ToolDescriptor } from '@headlessanalytics/engine';
import { langChainTools } from '@headlessanalytics/langchain';
import { llamaIndexTools, withoutNulls } from '@headlessanalytics/llamaindex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isFreeForm, resolveRef } from '../src/schema.js';
import { runToolCalls } from '../src/index.js';

/**
 * The registry contract on the agent surfaces: every read-only tool's examples (else `{}`) answer the same
 * through the OpenAI dispatcher (arguments as a strict-mode model sends them), a LangChain tool call and a
 * LlamaIndex FunctionTool as through the engine itself; a wrongly typed field is INVALID_INPUT naming it.
 * It walks the registry: a new tool needs no change here.
 */
type Outcome = { ok: true; output: unknown } | { ok: false; code: string; paths: string[] };
const SURFACES = ['openai', 'langchain', 'llamaindex'] as const;

let engine: Engine;
let principal: Principal;
let descriptors: ToolDescriptor[];
let langchain: Map<string, Awaited<ReturnType<typeof langChainTools>>[number]>;
let llamaindex: Map<string, Awaited<ReturnType<typeof llamaIndexTools>>[number]>;

function errorOutcome(json: unknown): Outcome {
  const error = (json as { error?: { code?: string; details?: { issues?: Array<{ path: string }> } } }).error ?? {};
  return { ok: false, code: String(error.code), paths: (error.details?.issues ?? []).map((issue) => issue.path) };
}
const fromJson = (text: string): Outcome => {
  const json = JSON.parse(text) as { error?: unknown };
  return json && typeof json === 'object' && 'error' in json && Object.keys(json).length === 1 ? errorOutcome(json) : { ok: true, output: json };
};

async function direct(name: string, input: unknown): Promise<Outcome> {
  const result = await engine.invoke(name, input, { principal, surface: 'internal' });
  return result.ok ? { ok: true, output: result.output } : errorOutcome({ error: result.error.toJSON() });
}

/** What a strict-mode model sends for `value`: every property present (null when unset), free-form values as JSON strings. */
function strictArguments(schema: JsonSchema, value: unknown, root: JsonSchema): unknown {
  const node = resolveRef(schema, root);
  if (isFreeForm(node)) return value === undefined || value === null ? null : JSON.stringify(value);
  const union = (node.anyOf ?? node.oneOf) as JsonSchema[] | undefined;
  if (union) {
    const branch = union.find((candidate) => (typeof value === 'object') === Boolean(resolveRef(candidate, root).properties)) ?? union[0]!;
    return strictArguments(branch, value, root);
  }
  if (Array.isArray(value) && node.items) return value.map((item) => strictArguments(node.items as JsonSchema, item, root));
  if (!node.properties || typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  const properties = node.properties as Record<string, JsonSchema>;
  const given = value as Record<string, unknown>;
  return Object.fromEntries(Object.keys(properties).map((key) => [key, given[key] === undefined ? null : strictArguments(properties[key]!, given[key], root)]));
}

async function call(surface: (typeof SURFACES)[number], descriptor: ToolDescriptor, input: unknown, raw = false): Promise<Outcome> {
  switch (surface) {
    case 'openai': {
      const args = raw ? input : strictArguments(descriptor.inputSchema, input, descriptor.inputSchema);
      const [message] = await runToolCalls({ tool_calls: [{ id: 'c', type: 'function', function: { name: descriptor.name, arguments: JSON.stringify(args) } }] }, { engine, principal });
      return fromJson(message!.content);
    }
    case 'langchain': {
      const message = await langchain.get(descriptor.name)!.invoke({ type: 'tool_call', id: 'c', name: descriptor.name, args: input });
      return fromJson(String(message.content));
    }
    case 'llamaindex':
      try {
        return { ok: true, output: await llamaindex.get(descriptor.name)!.call(input as Record<string, unknown>) };
      } catch (error) {
        return errorOutcome({ error: (error as { payload?: unknown }).payload });
      }
  }
}

function volatilePaths(a: unknown, b: unknown, path = '$', out = new Set<string>()): Set<string> {
  if (Array.isArray(a) && Array.isArray(b) && a.length === b.length) a.forEach((value, index) => volatilePaths(value, b[index], `${path}[${index}]`, out));
  else if (a && b && typeof a === 'object' && typeof b === 'object' && !Array.isArray(a) && !Array.isArray(b)) {
    for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) volatilePaths((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key], `${path}.${key}`, out);
  } else if (JSON.stringify(a) !== JSON.stringify(b)) out.add(path);
  return out;
}

function mask(value: unknown, volatile: Set<string>, path = '$'): unknown {
  if (volatile.has(path)) return '<volatile>';
  if (Array.isArray(value)) return value.map((item, index) => mask(item, volatile, `${path}[${index}]`));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, mask(item, volatile, `${path}.${key}`)]));
  return value;
}

beforeAll(async () => {
  engine = await Engine.open({ databaseUrl: ':memory:', rateLimitPerMinute: 0 });
  const { workspace } = await engine.bootstrap();
  principal = engine.localPrincipal(workspace.id);
  descriptors = engine.registry.descriptors();
  for (const [name, input] of [
    ['create_project', { name: 'my-site' }],
    ['ingest_event', { events: [{ event: 'qr.bottle_scanned', actor: 'anon_1', timestamp: Date.now() - 60_000 }, { event: 'order.created', actor: 'anon_1', properties: { revenue: 22 }, timestamp: Date.now() - 30_000 }] }],
    // The metric definitions tools' examples read these definitions and a snapshot of revenue.
    ['create_metric_definition', { id: 'orders', name: 'Orders', kind: 'count', eventNames: ['order.created'] }],
    ['create_metric_definition', { id: 'revenue', name: 'Revenue', kind: 'sum', eventNames: ['order.created'], property: 'properties.revenue', currency: 'USD' }],
    ['create_metric_definition', { id: 'orders-per-scan', name: 'Orders per scan', kind: 'ratio', numerator: { metricId: 'orders' }, denominator: { kind: 'count', eventNames: ['qr.bottle_scanned'] } }],
    ['save_metric_definition_snapshot', { metricId: 'revenue', interval: 'day' }],
  ] as const) {
    if (engine.registry.get(name)) expect((await direct(name, input)).ok, name).toBe(true);
  }
  langchain = new Map((await langChainTools({ engine, principal })).map((tool) => [tool.name, tool]));
  llamaindex = new Map((await llamaIndexTools({ engine, principal })).map((tool) => [tool.metadata.name, tool]));
});
afterAll(async () => {
  await engine?.close();
});

describe('registry contract on the agent surfaces', () => {
  it('answers each read-only tool’s examples as the engine does, through OpenAI, LangChain and LlamaIndex', async () => {
    let compared = 0;
    for (const descriptor of descriptors) {
      const tool = engine.registry.get(descriptor.name)!;
      if (!tool.annotations.readOnlyHint || (tool as { stream?: unknown }).stream) continue;
      for (const input of tool.examples ?? [{}]) {
        for (const surface of SURFACES) {
          // A volatile field (a latency, a clock) is the one two direct calls disagree on; when both happen to agree
          // and the surface's reading differs, sample again rather than call a clock tick a contract break.
          let masked: [unknown, unknown] = [undefined, undefined];
          for (let attempt = 0; attempt < 3; attempt += 1) {
            // LlamaIndex answers leave null fields out (its JSONValue has no null): compare with the same.
            const seen = (answer: unknown) => (surface === 'llamaindex' ? withoutNulls(answer) : answer);
            const before = seen(await direct(descriptor.name, input));
            const outcome = await call(surface, descriptor, input);
            const after = seen(await direct(descriptor.name, input));
            const volatile = volatilePaths(before, after);
            masked = [mask(outcome, volatile), mask(before, volatile)];
            if (isDeepStrictEqual(masked[0], masked[1])) break;
          }
          expect(masked[0], `${descriptor.name} ${JSON.stringify(input)} via ${surface}`).toEqual(masked[1]);
        }
        compared += 1;
      }
    }
    expect(compared).toBeGreaterThanOrEqual(10);
  });

  it('rejects a wrongly typed field with INVALID_INPUT naming it, on each agent surface', async () => {
    const wrong: Record<string, unknown> = { string: 12_345, number: 'not-a-number', integer: 'not-a-number', boolean: 'nope', array: 'nope' };
    let checked = 0;
    for (const descriptor of descriptors) {
      const properties = (descriptor.inputSchema.properties ?? {}) as Record<string, JsonSchema>;
      const field = Object.keys(properties).find((key) => typeof properties[key]!.type === 'string' && (properties[key]!.type as string) in wrong);
      if (field === undefined) continue;
      const input = { ...(engine.registry.get(descriptor.name)!.examples?.[0] ?? {}), [field]: wrong[properties[field]!.type as string] };
      for (const surface of SURFACES) {
        const outcome = await call(surface, descriptor, input, true);
        expect(outcome, `${descriptor.name}.${field} via ${surface}`).toMatchObject({ ok: false, code: 'INVALID_INPUT' });
        expect(!outcome.ok && outcome.paths, `${descriptor.name} via ${surface}`).toContain(field);
      }
      checked += 1;
    }
    expect(checked).toBeGreaterThanOrEqual(descriptors.length * 0.5);
  });
});
