import { spawn } from 'node:child_process';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { McpError } from '@modelcontextprotocol/sdk/types.js';
import { Engine, TOOLSETS } from '@headlessanalytics/engine';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DISCOVERY_TOOLS, toMcpTool } from '../src/index.js';
import { BIN, binEnv, connectStdio, INITIALIZE, tempDatabase } from './helpers.js';

const database = tempDatabase();
let client: Client;

beforeAll(async () => {
  client = await connectStdio([], { HA_DATABASE_URL: database.url });
});

afterAll(async () => {
  await client?.close();
  database.cleanup();
});

/** Spawns the bin, waits (bounded) for its ready line, and resolves with the child. */
async function spawnReady(url: string) {
  const child = spawn(process.execPath, [BIN], { env: binEnv({ HA_DATABASE_URL: url }), stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  let stdout = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  // The exit code, or the signal that ended the process instead.
  const exited = new Promise<number | string | null>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal)));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`not ready: ${stderr}`)), 60_000);
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      if (stderr.includes('MCP server ready')) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
  return { child, exited, stdout: () => stdout, stderr: () => stderr };
}

describe('stdio (embedded engine)', () => {
  it('lists the discovery tools and the registry tools of the default toolsets', async () => {
    const engine = await Engine.open({ databaseUrl: ':memory:' });
    const expected = [...DISCOVERY_TOOLS, ...engine.registry.descriptors().filter((tool) => TOOLSETS.some((toolset) => toolset.default && toolset.name === tool.toolset))].map(toMcpTool);
    await engine.close();
    expect((await client.listTools()).tools).toEqual(expected);
  });

  it('ingests an event and queries it back as structuredContent and text', async () => {
    const ingested = await client.callTool({ name: 'ingest_event', arguments: { event: 'qr.bottle_scanned', traceId: 'trace-stdio' } });
    expect(ingested.structuredContent).toMatchObject({ accepted: 1 });
    const queried = await client.callTool({ name: 'query_events', arguments: { traceId: 'trace-stdio' } });
    expect(queried.structuredContent).toMatchObject({ events: [{ event: 'qr.bottle_scanned', traceId: 'trace-stdio' }] });
    expect(JSON.parse((queried.content as Array<{ text: string }>)[0]!.text)).toEqual(queried.structuredContent);
  });

  it('answers bad input with isError naming the field, and an unknown tool with a protocol error', async () => {
    const bad = await client.callTool({ name: 'ingest_event', arguments: {} });
    expect(bad.isError).toBe(true);
    const { error } = JSON.parse((bad.content as Array<{ text: string }>)[0]!.text);
    expect(error).toMatchObject({ code: 'INVALID_INPUT', details: { issues: [expect.objectContaining({ path: 'event' })] } });
    await expect(client.callTool({ name: 'missing_tool', arguments: {} })).rejects.toBeInstanceOf(McpError);
  });

  it('answers calls in flight when stdin ends, writes only protocol to stdout, exits 0 and leaves a reopenable database', async () => {
    const other = tempDatabase();
    try {
      const server = await spawnReady(other.url);
      server.child.stdin.write(`${JSON.stringify(INITIALIZE)}\n`);
      server.child.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' })}\n`);
      const call = { jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'ingest_event', arguments: { event: 'order.created' } } };
      server.child.stdin.write(`${JSON.stringify(call)}\n`);
      server.child.stdin.end();
      expect(await server.exited).toBe(0);
      const lines = server.stdout().trim().split('\n');
      expect(lines.map((line) => JSON.parse(line).jsonrpc)).toEqual(lines.map(() => '2.0'));
      expect(lines.map((line) => JSON.parse(line)).find((message) => message.id === 2)?.result.structuredContent).toMatchObject({ accepted: 1 });
      const engine = await Engine.open({ databaseUrl: other.url });
      const { workspace } = await engine.bootstrap();
      const result = await engine.invoke('query_events', {}, { principal: engine.localPrincipal(workspace.id), surface: 'internal' });
      await engine.close();
      expect(result.ok && (result.output as { events: unknown[] }).events).toHaveLength(1);
    } finally {
      other.cleanup();
    }
  });

  it('acts as the key in HA_API_KEY: a read-only key cannot ingest', async () => {
    const other = tempDatabase();
    const engine = await Engine.open({ databaseUrl: other.url });
    const { workspace } = await engine.bootstrap();
    const { apiKey } = await engine.services.tenancy.createApiKey(workspace.id, { name: 'reader', scopes: ['read'], environment: 'live' });
    await engine.close();
    const reader = await connectStdio([], { HA_DATABASE_URL: other.url, HA_API_KEY: apiKey });
    try {
      expect((await reader.callTool({ name: 'query_events', arguments: {} })).isError).toBeFalsy();
      const denied = await reader.callTool({ name: 'ingest_event', arguments: { event: 'not.allowed' } });
      expect(denied.isError).toBe(true);
      expect(JSON.parse((denied.content as Array<{ text: string }>)[0]!.text)).toMatchObject({ error: { code: 'FORBIDDEN' } });
    } finally {
      await reader.close();
      other.cleanup();
    }
  });

  it.each(['SIGTERM', 'SIGINT'] as const)('closes cleanly on %s', async (signal) => {
    const other = tempDatabase();
    try {
      const server = await spawnReady(other.url);
      server.child.kill(signal);
      expect(await server.exited).toBe(0);
      expect(server.stdout()).toBe('');
    } finally {
      other.cleanup();
    }
  });
});
