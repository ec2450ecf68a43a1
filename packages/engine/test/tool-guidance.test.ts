import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createToolRegistry, type JsonSchema } from '../src/index.js';
import { TIME_FORMS } from '../src/tools/time-input.js';
import { expectOk, openTestEngine, type TestEngine } from './support.js';

const registry = createToolRegistry();
const NOW = Date.UTC(2026, 3, 15, 12, 0, 0);
const HOUR = 3_600_000;

/** Tools named together: each one's description says when to use the other instead. */
export const SIBLINGS: ReadonlyArray<[string, string]> = [
  ['ingest_event', 'track_event'],
  ['track_event', 'track_batch'],
  ['query_events', 'list_events'],
  ['query_funnel', 'analyze_funnel'],
  ['query_metrics', 'run_query'],
  ['get_stats', 'run_query'],
  ['list_properties', 'list_received_properties'],
  ['revoke_api_key', 'rotate_api_key'],
  ['get_live', 'stream_events'],
  ['query_metrics', 'save_metrics_snapshot'],
];

/** The input fields of a tool that take a time (the shared time schema states its forms in the description). */
const timeFieldsOf = (name: string): string[] =>
  Object.entries((registry.describe(name)!.inputSchema.properties ?? {}) as Record<string, JsonSchema>)
    .filter(([, schema]) => String(schema.description).includes('relative to now (30m, 24h, 7d, 4w, now)'))
    .map(([field]) => field);

/** Every property of an input JSON Schema, at any depth, that has no description (on it or on its `$ref` target). */
function undescribed(schema: JsonSchema, root: JsonSchema, path: string, seen = new Set<JsonSchema>()): string[] {
  if (seen.has(schema)) return [];
  seen.add(schema);
  const missing: string[] = [];
  const target = (value: JsonSchema): JsonSchema => {
    const ref = value.$ref;
    if (typeof ref !== 'string' || !ref.startsWith('#/$defs/')) return value;
    return ((root.$defs ?? {}) as Record<string, JsonSchema>)[ref.slice('#/$defs/'.length)] ?? value;
  };
  const resolved = target(schema);
  for (const [name, property] of Object.entries((resolved.properties ?? {}) as Record<string, JsonSchema>)) {
    const at = path ? `${path}.${name}` : name;
    if (typeof property.description !== 'string' && typeof target(property).description !== 'string') missing.push(at);
    missing.push(...undescribed(property, root, at, seen));
  }
  for (const key of ['anyOf', 'oneOf', 'allOf'] as const) {
    for (const branch of (resolved[key] ?? []) as JsonSchema[]) missing.push(...undescribed(branch, root, path, seen));
  }
  for (const key of ['items', 'additionalProperties'] as const) {
    const child = resolved[key];
    if (child && typeof child === 'object') missing.push(...undescribed(child as JsonSchema, root, `${path}[]`, seen));
  }
  return missing;
}

describe('tool guidance', () => {
  it('every input property of every tool has a description, at any depth', () => {
    const missing = registry.descriptors().flatMap((tool) => undescribed(tool.inputSchema, tool.inputSchema, '').map((path) => `${tool.name}: ${path}`));
    expect(missing).toEqual([]);
  });

  it.each(SIBLINGS)('%s and %s each name the other in their description', (one, other) => {
    expect(registry.describe(one)!.description).toContain(other);
    expect(registry.describe(other)!.description).toContain(one);
  });
});

describe('time inputs of every tool', () => {
  let t: TestEngine;
  beforeAll(async () => {
    t = await openTestEngine({ clock: () => NOW });
    await expectOk(t.call('create_project', { name: 'my-site' }));
    for (const [index, ago] of [1, 30, 60, 120, 500].entries()) {
      const timestamp = NOW - ago * HOUR;
      const user_id = `user-${index}`;
      await expectOk(t.call('track_event', { project: 'my-site', event: 'page_view', user_id, timestamp, properties: { path: '/', country: 'US' } }));
      await expectOk(t.call('track_event', { project: 'my-site', event: 'signup_start', user_id, timestamp: timestamp + 1000 }));
      await expectOk(t.call('ingest_event', { event: 'qr.bottle_scanned', actor: user_id, timestamp, properties: { revenue: 1 } }));
      await expectOk(t.call('ingest_event', { event: 'order.created', actor: user_id, timestamp: timestamp + 1000 }));
      // The graph tools' examples read this customer and product.
      await expectOk(t.call('ingest_event', { event: 'qr.bottle_scanned', actor: { type: 'customer', id: 'anon_123' }, object: { type: 'product', id: 'olive-oil-500ml' }, timestamp }));
    }
    // The tracking-plan tools' examples read this plan.
    await expectOk(t.call('create_tracking_plan', { name: 'Roast & Origin', vertical: 'dtc_commerce_ops' }));
  });
  afterAll(() => t.engine.close());

  const tools = registry.list().filter((tool) => timeFieldsOf(tool.name).length > 0);

  it('covers every from/to/since/date_from/date_to field', () => {
    const fields = tools.flatMap((tool) => timeFieldsOf(tool.name).map((field) => `${tool.name}.${field}`));
    expect(fields).toEqual(expect.arrayContaining(['query_events.from', 'query_metrics.to', 'get_stats.since', 'run_query.date_to', 'get_usage.from']));
    expect(tools.length).toBeGreaterThanOrEqual(17);
  });

  it('takes epoch ms, ISO 8601 and a relative time as the same window, on every tool that has one', async () => {
    let changed = 0;
    for (const tool of tools) {
      const example = tool.examples?.[0] ?? {};
      for (const field of timeFieldsOf(tool.name)) {
        const at = NOW - 48 * HOUR;
        const answers = [];
        for (const value of [at, String(at), new Date(at).toISOString(), '48h', '2d']) {
          answers.push(await expectOk(t.call(tool.name, { ...example, [field]: value })));
        }
        // A write (save_metrics_snapshot) answers a new id each time: it takes every form; reads answer alike.
        if (!tool.annotations.readOnlyHint) continue;
        for (const answer of answers.slice(1)) expect(answer, `${tool.name}.${field}`).toEqual(answers[0]);
        if (JSON.stringify(answers[0]) !== JSON.stringify(await expectOk(t.call(tool.name, example)))) changed += 1;
      }
    }
    // The window given is the one used: most answers differ from the default window's.
    expect(changed).toBeGreaterThanOrEqual(10);
  });

  it('refuses any other value as INVALID_INPUT naming the field and the accepted forms', async () => {
    for (const tool of tools) {
      for (const field of timeFieldsOf(tool.name)) {
        for (const value of ['yesterday', -5, '2026-02-30']) {
          const result = await t.call(tool.name, { ...(tool.examples?.[0] ?? {}), [field]: value });
          expect(result.ok, `${tool.name}.${field}`).toBe(false);
          if (result.ok) continue;
          expect(result.error.code).toBe('INVALID_INPUT');
          expect(result.error.message).toContain(`${field}: must be ${TIME_FORMS}`);
          expect(result.error.details?.issues).toEqual([{ path: field, message: `must be ${TIME_FORMS}` }]);
        }
      }
    }
  });
});

describe('errors name what to call next', () => {
  let t: TestEngine;
  beforeAll(async () => {
    t = await openTestEngine({ clock: () => NOW });
  });
  afterAll(() => t.engine.close());

  it.each([
    ['get_stats', { project: 'nope' }, "Project 'nope' was not found in this workspace; list_projects lists them."],
    ['get_project', { id: 'nope' }, "Project 'nope' was not found in this workspace; list_projects lists them."],
    ['get_experiment', { id: 'exp_nope' }, "Experiment 'exp_nope' was not found in this workspace; list_experiments lists a project's experiments."],
    ['revoke_api_key', { keyId: 'key_nope' }, "API key 'key_nope' was not found in this workspace; list_api_keys lists them."],
    ['rotate_api_key', { keyId: 'key_nope' }, "API key 'key_nope' was not found in this workspace; list_api_keys lists them."],
  ])('NOT_FOUND from %s names the tool that lists what exists', async (name, input, message) => {
    const result = await t.call(name, input);
    expect(!result.ok && { code: result.error.code, message: result.error.message }).toEqual({ code: 'NOT_FOUND', message });
  });

  it('FORBIDDEN names the scope the tool needs and how to get a key with it', async () => {
    const { apiKey } = await expectOk<{ apiKey: string }>(t.call('create_api_key', { name: 'reader', scopes: ['read'] }));
    const reader = await t.engine.authenticate({ apiKey });
    for (const [name, input, scope] of [['create_project', { name: 'x' }, 'write'], ['list_api_keys', {}, 'admin']] as const) {
      const result = await t.call(name, input, reader);
      expect(!result.ok && result.error.code).toBe('FORBIDDEN');
      expect(!result.ok && result.error.message).toBe(
        `Tool '${name}' needs the '${scope}' scope; this key has read. Call it with a key that has '${scope}' (or admin): ` +
          `an admin key creates one with create_api_key and scopes ["${scope}"].`,
      );
      expect(!result.ok && result.error.details).toEqual({ scope, scopes: ['read'] });
    }
  });
});
