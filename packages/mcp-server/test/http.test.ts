import { createServer } from 'node:http';
import { McpError } from '@modelcontextprotocol/sdk/types.js';
import { embeddedToolClient, Engine, TOOLSETS, type ToolClient } from '@headlessanalytics/engine';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DISCOVERY_TOOLS, toMcpTool } from '../src/index.js';
import { createMcpHttpHandler } from '../src/http-handler.js';
import { connectHttp, INITIALIZE, listen, MCP_HEADERS, rawRequest, startMcpHttp, type McpHttpServer } from './helpers.js';

let engine: Engine;
let served: McpHttpServer;
let base: string;
let keyA: string;
let keyB: string;
let revokedKey: string;
let now = 0;

beforeAll(async () => {
  engine = await Engine.open({ databaseUrl: ':memory:' });
  keyA = (await engine.bootstrap()).apiKey!;
  keyB = (await engine.services.tenancy.createWorkspace('Workspace B')).apiKey;
  const principalA = await engine.authenticate({ apiKey: keyA });
  const extra = await engine.services.tenancy.createApiKey(principalA.workspaceId, { name: 'temp', scopes: ['read'], environment: 'live' });
  await engine.services.tenancy.revokeApiKey(principalA.workspaceId, extra.key.id);
  revokedKey = extra.apiKey;
  served = await startMcpHttp(engine, { '/mcp': {}, '/stateless': { stateless: true }, '/expiring': { sessionIdleMs: 1_000, clock: () => now } });
  base = served.base;
});

afterAll(async () => {
  await served.close();
  await engine.close();
});

describe('streamable HTTP (sessions)', () => {
  it('lists the discovery tools and the tools of the default toolsets, and round-trips an event', async () => {
    const { client } = await connectHttp(`${base}/mcp`, keyA);
    const expected = [...DISCOVERY_TOOLS, ...engine.registry.descriptors().filter((tool) => TOOLSETS.some((toolset) => toolset.default && toolset.name === tool.toolset))].map(toMcpTool);
    expect((await client.listTools()).tools).toEqual(expected);
    await client.callTool({ name: 'ingest_event', arguments: { event: 'order.created', traceId: 'trace-http' } });
    const queried = await client.callTool({ name: 'query_events', arguments: { traceId: 'trace-http' } });
    expect(queried.structuredContent).toMatchObject({ events: [{ event: 'order.created' }] });
    expect(JSON.parse((queried.content as Array<{ text: string }>)[0]!.text)).toEqual(queried.structuredContent);
    const bad = await client.callTool({ name: 'query_events', arguments: { from: -1 } });
    expect(bad.isError).toBe(true);
    expect((bad.content as Array<{ text: string }>)[0]!.text).toContain('"path":"from"');
    await expect(client.callTool({ name: 'nope', arguments: {} })).rejects.toBeInstanceOf(McpError);
    await client.close();
  });

  it('answers a missing, bad or revoked key with 401 and WWW-Authenticate before any MCP handling', async () => {
    for (const authorization of [undefined, 'Bearer ha_live_not_a_real_key_000000', `Bearer ${revokedKey}`, 'Basic abc']) {
      const headers = { ...MCP_HEADERS, ...(authorization ? { authorization } : {}) };
      const response = await rawRequest(`${base}/mcp`, { headers, body: INITIALIZE });
      expect(response.status).toBe(401);
      expect(response.headers['www-authenticate']).toBe('Bearer');
      expect(JSON.parse(response.body)).toMatchObject({ error: { code: 'UNAUTHENTICATED', message: expect.any(String) } });
    }
  });

  it('keeps workspaces apart and binds a session to the key that opened it', async () => {
    const a = await connectHttp(`${base}/mcp`, keyA);
    await a.client.callTool({ name: 'ingest_event', arguments: { event: 'secret.a', traceId: 'trace-isolation' } });
    const b = await connectHttp(`${base}/mcp`, keyB);
    const seenByB = await b.client.callTool({ name: 'query_events', arguments: { traceId: 'trace-isolation' } });
    expect(seenByB.structuredContent).toEqual({ events: [], nextCursor: null, truncated: false });
    const hijack = await rawRequest(`${base}/mcp`, {
      headers: { ...MCP_HEADERS, authorization: `Bearer ${keyB}`, 'mcp-session-id': a.transport.sessionId!, 'mcp-protocol-version': '2025-06-18' },
      body: { jsonrpc: '2.0', id: 9, method: 'tools/call', params: { name: 'query_events', arguments: { traceId: 'trace-isolation' } } },
    });
    expect(hijack.status).toBe(403);
    expect(hijack.body).not.toContain('secret.a');
    await Promise.all([a.client.close(), b.client.close()]);
  });

  it('ends a session on DELETE', async () => {
    const { client, transport } = await connectHttp(`${base}/mcp`, keyA);
    const sessionId = transport.sessionId!;
    await transport.terminateSession();
    const after = await rawRequest(`${base}/mcp`, {
      headers: { ...MCP_HEADERS, authorization: `Bearer ${keyA}`, 'mcp-session-id': sessionId, 'mcp-protocol-version': '2025-06-18' },
      body: { jsonrpc: '2.0', id: 3, method: 'tools/list' },
    });
    expect(after.status).toBe(404);
    await client.close();
  });

  it('ends sessions left idle longer than sessionIdleMs', async () => {
    const headers = { ...MCP_HEADERS, authorization: `Bearer ${keyA}` };
    const opened = await rawRequest(`${base}/expiring`, { headers, body: INITIALIZE });
    const sessionId = opened.headers['mcp-session-id'] as string;
    const list = { jsonrpc: '2.0', id: 2, method: 'tools/list' };
    const sessionHeaders = { ...headers, 'mcp-session-id': sessionId, 'mcp-protocol-version': '2025-06-18' };
    now = 500;
    expect((await rawRequest(`${base}/expiring`, { headers: sessionHeaders, body: list })).status).toBe(200);
    now = 5_000;
    expect((await rawRequest(`${base}/expiring`, { headers: sessionHeaders, body: list })).status).toBe(404);
  });

  it('rejects a foreign Host or Origin (DNS rebinding) and requests without a session', async () => {
    const auth = { ...MCP_HEADERS, authorization: `Bearer ${keyA}` };
    const badHost = await rawRequest(`${base}/mcp`, { headers: { ...auth, host: 'evil.example.com' }, body: INITIALIZE });
    expect(badHost.status).toBe(403);
    const badOrigin = await rawRequest(`${base}/mcp`, { headers: { ...auth, origin: 'http://evil.example.com' }, body: INITIALIZE });
    expect(badOrigin.status).toBe(403);
    const noSession = await rawRequest(`${base}/mcp`, { headers: auth, body: { jsonrpc: '2.0', id: 1, method: 'tools/list' } });
    expect(noSession.status).toBe(400);
  });
});

describe('streamable HTTP (stateless)', () => {
  it('serves each request with a fresh server and no session id', async () => {
    const { client, transport } = await connectHttp(`${base}/stateless`, keyA);
    expect(transport.sessionId).toBeUndefined();
    await client.callTool({ name: 'ingest_event', arguments: { event: 'stateless.ok', traceId: 'trace-stateless' } });
    const queried = await client.callTool({ name: 'query_events', arguments: { traceId: 'trace-stateless' } });
    expect(queried.structuredContent).toMatchObject({ events: [{ event: 'stateless.ok' }] });
    await client.close();
    const get = await rawRequest(`${base}/stateless`, { method: 'GET', headers: { accept: 'text/event-stream', authorization: `Bearer ${keyA}` } });
    expect(get.status).toBe(405);
    const unauthenticated = await rawRequest(`${base}/stateless`, { headers: MCP_HEADERS, body: INITIALIZE });
    expect(unauthenticated.status).toBe(401);
  });
});

describe('closing the handler', () => {
  it('answers the calls in flight, refuses new requests with 503, then ends the sessions', async () => {
    let started!: () => void;
    const callStarted = new Promise<void>((resolve) => (started = resolve));
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const inner = embeddedToolClient(engine, await engine.authenticate({ apiKey: keyA }), 'mcp');
    const slow: ToolClient = {
      ...inner,
      async callTool(name, input, options) {
        started();
        await gate;
        return inner.callTool(name, input, options);
      },
    };
    const handler = createMcpHttpHandler({ authenticate: async () => slow });
    const closing = createServer((request, response) => void handler.handle(request, response));
    const url = await listen(closing);
    try {
      const { client } = await connectHttp(url);
      const call = client.callTool({ name: 'query_events', arguments: {} });
      await callStarted;
      const closed = handler.close({ drainMs: 60_000 });
      const refused = await rawRequest(url, { headers: MCP_HEADERS, body: INITIALIZE });
      expect(refused.status).toBe(503);
      expect(JSON.parse(refused.body)).toMatchObject({ error: { code: 'UNAVAILABLE' } });
      release();
      expect((await call).structuredContent).toMatchObject({ events: expect.any(Array) });
      await closed;
      await client.close().catch(() => undefined);
    } finally {
      closing.closeAllConnections();
      await new Promise((resolve) => closing.close(resolve));
    }
  });
});
