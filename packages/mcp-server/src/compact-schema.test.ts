import { AjvJsonSchemaValidator } from '@modelcontextprotocol/sdk/validation/ajv';
import { Engine } from '@headlessanalytics/engine';
import { describe, expect, it } from 'vitest';
import { compactInputSchema, compactOutputSchema } from './compact-schema.js';
import { toMcpTool } from './tool-result.js';

const validator = new AjvJsonSchemaValidator();
const valid = (schema: Record<string, unknown>, value: unknown): boolean => validator.getValidator(schema as never)(value).valid;

const point = {
  type: 'object',
  description: 'A point.',
  properties: { x: { type: 'integer', minimum: -9007199254740991, maximum: 9007199254740991 }, y: { type: 'integer', minimum: 0, maximum: 10 } },
  required: ['x', 'y'],
  additionalProperties: false,
};
const schema = {
  type: 'object',
  properties: {
    from: point,
    to: point,
    description: { type: 'string', description: 'A field called description stays.' },
    tags: { type: 'object', propertyNames: { type: 'string' }, additionalProperties: {} },
  },
  required: ['from', 'to'],
};

describe('compactOutputSchema', () => {
  it('drops prose and no-op keywords, keeps real bounds and property names, and writes a repeated part once', () => {
    const compact = compactOutputSchema(schema);
    expect(compact).toEqual({
      type: 'object',
      properties: { from: { $ref: '#/$defs/s0' }, to: { $ref: '#/$defs/s0' }, description: { type: 'string' }, tags: { type: 'object' } },
      required: ['from', 'to'],
      $defs: { s0: { type: 'object', properties: { x: { type: 'integer' }, y: { type: 'integer', minimum: 0, maximum: 10 } }, required: ['x', 'y'] } },
    });
    for (const value of [{ from: { x: 1, y: 2 }, to: { x: -5, y: 10 }, description: 'd', tags: { a: 1 } }]) {
      expect(valid(schema, value)).toBe(true);
      expect(valid(compact, value)).toBe(true);
    }
    for (const value of [{ from: { x: 1, y: 11 }, to: { x: 1, y: 1 } }, { from: { x: 1 }, to: { x: 1, y: 1 } }, { from: { x: 1.5, y: 1 }, to: { x: 1, y: 1 } }, { to: { x: 1, y: 1 } }]) {
      expect(valid(schema, value)).toBe(false);
      expect(valid(compact, value)).toBe(false);
    }
  });

  it('accepts every real answer the full schema accepts, for each read-only tool example of the registry', async () => {
    const engine = await Engine.open({ databaseUrl: ':memory:' });
    try {
      const { workspace } = await engine.bootstrap();
      const principal = engine.localPrincipal(workspace.id);
      const call = (name: string, input: unknown) => engine.invoke(name, input, { principal, surface: 'internal' });
      await call('create_project', { name: 'my-site' });
      await call('ingest_event', { events: [{ event: 'order.created', properties: { revenue: 5 } }, { event: 'page_view', actor: 'u1' }] });
      let checked = 0;
      for (const descriptor of engine.registry.descriptors({ readOnly: true })) {
        const tool = engine.registry.get(descriptor.name)!;
        if (tool.stream) continue;
        const compact = compactOutputSchema(descriptor.outputSchema);
        for (const input of tool.examples ?? [{}]) {
          const result = await call(descriptor.name, input);
          if (!result.ok) continue;
          expect(valid(descriptor.outputSchema, result.output), descriptor.name).toBe(true);
          expect(valid(compact, result.output), descriptor.name).toBe(true);
          checked += 1;
        }
      }
      expect(checked).toBeGreaterThan(20);
    } finally {
      await engine.close();
    }
  });
});

describe('compactInputSchema', () => {
  it('keeps every constraint and writes each description once', () => {
    const input = {
      type: 'object',
      properties: {
        event: { type: 'string', minLength: 1, description: 'Event name.' },
        events: { type: 'array', items: { type: 'object', properties: { event: { type: 'string', minLength: 1, description: 'Event name.' } } } },
        at: { type: 'integer', minimum: 0, maximum: 9007199254740991, description: 'When.' },
      },
    };
    expect(compactInputSchema(input)).toEqual({
      type: 'object',
      properties: {
        event: { type: 'string', minLength: 1, description: 'Event name.' },
        events: { type: 'array', items: { type: 'object', properties: { event: { type: 'string', minLength: 1 } } } },
        at: { type: 'integer', minimum: 0, description: 'When.' },
      },
    });
  });
});

describe('compaction for a listing', () => {
  it('runs once per descriptor: every later listing of the same descriptor reuses it', async () => {
    const engine = await Engine.open({ databaseUrl: ':memory:' });
    try {
      for (const descriptor of engine.registry.descriptors()) {
        // The registry hands out the same descriptor each time, and toMcpTool keeps its listing.
        expect(engine.registry.describe(descriptor.name)).toBe(descriptor);
        expect(toMcpTool(engine.registry.describe(descriptor.name)!)).toBe(toMcpTool(descriptor));
      }
    } finally {
      await engine.close();
    }
  });
});
