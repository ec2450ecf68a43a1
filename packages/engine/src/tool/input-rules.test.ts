import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { Engine, defineTool } from '../index.js';
import { withoutOptionalNulls } from './input-rules.js';

const schema = z.object({
  name: z.string(),
  limit: z.number().default(10),
  since: z.string().optional(),
  winner: z.string().nullable().optional(),
  steps: z
    .array(z.object({ event: z.string(), filters: z.array(z.object({ property: z.string(), op: z.enum(['eq']).optional() })).optional() }))
    .optional(),
  bag: z.record(z.string(), z.unknown()).optional(),
  nested: z.object({ a: z.string().optional(), b: z.number().nullable() }).optional(),
  either: z.union([z.string(), z.object({ id: z.string(), type: z.string().optional() })]).optional(),
  mapped: z.string().optional().transform((value) => value ?? 'none'),
});

describe('withoutOptionalNulls', () => {
  it('drops the nulls of optional and defaulted fields, so absence and defaults apply', () => {
    const input = { name: 'x', limit: null, since: null, bag: null, mapped: null, steps: null };
    expect(withoutOptionalNulls(schema, input)).toEqual({ name: 'x' });
    expect(schema.parse(withoutOptionalNulls(schema, input))).toEqual({ name: 'x', limit: 10, mapped: 'none' });
  });

  it('keeps a null the field takes as a value, and a null on a required field (which still fails)', () => {
    expect(withoutOptionalNulls(schema, { name: null, winner: null })).toEqual({ name: null, winner: null });
    expect(withoutOptionalNulls(schema, { name: 'x', nested: { a: null, b: null } })).toEqual({ name: 'x', nested: { b: null } });
  });

  it('strips inside arrays of objects and the object branch of a union; record values and unknown fields stay', () => {
    const input = {
      name: 'x',
      steps: [{ event: 'a', filters: null }, { event: 'b', filters: [{ property: 'p', op: null }] }],
      either: { id: 'u1', type: null },
      bag: { kept: null },
      extra: null,
    };
    expect(withoutOptionalNulls(schema, input)).toEqual({
      name: 'x',
      steps: [{ event: 'a' }, { event: 'b', filters: [{ property: 'p' }] }],
      either: { id: 'u1' },
      bag: { kept: null },
      extra: null,
    });
    expect(withoutOptionalNulls(schema, { name: 'x', either: 'plain' })).toEqual({ name: 'x', either: 'plain' });
  });

  it('returns the same objects when there is nothing to strip, and leaves the input unchanged', () => {
    const input = { name: 'x', steps: [{ event: 'a' }], bag: { a: 1 } };
    expect(withoutOptionalNulls(schema, input)).toBe(input);
    const withNull = { name: 'x', since: null, steps: [{ event: 'a' }] };
    const stripped = withoutOptionalNulls(schema, withNull) as typeof withNull;
    expect(withNull.since).toBeNull();
    expect(stripped.steps).toBe(withNull.steps);
  });

  it('does not let a key named __proto__ change an object\'s prototype', () => {
    const input = JSON.parse('{"name":"x","since":null,"__proto__":{"polluted":true}}') as Record<string, unknown>;
    const stripped = withoutOptionalNulls(schema, input) as Record<string, unknown>;
    expect(Object.getPrototypeOf(stripped)).toBe(Object.prototype);
    expect(Object.hasOwn(stripped, '__proto__')).toBe(true);
    expect(Object.hasOwn(stripped, 'since')).toBe(false);
  });
});

describe('invoke applies the null rule for every tool', () => {
  it('a null optional field is absent, a null required field is INVALID_INPUT naming it as required', async () => {
    const engine = await Engine.open({ databaseUrl: ':memory:' });
    try {
      await engine.bootstrap();
      const principal = engine.localPrincipal((await engine.services.tenancy.createWorkspace('w')).workspace.id);
      engine.registry.defineToolsets([{ name: 'test', description: 'Exists only in this test.', default: false }]).register([
        defineTool({
          name: 'echo_input',
          title: 'Echo',
          description: 'Echoes its parsed input.',
          toolset: 'test',
          input: z.object({ text: z.string(), count: z.number().int().default(3), note: z.string().optional() }),
          output: z.object({ text: z.string(), count: z.number(), note: z.string().optional() }),
          annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
          scope: 'read',
          handler: async (input) => input,
        }),
      ]);
      const ok = await engine.invoke('echo_input', { text: 'hi', count: null, note: null }, { principal, surface: 'internal' });
      expect(ok).toMatchObject({ ok: true, output: { text: 'hi', count: 3 } });
      const missing = await engine.invoke('echo_input', { text: null, note: null }, { principal, surface: 'internal' });
      expect(!missing.ok && missing.error.code).toBe('INVALID_INPUT');
      expect(!missing.ok && missing.error.details?.issues).toEqual([
        { path: 'text', message: 'is required (null means not set); expected string, received null' },
      ]);
    } finally {
      await engine.close();
    }
  });
});
