import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBridge, type Bridge } from './rest-harness.js';

describe('REST bad input changes nothing and names the field', () => {
  let bridge: Bridge;
  beforeAll(async () => {
    bridge = await startBridge();
  });
  afterAll(() => bridge.close());

  async function storedCount(): Promise<number> {
    const reply = await bridge.request('GET', '/api/events?limit=1000');
    return reply.body.events.length;
  }

  it.each([
    ['wrong type', { event: 42 }, 'event', /expected string/],
    ['missing event', { properties: { sku: 'x' } }, 'event', /required/],
    ['wrong nested type', { event: 'a', properties: 'not an object' }, 'properties', /expected record|expected object/],
    ['bad timestamp in a batch', { events: [{ event: 'a' }, { event: 'b', timestamp: 'soon' }] }, 'events[1].timestamp', /expected number/],
    ['batch of 1,001', { events: Array.from({ length: 1001 }, (_, index) => ({ event: `e${index}` })) }, 'events', /1000/],
  ])('%s → 400 naming %s', async (_case, body, path, reason) => {
    const reply = await bridge.request('POST', '/api/ingest', { body });
    expect(reply.status).toBe(400);
    expect(reply.body.error.code).toBe('INVALID_INPUT');
    const issue = reply.body.error.details.issues.find((entry: { path: string }) => entry.path === path);
    expect(issue, JSON.stringify(reply.body.error.details.issues)).toBeDefined();
    expect(issue.message).toMatch(reason);
    expect(reply.body.error.requestId).toBe(reply.headers.get('x-request-id'));
    expect(await storedCount()).toBe(0);
  });

  it('malformed JSON → 400 saying what is wrong, nothing stored', async () => {
    const reply = await bridge.request('POST', '/api/ingest', { raw: '{"event": "a",', headers: { 'content-type': 'application/json' } });
    expect(reply.status).toBe(400);
    expect(reply.body.error).toMatchObject({ code: 'INVALID_INPUT', message: expect.stringContaining('not valid JSON') });
    expect(await storedCount()).toBe(0);
  });

  it('a query parameter of the wrong type → 400 naming it', async () => {
    const reply = await bridge.request('GET', '/api/usage?limit=lots');
    expect(reply.status).toBe(400);
    expect(reply.body.error.details.issues[0].path).toBe('limit');
  });

  it('unknown tool → 404; unknown route → 404; wrong method → 405 with Allow', async () => {
    const tool = await bridge.request('POST', '/api/tools/no_such_tool', { body: {} });
    expect(tool.status).toBe(404);
    expect(tool.body.error).toMatchObject({ code: 'NOT_FOUND', message: expect.stringContaining('no_such_tool') });
    const route = await bridge.request('GET', '/api/nowhere');
    expect(route.status).toBe(404);
    const method = await bridge.request('PUT', '/api/ingest', { body: {} });
    expect(method.status).toBe(405);
    expect(method.headers.get('allow')).toBe('POST');
    expect(method.body.error.details.allow).toEqual(['POST']);
    const toolGet = await bridge.request('GET', '/api/tools/ingest_event');
    expect(toolGet.status).toBe(405);
    expect(toolGet.headers.get('allow')).toBe('POST');
  });

  it('no key, a bad key or a non-Bearer scheme → 401 with WWW-Authenticate, nothing stored', async () => {
    for (const headers of [{}, { authorization: 'Bearer ha_live_thisisnotakeythisisnotakey' }, { authorization: 'Basic dXNlcjpwYXNz' }] as Array<Record<string, string>>) {
      const reply = await bridge.request('POST', '/api/ingest', { key: null, headers, body: { event: 'a' } });
      expect(reply.status).toBe(401);
      expect(reply.body.error.code).toBe('UNAUTHENTICATED');
      expect(reply.headers.get('www-authenticate')).toMatch(/^Bearer/);
    }
    expect(await storedCount()).toBe(0);
  });

  it('honours a sane X-Request-Id and replaces an unsafe one', async () => {
    const sane = await bridge.request('GET', '/api/nowhere', { headers: { 'x-request-id': 'trace-123.abc' } });
    expect(sane.headers.get('x-request-id')).toBe('trace-123.abc');
    expect(sane.body.error.requestId).toBe('trace-123.abc');
    const unsafe = await bridge.request('GET', '/api/health', { key: null, headers: { 'x-request-id': 'a b <script>' } });
    expect(unsafe.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('REST limits', () => {
  it('a body over the limit → 413 PAYLOAD_TOO_LARGE (declared or streamed), nothing stored', async () => {
    const bridge = await startBridge({}, { bodyLimitBytes: 1024 });
    try {
      const big = { event: 'big', properties: { blob: 'x'.repeat(2000) } };
      const declared = await bridge.request('POST', '/api/ingest', { body: big });
      expect(declared.status).toBe(413);
      expect(declared.body.error).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', details: { limitBytes: 1024 } });
      const streamed = await new Promise<{ status: number; body: string }>((resolve, reject) => {
        const url = new URL('/api/ingest', bridge.url);
        const outgoing = httpRequest(url, { method: 'POST', headers: { authorization: `Bearer ${bridge.adminKey}`, 'transfer-encoding': 'chunked' } });
        outgoing.on('response', (response) => {
          let text = '';
          response.on('data', (chunk: Buffer) => (text += chunk.toString()));
          response.on('end', () => resolve({ status: response.statusCode ?? 0, body: text }));
        });
        outgoing.on('error', reject);
        outgoing.write(JSON.stringify(big).slice(0, 900));
        outgoing.end(JSON.stringify(big).slice(900));
      });
      expect(streamed.status).toBe(413);
      expect(JSON.parse(streamed.body).error.code).toBe('PAYLOAD_TOO_LARGE');
      const small = await bridge.request('POST', '/api/ingest', { body: { event: 'small' } });
      expect(small.status).toBe(200);
      const listed = await bridge.request('GET', '/api/events');
      expect(listed.body.events.map((stored: { event: string }) => stored.event)).toEqual(['small']);
    } finally {
      await bridge.close();
    }
  });

  it('internal failures answer 500 with the request id and no stack or SQL', async () => {
    const logged: Array<Record<string, unknown> | undefined> = [];
    const bridge = await startBridge({ logger: { error: (_message, meta) => logged.push(meta), info: () => undefined } });
    const warm = await bridge.request('GET', '/api/events');
    expect(warm.status).toBe(200);
    await bridge.engine.services.store.close();
    const reply = await bridge.request('GET', '/api/events');
    expect(reply.status).toBe(500);
    expect(reply.body.error).toEqual({ code: 'INTERNAL', message: expect.any(String), details: {}, requestId: reply.headers.get('x-request-id') });
    expect(JSON.stringify(reply.body)).not.toMatch(/SELECT|sqlite|libsql|at .*\.js|\n/i);
    expect(logged).toEqual([expect.objectContaining({ requestId: reply.body.error.requestId, cause: expect.stringContaining('CLIENT_CLOSED') })]);
    await bridge.server.close();
  });
});

describe('REST CORS', () => {
  it('answers preflight and tags responses for any origin by default', async () => {
    const bridge = await startBridge();
    try {
      const preflight = await fetch(`${bridge.url}/api/ingest`, {
        method: 'OPTIONS',
        headers: { origin: 'https://shop.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type' },
      });
      expect(preflight.status).toBe(204);
      expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
      expect(preflight.headers.get('access-control-allow-methods')).toContain('POST');
      expect(preflight.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('authorization');
      const actual = await bridge.request('GET', '/api/health', { key: null, headers: { origin: 'https://shop.example' } });
      expect(actual.headers.get('access-control-allow-origin')).toBe('*');
      expect(actual.headers.get('access-control-expose-headers')).toContain('X-Request-Id');
      const unknownPath = await fetch(`${bridge.url}/api/nowhere`, { method: 'OPTIONS', headers: { origin: 'https://shop.example' } });
      expect(unknownPath.status).toBe(404);
    } finally {
      await bridge.close();
    }
  });

  it('with an allow-list echoes allowed origins only', async () => {
    const bridge = await startBridge({}, { corsOrigins: ['https://app.example'] });
    try {
      const allowed = await fetch(`${bridge.url}/api/events`, { method: 'OPTIONS', headers: { origin: 'https://app.example', 'access-control-request-method': 'GET' } });
      expect(allowed.headers.get('access-control-allow-origin')).toBe('https://app.example');
      expect(allowed.headers.get('vary')).toBe('Origin');
      const denied = await fetch(`${bridge.url}/api/events`, { method: 'OPTIONS', headers: { origin: 'https://evil.example', 'access-control-request-method': 'GET' } });
      expect(denied.headers.get('access-control-allow-origin')).toBeNull();
    } finally {
      await bridge.close();
    }
  });
});
