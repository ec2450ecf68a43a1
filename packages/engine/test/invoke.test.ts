import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineTool, ToolRegistry } from '../src/index.js';
import { openTestEngine, type TestEngine } from './support.js';

let t: TestEngine;
beforeEach(async () => {
  t = await openTestEngine();
});
afterEach(async () => {
  await t.engine.close();
});

describe('invoke pipeline', () => {
  it('rejects bad input with the field path and stores nothing', async () => {
    const result = await t.call('ingest_event', { events: [{ event: 'ok' }, { event: 42 }] });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('INVALID_INPUT');
    expect(result.error.details?.issues?.[0]?.path).toBe('events[1].event');
    expect(result.error.message).toContain('events[1].event');
    const page = await t.call('query_events', {});
    expect(page.ok && (page.output as { events: unknown[] }).events).toEqual([]);
  });

  it('requires `event` or `events` and names the field', async () => {
    const result = await t.call('ingest_event', { properties: { a: 1 } });
    expect(!result.ok && result.error.details?.issues?.[0]).toEqual({ path: 'event', message: 'is required (or send a batch in `events`)' });
  });

  it('caps batch length, name length, nesting depth and envelope bytes', async () => {
    const tooMany = await t.call('ingest_event', { events: Array.from({ length: 1001 }, () => ({ event: 'x' })) });
    expect(!tooMany.ok && tooMany.error.details?.issues?.[0]?.path).toBe('events');
    const longName = await t.call('ingest_event', { event: 'x'.repeat(201) });
    expect(!longName.ok && longName.error.details?.issues?.[0]?.path).toBe('event');
    const deep = await t.call('ingest_event', { event: 'x', properties: { a: { b: { c: { d: { e: { f: { g: 1 } } } } } } } });
    expect(!deep.ok && deep.error.details?.issues?.[0]).toMatchObject({ path: 'properties' });
    const big = await t.call('ingest_event', { event: 'x', properties: { blob: 'y'.repeat(40_000) } });
    expect(!big.ok && big.error.message).toMatch(/limit is 32768/);
  });

  it('measures an envelope in UTF-8 bytes as JSON, and accepts what fits exactly', async () => {
    // 12,000 characters of 3 bytes each: 36,000 bytes, past the limit though the string is short.
    const wide = await t.call('ingest_event', { event: 'x', properties: { text: '€'.repeat(12_000) } });
    expect(!wide.ok && wide.error.message).toMatch(/event is 360\d\d bytes; the limit is 32768/);
    // Quotes are escaped: 17,000 of them write 34,000 bytes.
    const quoted = await t.call('ingest_event', { event: 'x', properties: { text: '"'.repeat(17_000) } });
    expect(!quoted.ok && quoted.error.details?.issues?.[0]?.path).toBe('');
    // Long but within the limit: accepted (many fields, and one long ASCII string).
    const many = Object.fromEntries(Array.from({ length: 400 }, (_, index) => [`k${index}`, `value ${index} ${'v'.repeat(40)}`]));
    const fits = await t.call('ingest_event', { events: [{ event: 'x', properties: many }, { event: 'y', properties: { text: 'a'.repeat(30_000) } }] });
    expect(fits.ok && fits.output).toMatchObject({ accepted: 2 });
    // Six levels deep is allowed in any metadata bag; seven is not, inside a batch too.
    const six = { a: { b: { c: { d: { e: { f: 1 } } } } } };
    expect((await t.call('ingest_event', { event: 'x', context: six })).ok).toBe(true);
    const seven = await t.call('ingest_event', { events: [{ event: 'x' }, { event: 'y', trackable: { z: six } }] });
    expect(!seven.ok && seven.error.details?.issues?.[0]).toMatchObject({ path: 'events[1].trackable' });
  });

  it('returns NOT_FOUND for an unknown tool and FORBIDDEN for a missing scope', async () => {
    const unknown = await t.call('no_such_tool', {});
    expect(!unknown.ok && unknown.error.code).toBe('NOT_FOUND');
    const readOnly = await t.call('create_api_key', { name: 'reader', scopes: ['read'] });
    const apiKey = (readOnly.ok && (readOnly.output as { apiKey: string }).apiKey) as string;
    const reader = await t.engine.authenticate({ apiKey });
    const denied = await t.call('ingest_event', { event: 'x' }, reader);
    expect(!denied.ok && denied.error.code).toBe('FORBIDDEN');
    expect(!denied.ok && denied.error.message).toContain("'write' scope");
  });

  it('turns a thrown error into INTERNAL with a request id and no leaked text', async () => {
    const registry = new ToolRegistry().defineToolsets([{ name: 'test', description: 'Tests.', default: false }]).register([
      defineTool({
        name: 'explode',
        title: 'Explode',
        description: 'Throws.',
        toolset: 'test',
        input: z.object({}),
        output: z.object({}),
        annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
        scope: 'read',
        handler: async () => {
          throw new Error('SELECT secret FROM table');
        },
      }),
    ]);
    const { invoke } = await import('../src/index.js');
    const silent = { error: () => undefined, info: () => undefined };
    const result = await invoke({ registry, services: t.engine.services, clock: Date.now, logger: silent }, 'explode', {}, {
      principal: t.principal,
      surface: 'internal',
      requestId: 'req-1',
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.toJSON()).toEqual({ code: 'INTERNAL', message: expect.not.stringContaining('SELECT'), requestId: 'req-1' });
  });

  it('rate limits per key with a retry-after', async () => {
    const limited = await openTestEngine({ rateLimitPerMinute: 60 });
    try {
      const results = [];
      for (let index = 0; index < 12; index += 1) results.push(await limited.call('get_runtime_health', {}));
      const rejected = results.filter((result) => !result.ok);
      expect(rejected.length).toBe(2);
      const first = rejected[0]!;
      expect(!first.ok && first.error.code).toBe('RATE_LIMITED');
      expect(!first.ok && first.error.details?.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    } finally {
      await limited.engine.close();
    }
  });
});

describe('registry', () => {
  it('rejects invalid names, missing annotations and aliases to unknown tools', () => {
    const base = {
      title: 'T', description: 'D', toolset: 't', input: z.object({}), output: z.object({}), scope: 'read' as const,
      annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
      handler: async () => ({}),
    };
    expect(() => defineTool({ ...base, name: 'Bad-Name' })).toThrow(/must match/);
    expect(() => defineTool({ ...base, name: 'ok', annotations: { readOnlyHint: true } as never })).toThrow(/destructiveHint/);
    const tool = defineTool({ ...base, name: 'ok' });
    const registry = () => new ToolRegistry().defineToolsets([{ name: 't', description: 'T.', default: false }]);
    expect(() => registry().register([tool], { rest: [{ tool: 'missing', method: 'GET', path: '/x' }], cli: [] })).toThrow(/unknown tool/);
    expect(() => registry().register([tool, tool])).toThrow(/twice/);
    expect(() => new ToolRegistry().register([tool])).toThrow(/toolset 't', which is not defined/);
    expect(() => registry().defineToolsets([{ name: 't', description: 'Again.', default: false }])).toThrow(/defined twice/);
  });

  it('gives every tool an object input and output JSON Schema and all four annotations', () => {
    for (const descriptor of t.engine.registry.descriptors()) {
      expect(descriptor.inputSchema.type, descriptor.name).toBe('object');
      expect(descriptor.outputSchema.type, descriptor.name).toBe('object');
      expect(Object.keys(descriptor.annotations).sort()).toEqual(['destructiveHint', 'idempotentHint', 'openWorldHint', 'readOnlyHint']);
      expect(['read', 'write', 'admin']).toContain(descriptor.scope);
      expect(descriptor.name).toMatch(/^[a-z][a-z0-9_]{0,63}$/);
    }
  });
});
