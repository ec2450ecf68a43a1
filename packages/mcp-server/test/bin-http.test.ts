import { afterAll, describe, expect, it } from 'vitest';
import { connectHttp, INITIALIZE, MCP_HEADERS, rawRequest, runBin, spawnHttpBin, tempDatabase } from './helpers.js';

const API_KEY = 'ha_live_mcp_bin_http_test_key_0001';
const database = tempDatabase();
afterAll(() => database.cleanup());

describe('headlessanalytics-mcp --http', () => {
  it('checks Bearer keys with the embedded engine', async () => {
    const server = await spawnHttpBin([], { HA_DATABASE_URL: database.url, HA_API_KEY: API_KEY });
    try {
      expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/mcp$/);
      const { client } = await connectHttp(server.url, API_KEY);
      const ingested = await client.callTool({ name: 'ingest_event', arguments: { event: 'bin.http' } });
      expect(ingested.structuredContent).toMatchObject({ accepted: 1 });
      await client.close();
      const anonymous = await rawRequest(server.url, { headers: MCP_HEADERS, body: INITIALIZE });
      expect(anonymous.status).toBe(401);
      const elsewhere = await rawRequest(server.url.replace('/mcp', '/other'), { headers: MCP_HEADERS, body: INITIALIZE });
      expect(elsewhere.status).toBe(404);
      const origin = 'http://localhost:6274';
      const preflight = await rawRequest(server.url, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST' } });
      expect(preflight.status).toBe(204);
      expect(preflight.headers).toMatchObject({ 'access-control-allow-origin': origin, 'access-control-allow-headers': expect.stringContaining('Mcp-Session-Id') });
      const browser = await rawRequest(server.url, { headers: { ...MCP_HEADERS, origin }, body: INITIALIZE });
      expect(browser.status).toBe(401);
      expect(browser.headers).toMatchObject({ 'access-control-allow-origin': origin, 'access-control-expose-headers': expect.stringContaining('Mcp-Session-Id') });
      const foreign = await rawRequest(server.url, { method: 'OPTIONS', headers: { origin: 'https://evil.example.com' } });
      expect(foreign.status).toBe(403);
      expect(foreign.headers['access-control-allow-origin']).toBeUndefined();
    } finally {
      expect(await server.stop()).toBe(0);
    }
  });

  it('with --no-auth on loopback, acts as the local operator for requests without a key', async () => {
    const server = await spawnHttpBin(['--no-auth', '--stateless'], { HA_DATABASE_URL: database.url });
    try {
      const { client } = await connectHttp(server.url);
      const queried = await client.callTool({ name: 'query_events', arguments: { event: 'bin.http' } });
      expect(queried.structuredContent).toMatchObject({ events: [{ event: 'bin.http' }] });
      await client.close();
      const badKey = await rawRequest(server.url, { headers: { ...MCP_HEADERS, authorization: 'Bearer ha_live_unknown_key_000000000' }, body: INITIALIZE });
      expect(badKey.status).toBe(401);
    } finally {
      await server.stop();
    }
  });

  it('refuses an unknown toolset at startup', async () => {
    const result = await runBin(['--http', '--port', '0', '--toolsets', 'events,nope'], { HA_DATABASE_URL: database.url });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("unknown toolset 'nope'");
  });

  it('refuses --no-auth on a non-loopback host with a clear message', async () => {
    const result = await runBin(['--http', '--no-auth', '--host', '0.0.0.0'], { HA_DATABASE_URL: database.url });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--no-auth is allowed only on a loopback --host');
    expect(result.stdout).toBe('');
  });
});
