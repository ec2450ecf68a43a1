import { createToolRegistry, defineTool, ToolRegistry, toJsonSchema, TOOLSETS } from '@headlessanalytics/engine';
import { countTokens } from 'gpt-tokenizer/encoding/o200k_base';
import { toStrictJsonSchema } from 'openai/lib/transform';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { approximateTokens, decodeStrictArguments, OPENAI_MAX_TOOLS, openAITools, toOpenAITools, toStrictSchema } from '../src/index.js';

const READ = { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false };

/** A schema with every shape the conversion handles: optional, default, record, unknown, union, $ref, nested arrays. */
const item = z.object({ sku: z.string(), quantity: z.number().int().min(1).default(1) }).meta({ id: 'Item' });
const kitchenSink = z.object({
  name: z.string().min(1).max(20),
  note: z.string().optional(),
  nullable: z.string().nullable(),
  optionalNullable: z.number().nullable().optional(),
  limit: z.number().int().max(1000).default(100),
  tags: z.array(z.string()).optional(),
  bag: z.record(z.string(), z.unknown()).optional(),
  anything: z.unknown(),
  actor: z.union([z.string(), z.looseObject({ id: z.string(), type: z.string().optional() })]).optional(),
  kind: z.enum(['a', 'b']).optional(),
  items: z.array(item).optional(),
  first: item.optional(),
});

describe('strict-mode schemas', () => {
  it('pass the openai client’s own strict-mode check unchanged, for every registry tool', () => {
    const tools = openAITools();
    expect(tools.length).toBe(createToolRegistry().descriptors().length);
    for (const tool of tools) {
      expect(tool.function.strict, tool.function.name).toBe(true);
      expect(toStrictJsonSchema(tool.function.parameters), tool.function.name).toEqual(tool.function.parameters);
    }
  });

  it('make every property required, optional ones nullable, free-form values JSON strings', () => {
    const { parameters, strict } = toStrictSchema(toJsonSchema(kitchenSink, { io: 'input' }));
    expect(strict).toBe(true);
    expect(toStrictJsonSchema(parameters)).toEqual(parameters);
    const properties = parameters.properties as Record<string, Record<string, unknown>>;
    expect(parameters.required).toEqual(Object.keys(kitchenSink.shape));
    expect(properties.name).toEqual({ type: 'string' });
    expect(properties.note).toEqual({ type: ['string', 'null'] });
    expect(properties.limit).toEqual({ type: ['integer', 'null'], maximum: 1000, description: 'Default: 100.' });
    expect(properties.bag).toEqual({ type: ['string', 'null'], description: 'JSON-encoded object.' });
    expect(properties.kind).toEqual({ type: ['string', 'null'], enum: ['a', 'b', null] });
    expect(properties.optionalNullable).toEqual({ type: ['number', 'null'] });
    expect(properties.first).toEqual({ anyOf: [{ $ref: '#/$defs/Item' }, { type: 'null' }] });
  });

  it('decode strict arguments back to what the tool accepts', () => {
    const original = toJsonSchema(kitchenSink, { io: 'input' });
    const sent = {
      name: 'x',
      note: null,
      nullable: null,
      limit: null,
      tags: ['t'],
      bag: '{"revenue":149,"nested":{"a":[1]}}',
      anything: '[1,"two"]',
      actor: { id: 'agent-1', type: null },
      kind: null,
      items: [{ sku: 'ETH-250G', quantity: null }],
      first: null,
    };
    const decoded = decodeStrictArguments(original, sent);
    expect(decoded).toEqual({
      name: 'x',
      nullable: null,
      tags: ['t'],
      bag: { revenue: 149, nested: { a: [1] } },
      anything: [1, 'two'],
      actor: { id: 'agent-1' },
      items: [{ sku: 'ETH-250G' }],
    });
    expect(kitchenSink.parse(decoded)).toMatchObject({ limit: 100, items: [{ sku: 'ETH-250G', quantity: 1 }] });
  });

  it('pick up a tool added to the registry with no code change', () => {
    const extra = defineTool({
      name: 'zz_extra_probe',
      title: 'Probe',
      description: 'A tool that exists only in this test.',
      toolset: 'probe',
      input: z.object({ value: z.record(z.string(), z.number()).optional() }),
      output: z.object({ ok: z.boolean() }),
      annotations: READ,
      scope: 'read',
      handler: async () => ({ ok: true }),
    });
    const registry = new ToolRegistry().defineToolsets([{ name: 'probe', description: 'Probe.', default: false }]).register([extra]);
    const [chat] = toOpenAITools(registry.descriptors(), 'chat');
    const [responses] = toOpenAITools(registry.descriptors(), 'responses');
    expect(chat).toEqual({ type: 'function', function: { name: 'zz_extra_probe', description: extra.description, parameters: responses!.parameters, strict: true } });
    expect(responses).toMatchObject({ type: 'function', name: 'zz_extra_probe', strict: true });
  });

  it('filter by toolset, scope and name, in both formats', () => {
    expect(openAITools({ toolsets: ['agents'] }).map((tool) => tool.function.name)).toEqual(['get_agent_performance']);
    const admin = createToolRegistry().descriptors({ scopes: ['admin'] }).map((tool) => tool.name);
    expect(openAITools({ scopes: ['admin'] }).map((tool) => tool.function.name)).toEqual(admin);
    expect(openAITools({ format: 'responses', names: ['query_funnel'] })).toEqual([
      expect.objectContaining({ type: 'function', name: 'query_funnel', strict: true }),
    ]);
  });

  it('refuse a selection over OpenAI\'s 128 tools a request, naming how to choose', () => {
    const many = Array.from({ length: OPENAI_MAX_TOOLS + 1 }, (_, index) => ({ ...createToolRegistry().describe('query_events')!, name: `tool_${index}` }));
    expect(() => openAITools({ tools: many })).toThrow(/129 tools selected, OpenAI takes at most 128 .*Pass toolsets \(of events\)/);
    expect(openAITools({ tools: many.slice(0, OPENAI_MAX_TOOLS) })).toHaveLength(OPENAI_MAX_TOOLS);
  });

  it('keep each tool and the default toolsets small (o200k_base tokens), and snapshot the list', async () => {
    const tools = openAITools();
    console.info(`openAITools(): ${tools.length} tools, ~${approximateTokens(tools)} tokens (characters / 4), ${countTokens(JSON.stringify(tools))} o200k_base tokens`);
    // One tool's definition (description + strict parameters) is at most 2,500 tokens: a schema that grows past it is
    // a design to fix (ingest_event, the largest, holds the whole canonical envelope).
    const oversized = tools.map((tool) => [tool.function.name, countTokens(JSON.stringify(tool))] as const).filter(([, tokens]) => tokens > 2_500);
    expect(oversized).toEqual([]);
    // What an agent starts with — the registry's default toolsets, as the MCP server lists them — stays within the
    // same 8,000 tokens as the MCP default list; the rest is chosen by toolset.
    const defaults = TOOLSETS.filter((toolset) => toolset.default).map((toolset) => toolset.name);
    const starting = openAITools({ toolsets: defaults });
    expect(starting.length).toBeGreaterThan(0);
    expect(countTokens(JSON.stringify(starting))).toBeLessThanOrEqual(8_000);
    await expect(`${JSON.stringify(tools, null, 2)}\n`).toMatchFileSnapshot('./__snapshots__/openai-tools.json');
  });

  it('./schema is the SDK\'s browser-safe conversions and nothing else', () => {
    const source = readFileSync(new URL('../src/schema.ts', import.meta.url), 'utf8');
    const runtimeImports = [...source.matchAll(/^(?:import|export) (?!type )[^;]*? from '([^']+)'/gm)].map((match) => match[1]!);
    expect(runtimeImports).toEqual(['@headlessanalytics/sdk/openai']);
  });
});
