import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { McpError } from '@modelcontextprotocol/sdk/types.js';
import { Engine, TOOLSETS, type Principal } from '@headlessanalytics/engine';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DISCOVERY_TOOLS, toMcpTool } from '../src/index.js';
import { connectHttp, connectStdio, INITIALIZE, MCP_HEADERS, rawRequest, spawnHttpBin, startToolApi, tempDatabase } from './helpers.js';

let engine: Engine;
let api: Awaited<ReturnType<typeof startToolApi>>;
let keyA: string;
let keyB: string;
let principalA: Principal;
let principalB: Principal;
const scratch = tempDatabase();

beforeAll(async () => {
  engine = await Engine.open({ databaseUrl: ':memory:' });
  keyA = (await engine.bootstrap()).apiKey!;
  keyB = (await engine.services.tenancy.createWorkspace('Workspace B')).apiKey;
  principalA = await engine.authenticate({ apiKey: keyA });
  principalB = await engine.authenticate({ apiKey: keyB });
  api = await startToolApi(engine);
});

afterAll(async () => {
  await api.close();
  await engine.close();
  scratch.cleanup();
});

async function eventsOf(principal: Principal, traceId: string): Promise<Array<{ event: string }>> {
  const result = await engine.invoke('query_events', { traceId }, { principal, surface: 'internal' });
  if (!result.ok) throw result.error;
  return (result.output as { events: Array<{ event: string }> }).events;
}

const stdioProxy = (apiKey: string): Promise<Client> =>
  connectStdio([], { HA_API_URL: api.url, HA_API_KEY: apiKey, HA_DATABASE_URL: `file:${join(scratch.dir, 'never.db')}` });

describe('stdio proxy (HA_API_URL + HA_API_KEY)', () => {
  it('lists the default toolsets of the remote catalog and forwards calls and errors, opening no database', async () => {
    const client = await stdioProxy(keyA);
    try {
      const defaults = TOOLSETS.filter((toolset) => toolset.default).map((toolset) => toolset.name);
      const expected = [...DISCOVERY_TOOLS, ...engine.registry.descriptors().filter((tool) => defaults.includes(tool.toolset))].map(toMcpTool);
      expect((await client.listTools()).tools).toEqual(expected);
      const ingested = await client.callTool({ name: 'ingest_event', arguments: { event: 'proxy.ok', traceId: 'trace-proxy' } });
      expect(ingested.structuredContent).toMatchObject({ accepted: 1 });
      expect(await eventsOf(principalA, 'trace-proxy')).toEqual([expect.objectContaining({ event: 'proxy.ok' })]);
      expect(api.calls).toContain('POST /api/tools/ingest_event');
      const bad = await client.callTool({ name: 'query_events', arguments: { limit: 5000 } });
      expect(bad.isError).toBe(true);
      expect(JSON.parse((bad.content as Array<{ text: string }>)[0]!.text)).toMatchObject({
        error: { code: 'INVALID_INPUT', details: { issues: [expect.objectContaining({ path: 'limit' })] }, requestId: expect.any(String) },
      });
      await expect(client.callTool({ name: 'nope', arguments: {} })).rejects.toBeInstanceOf(McpError);
    } finally {
      await client.close();
    }
    expect(existsSync(join(scratch.dir, 'never.db'))).toBe(false);
  });

  it('reports a refused key as an isError result', async () => {
    const client = await stdioProxy('ha_live_revoked_or_unknown_key_0000');
    try {
      const result = await client.callTool({ name: 'query_events', arguments: {} });
      expect(result.isError).toBe(true);
      expect(JSON.parse((result.content as Array<{ text: string }>)[0]!.text)).toMatchObject({ error: { code: 'UNAUTHENTICATED' } });
    } finally {
      await client.close();
    }
  });
});

describe('HTTP proxy (--http with HA_API_URL)', () => {
  it('forwards each request’s Bearer key, or HA_API_KEY when none on loopback', async () => {
    const server = await spawnHttpBin([], { HA_API_URL: api.url, HA_API_KEY: keyA, HA_DATABASE_URL: `file:${join(scratch.dir, 'never.db')}` });
    try {
      const b = await connectHttp(server.url, keyB);
      await b.client.callTool({ name: 'ingest_event', arguments: { event: 'proxy.b', traceId: 'trace-http-proxy' } });
      await b.client.close();
      expect(await eventsOf(principalB, 'trace-http-proxy')).toEqual([expect.objectContaining({ event: 'proxy.b' })]);
      expect(await eventsOf(principalA, 'trace-http-proxy')).toEqual([]);
      const anonymous = await connectHttp(server.url);
      await anonymous.client.callTool({ name: 'ingest_event', arguments: { event: 'proxy.fallback', traceId: 'trace-http-fallback' } });
      await anonymous.client.close();
      expect(await eventsOf(principalA, 'trace-http-fallback')).toEqual([expect.objectContaining({ event: 'proxy.fallback' })]);
    } finally {
      expect(await server.stop()).toBe(0);
    }
    expect(existsSync(join(scratch.dir, 'never.db'))).toBe(false);
  });

  it('in stateless mode reads the remote catalog once per key', async () => {
    const server = await spawnHttpBin(['--stateless'], { HA_API_URL: api.url, HA_DATABASE_URL: `file:${join(scratch.dir, 'never.db')}` });
    try {
      const before = api.calls.length;
      const { client } = await connectHttp(server.url, keyB);
      for (let i = 0; i < 3; i++) await client.callTool({ name: 'query_events', arguments: { traceId: `trace-stateless-${i}` } });
      await client.close();
      const calls = api.calls.slice(before);
      expect(calls.filter((call) => call === 'POST /api/tools/query_events')).toHaveLength(3);
      expect(calls.filter((call) => call === 'GET /api/tools')).toHaveLength(1);
    } finally {
      await server.stop();
    }
  });

  it('requires a key when no HA_API_KEY is set', async () => {
    const server = await spawnHttpBin([], { HA_API_URL: api.url, HA_DATABASE_URL: `file:${join(scratch.dir, 'never.db')}` });
    try {
      const response = await rawRequest(server.url, { headers: MCP_HEADERS, body: INITIALIZE });
      expect(response.status).toBe(401);
    } finally {
      await server.stop();
    }
  });
});
