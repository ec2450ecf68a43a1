import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { Engine, type JsonSchema, type Principal, type ToolDescriptor } from '@headlessanalytics/engine';
import { startServer, type RunningServer } from '@headlessanalytics/http-bridge';
import { compactInputSchema, compactOutputSchema } from '@headlessanalytics/mcp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withNulls } from './null-fields.js';

/**
 * The registry contract: every tool is listed with the same JSON Schemas, and answers the same input the
 * same way, on every surface — the engine itself, REST, MCP over streamable HTTP and stdio (the SDK's
 * real Client), and the `ha` CLI. It walks the registry: a new tool needs no change here. Inputs are each
 * tool's own `examples` (else `{}`), over a workspace seeded through the tools with a project `my-site`.
 */

const root = new URL('..', import.meta.url).pathname;
const API_KEY = 'ha_live_contractcontractcontract01';
/** Embedded stdio MCP and CLI run their own engine process on the same database file. */
const SURFACES = ['rest', 'mcp-http', 'mcp-stdio', 'cli'] as const;
/** For results that include per-process state (uptime, commit counters), stdio MCP and the CLI forward to the server. */
const FORWARDING_SURFACES = ['rest', 'mcp-http', 'mcp-stdio-proxy', 'cli-remote'] as const;
type Surface = (typeof SURFACES)[number] | (typeof FORWARDING_SURFACES)[number];

type Outcome = { ok: true; output: unknown } | { ok: false; code: string; paths: string[] };

let dir: string;
let databaseUrl: string;
let engine: Engine;
let principal: Principal;
let server: RunningServer;
let mcpHttp: Client;
let mcpStdio: Client;
let mcpStdioProxy: Client;
let descriptors: ToolDescriptor[];

function errorOutcome(json: unknown): Outcome {
  const error = (json as { error?: { code?: string; details?: { issues?: Array<{ path: string }> } } }).error ?? {};
  return { ok: false, code: String(error.code), paths: (error.details?.issues ?? []).map((issue) => issue.path) };
}

async function direct(name: string, input: unknown): Promise<Outcome> {
  const result = await engine.invoke(name, input, { principal, surface: 'internal' });
  return result.ok ? { ok: true, output: result.output } : errorOutcome({ error: result.error.toJSON() });
}

function runCli(args: string[], remote = false): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(root, 'packages/cli/dist/bin.js'), ...args], {
      env: { ...process.env, HA_DATABASE_URL: databaseUrl, HA_API_KEY: API_KEY, HA_API_URL: remote ? server.url : '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });
}

async function viaMcp(client: Client, name: string, input: unknown): Promise<Outcome> {
  const result = await client.callTool({ name, arguments: input as Record<string, unknown> });
  const text = (result.content as Array<{ type: string; text: string }>)[0]?.text ?? 'null';
  if (result.isError) return errorOutcome(JSON.parse(text));
  expect(JSON.parse(text), `${name}: MCP text and structuredContent agree`).toEqual(result.structuredContent);
  return { ok: true, output: result.structuredContent };
}

async function call(surface: Surface, name: string, input: unknown): Promise<Outcome> {
  switch (surface) {
    case 'rest': {
      const response = await fetch(`${server.url}/api/tools/${name}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json' },
        body: JSON.stringify(input),
      });
      const body = await response.json();
      return response.ok ? { ok: true, output: body } : errorOutcome(body);
    }
    case 'mcp-http':
      return viaMcp(mcpHttp, name, input);
    case 'mcp-stdio':
      return viaMcp(mcpStdio, name, input);
    case 'mcp-stdio-proxy':
      return viaMcp(mcpStdioProxy, name, input);
    case 'cli':
    case 'cli-remote': {
      const { code, stdout, stderr } = await runCli([name, JSON.stringify(input)], surface === 'cli-remote');
      return code === 0 ? { ok: true, output: JSON.parse(stdout) } : errorOutcome(JSON.parse(stderr));
    }
  }
}

/** Paths whose values differ between two results of the same call: ids, clocks, counters. */
function volatilePaths(a: unknown, b: unknown, path = '$', out = new Set<string>()): Set<string> {
  if (Array.isArray(a) && Array.isArray(b) && a.length === b.length) a.forEach((value, index) => volatilePaths(value, b[index], `${path}[${index}]`, out));
  else if (a && b && typeof a === 'object' && typeof b === 'object' && !Array.isArray(a) && !Array.isArray(b)) {
    for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
      volatilePaths((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key], `${path}.${key}`, out);
    }
  } else if (JSON.stringify(a) !== JSON.stringify(b)) out.add(path);
  return out;
}

function mask(value: unknown, volatile: Set<string>, path = '$'): unknown {
  if (volatile.has(path)) return '<volatile>';
  if (Array.isArray(value)) return value.map((item, index) => mask(item, volatile, `${path}[${index}]`));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, mask(item, volatile, `${path}.${key}`)]));
  }
  return value;
}

/** An input that breaks the tool's schema on one field: the wrong JSON type for it. */
function invalidInput(descriptor: ToolDescriptor): { input: Record<string, unknown>; field: string } | null {
  const properties = (descriptor.inputSchema.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((descriptor.inputSchema.required as string[] | undefined) ?? []);
  const fields = Object.keys(properties).sort((a, b) => Number(required.has(b)) - Number(required.has(a)));
  const wrong: Record<string, unknown> = { string: 12_345, number: 'not-a-number', integer: 'not-a-number', boolean: 'nope', array: 'nope', object: 'nope' };
  for (const field of fields) {
    const type = properties[field]!.type;
    if (typeof type === 'string' && type in wrong) {
      const example = (descriptor as ToolDescriptor & { examples?: Array<Record<string, unknown>> }).examples?.[0] ?? {};
      return { input: { ...example, [field]: wrong[type] }, field };
    }
  }
  return null;
}

/** Runs `work` over `items`, at most `limit` at once; the first failure fails the whole. */
async function inParallel<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
}

/** `actual()` answers as `reference()` does, volatile fields (clocks, latencies: where two reference calls differ) aside. */
async function expectSameAnswer(label: string, actual: () => Promise<Outcome>, reference: () => Promise<Outcome>): Promise<void> {
  let masked: [unknown, unknown] = [undefined, undefined];
  for (let attempt = 0; attempt < 10; attempt += 1) {
    const before = await reference();
    const outcome = await actual();
    const after = await reference();
    const volatile = volatilePaths(before, after);
    masked = [mask(outcome, volatile), mask(before, volatile)];
    if (isDeepStrictEqual(masked[0], masked[1])) break;
  }
  expect(masked[0], label).toEqual(masked[1]);
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ha-contract-'));
  databaseUrl = `file:${join(dir, 'contract.db')}`;
  // With a public URL, as a deployment sets HA_PUBLIC_URL: links in answers (project snippets) are then the same on
  // every surface; without one, REST builds them from the request's host and an in-process call has none.
  engine = await Engine.open({ databaseUrl, rateLimitPerMinute: 0, publicUrl: 'https://analytics.example.com' });
  await engine.bootstrap({ apiKey: API_KEY });
  principal = await engine.authenticate({ apiKey: API_KEY });
  server = await startServer({ engine, port: 0, host: '127.0.0.1' });
  descriptors = engine.registry.descriptors();
  // File exports (the exports tools' examples) write under the test's directory.
  process.env.HA_EXPORT_DIR = join(dir, 'exports');
  // The fixture workspace: a project and a few events, made through the tools themselves.
  for (const [name, input] of [
    ['create_project', { name: 'my-site' }],
    ['ingest_event', { events: [
      { event: 'qr.bottle_scanned', actor: 'anon_1', timestamp: Date.now() - 60_000 },
      { event: 'order.created', actor: 'anon_1', properties: { revenue: 22 }, timestamp: Date.now() - 30_000 },
      // The graph tools' examples read this customer and product.
      { event: 'qr.bottle_scanned', actor: { type: 'customer', id: 'anon_123' }, object: { type: 'product', id: 'olive-oil-500ml' }, timestamp: Date.now() - 20_000 },
    ] }],
    // The trackables tools' examples read this bag (and its one scan).
    ['create_trackable', { kind: 'qr_code', name: 'Ethiopia Single-Origin Bag', targetUrl: 'https://roastandorigin.com/ethiopia', metadata: { campaign: 'spring-launch' } }],
    ['record_trackable_usage', { trackableId: 'ethiopia-bag-001', usage: 'qr_scan', actor: 'anon_1' }],
    // The metric definitions tools' examples read these definitions and a snapshot of revenue.
    ['create_metric_definition', { id: 'orders', name: 'Orders', kind: 'count', eventNames: ['order.created'] }],
    ['create_metric_definition', { id: 'revenue', name: 'Revenue', kind: 'sum', eventNames: ['order.created'], property: 'properties.revenue', currency: 'USD' }],
    ['create_metric_definition', { id: 'orders-per-scan', name: 'Orders per scan', kind: 'ratio', numerator: { metricId: 'orders' }, denominator: { kind: 'count', eventNames: ['qr.bottle_scanned'] } }],
    ['save_metric_definition_snapshot', { metricId: 'revenue', interval: 'day' }],
    // The operations tools' examples read this workflow run (completed, so its durations do not move with the clock).
    ['ingest_event', { events: ['workflow.started', 'workflow.step.started', 'workflow.step.completed', 'workflow.completed'].map((event, index) => (
      { event, timestamp: Date.now() - 50_000 + index * 1000, properties: { workflowId: 'electrical-job', runId: 'job-1042', step: 'takeoff', expectedDurationMs: 60_000 } }
    )) }],
    // The tracking plan tools' examples read this plan (warn, so the other examples' events are stored).
    ['create_tracking_plan', { name: 'Roast & Origin', vertical: 'dtc_commerce_ops' }],
    // The governance tools' examples read this grant, contract and decision, and receipt 1 (the decision's enforcement).
    ['create_authority_grant', { id: 'grant_seed', actions: ['campaign.*'], currency: 'USD', caps: [{ maxAmount: 100_000, period: 'day' }] }],
    ['create_context_contract', { id: 'ctr_seed', requiresAttestation: true, compliance: [{ pack: 'soc2', controls: ['CC8.1'] }] }],
    ['create_decision_object', { id: 'dec_seed_approved', action: 'campaign.scale', status: 'approved', risk: 'medium', amount: 500, currency: 'USD', evidence: [{ kind: 'attribution', snapshotId: 'snap_seed' }] }],
    ['enforce_action', { decisionObjectId: 'dec_seed_approved', authorityGrantId: 'grant_seed', contextContractId: 'ctr_seed', proposedAction: { action: 'campaign.scale', amount: 500, currency: 'USD' }, attestation: { provider: 'software_local' } }],
    // The exports tools' examples read this file destination (into HA_EXPORT_DIR below) and its first receipt, and delete dst_scratch.
    ['create_export_destination', { name: 'Warehouse', kind: 'file', config: { path: 'warehouse.ndjson' } }],
    ['create_export_destination', { name: 'Scratch', kind: 'file', config: { path: 'scratch.ndjson' } }],
    ['export_to_destination', { destination: 'dst_warehouse', limit: 500 }],
    // The proofs tools' examples read this packet (get_proof_trail) and list it.
    ['export_proof_trail', { id: 'prf_contract_example', title: 'Campaign scale proof', evidence: [{ type: 'attribution_snapshot', campaign: 'spring-roast', conversions: 42 }] }],
    // The connectors tools' examples read this connector and sync record sync_shopify_1, and delete con_scratch.
    ['create_connector', { provider: 'shopify', id: 'con_contract_shop', secret: 'contract-webhook-secret' }],
    ['create_connector', { provider: 'shopify', id: 'con_scratch' }],
    ['ingest_connector_records', { provider: 'shopify', records: [{ id: 207119551, email: 'bob.norman@mail.example.com', first_name: 'Bob', orders_count: 1 }] }],
  ] as const) {
    if (engine.registry.get(name)) expect((await direct(name, input)).ok, name).toBe(true);
  }
  mcpHttp = new Client({ name: 'contract', version: '0.0.0' });
  await mcpHttp.connect(new StreamableHTTPClientTransport(new URL(`${server.url}/mcp?toolsets=all`), { requestInit: { headers: { authorization: `Bearer ${API_KEY}` } } }));
  mcpStdio = new Client({ name: 'contract', version: '0.0.0' });
  await mcpStdio.connect(
    new StdioClientTransport({
      command: process.execPath,
      args: [join(root, 'packages/mcp-server/dist/bin.js')],
      env: { ...(process.env as Record<string, string>), HA_DATABASE_URL: databaseUrl, HA_API_KEY: API_KEY, HA_API_URL: '', HA_MCP_TOOLSETS: 'all' },
      stderr: 'ignore',
    }),
  );
  mcpStdioProxy = new Client({ name: 'contract', version: '0.0.0' });
  await mcpStdioProxy.connect(
    new StdioClientTransport({
      command: process.execPath,
      args: [join(root, 'packages/mcp-server/dist/bin.js')],
      env: { ...(process.env as Record<string, string>), HA_API_URL: server.url, HA_API_KEY: API_KEY, HA_MCP_TOOLSETS: 'all' },
      stderr: 'ignore',
    }),
  );
}, 120_000);

afterAll(async () => {
  await mcpHttp?.close();
  await mcpStdio?.close();
  await mcpStdioProxy?.close();
  await server?.close();
  await engine?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('registry contract across surfaces', () => {
  it('lists every tool with the same schemas and annotations on MCP (HTTP, stdio), REST and the CLI', async () => {
    // MCP lists each schema compacted (the same constraints, prose once or not at all in outputs): tool-result.ts.
    const expected = Object.fromEntries(
      descriptors.map((tool) => [tool.name, { title: tool.title, description: tool.description, inputSchema: compactInputSchema(tool.inputSchema), outputSchema: compactOutputSchema(tool.outputSchema), annotations: tool.annotations }]),
    );
    for (const client of [mcpHttp, mcpStdio, mcpStdioProxy]) {
      const { tools } = await client.listTools();
      const listed = Object.fromEntries(
        tools.map((tool) => [tool.name, { title: tool.title, description: tool.description, inputSchema: tool.inputSchema, outputSchema: tool.outputSchema, annotations: tool.annotations }]),
      );
      expect(listed).toEqual(expected);
    }
    const rest = (await (await fetch(`${server.url}/api/tools`, { headers: { authorization: `Bearer ${API_KEY}` } })).json()) as { tools: unknown[] };
    expect(rest.tools).toEqual(descriptors);
    const cli = await runCli(['tools', '--schemas']);
    expect(cli.code, cli.stderr).toBe(0);
    expect(JSON.parse(cli.stdout).tools).toEqual(descriptors);
  });

  it('answers each read-only tool\'s example the same way on every surface', async () => {
    const cases = descriptors.flatMap((descriptor) => {
      const tool = engine.registry.get(descriptor.name)!;
      if (!tool.annotations.readOnlyHint || tool.stream) return [];
      return (tool.examples ?? [{}]).map((input) => ({ name: descriptor.name, input }));
    });
    // Two examples at a time, each on the surfaces at once (one CLI process among them): a CLI start is most of a
    // second, and the walk grows with the registry. Reads only, so their order does not matter; a counter another
    // call moves (usage) differs between the two reference calls and counts as volatile.
    await inParallel(cases, 2, async ({ name, input }) => {
      await Promise.all(
        FORWARDING_SURFACES.map((surface) => {
          // A volatile field (a latency, a clock) is the one two direct calls disagree on; when both happen to agree
          // and the surface's reading differs, sample again rather than call a clock tick a contract break.
          const label = `${name} ${JSON.stringify(input)} on ${surface}`;
          return expectSameAnswer(label, () => call(surface, name, input), () => direct(name, input));
        }),
      );
    });
    expect(cases.length).toBeGreaterThanOrEqual(10);
  }, 600_000);

  it('rejects a wrongly typed field with INVALID_INPUT naming it, on every surface', async () => {
    const cases = descriptors.flatMap((descriptor) => {
      const broken = invalidInput({ ...descriptor, examples: engine.registry.get(descriptor.name)!.examples } as ToolDescriptor);
      return broken ? [{ name: descriptor.name, broken }] : [];
    });
    // Two tools at a time (refused calls change nothing), each on every surface at once.
    await inParallel(cases, 2, async ({ name, broken }) => {
      const surfaces = ['direct', ...SURFACES] as const;
      const outcomes = await Promise.all(surfaces.map((surface) => (surface === 'direct' ? direct(name, broken.input) : call(surface, name, broken.input))));
      outcomes.forEach((outcome, index) => {
        expect(outcome, `${name}.${broken.field} on ${surfaces[index]}`).toMatchObject({ ok: false, code: 'INVALID_INPUT' });
        expect(!outcome.ok && outcome.paths, `${name} on ${surfaces[index]}`).toContain(broken.field);
      });
    });
    expect(cases.length).toBeGreaterThanOrEqual(descriptors.length * 0.8);
  }, 600_000);

  it('treats null in an optional field as absent, for every tool, directly, over REST and over MCP', async () => {
    const surfaces = ['direct', 'rest', 'mcp-http', 'mcp-stdio'] as const;
    let checked = 0;
    let answered = 0;
    let nulls = 0;
    for (const descriptor of descriptors) {
      const tool = engine.registry.get(descriptor.name)!;
      const root = descriptor.inputSchema;
      const required = ((root.required ?? []) as string[])[0];
      const broken = invalidInput({ ...descriptor, examples: tool.examples } as ToolDescriptor);
      // Every optional field null plus one field refused (a required one set to null, else a wrongly typed one): the
      // call fails before its handler runs, naming that field and no other, so no null was read as a value.
      const first = Object.keys((root.properties ?? {}) as object)[0];
      const target = required ?? broken?.field ?? first;
      if (target === undefined) continue;
      const example = tool.examples?.[0] ?? {};
      const base = required ? { ...example, [required]: null } : (broken?.input ?? { ...example, [target]: [['not a value']] });
      const nulled = withNulls(root, base, root) as Record<string, unknown>;
      nulls += JSON.stringify(nulled).split(':null').length - 1 - (required ? 1 : 0);
      for (const surface of surfaces) {
        const outcome = surface === 'direct' ? await direct(descriptor.name, nulled) : await call(surface, descriptor.name, nulled);
        expect(outcome, `${descriptor.name} ${JSON.stringify(nulled)} on ${surface}`).toEqual({ ok: false, code: 'INVALID_INPUT', paths: [target] });
      }
      checked += 1;
      // A read answers with every optional field null exactly as it does without them, on each surface.
      if (!tool.annotations.readOnlyHint || tool.stream) continue;
      for (const input of tool.examples ?? [{}]) {
        const withAllNulls = withNulls(root, input, root);
        for (const surface of surfaces) {
          const on = (value: unknown) => () => (surface === 'direct' ? direct(descriptor.name, value) : call(surface, descriptor.name, value));
          await expectSameAnswer(`${descriptor.name} ${JSON.stringify(withAllNulls)} on ${surface}`, on(withAllNulls), on(input));
        }
        answered += 1;
      }
    }
    // Every tool that takes any input field is checked.
    expect(checked).toBe(descriptors.filter((descriptor) => Object.keys((descriptor.inputSchema.properties ?? {}) as object).length > 0).length);
    expect(nulls).toBeGreaterThanOrEqual(checked);
    expect(answered).toBeGreaterThanOrEqual(10);
  });

  it('names a required field sent as null as required, on every surface', async () => {
    const input = { project: 'my-site', steps: null };
    const result = await engine.invoke('analyze_funnel', input, { principal, surface: 'internal' });
    expect(!result.ok && result.error.details?.issues).toEqual([{ path: 'steps', message: expect.stringMatching(/^is required \(null means not set\)/) }]);
    for (const surface of ['rest', 'mcp-http', 'mcp-stdio'] as const) {
      expect(await call(surface, 'analyze_funnel', input), surface).toEqual({ ok: false, code: 'INVALID_INPUT', paths: ['steps'] });
    }
  });

  it('treats an unknown tool as not found on every surface (a protocol error on MCP)', async () => {
    expect((await call('rest', 'no_such_tool', {})) as Outcome).toMatchObject({ ok: false, code: 'NOT_FOUND' });
    expect(await call('cli', 'no_such_tool', {})).toMatchObject({ ok: false });
    await expect(mcpHttp.callTool({ name: 'no_such_tool', arguments: {} })).rejects.toThrow(/no_such_tool/);
    await expect(mcpStdio.callTool({ name: 'no_such_tool', arguments: {} })).rejects.toThrow(/no_such_tool/);
  });
});
