import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TOOLSETS } from '@headlessanalytics/engine';
import { startBridge, type Bridge } from './rest-harness.js';

function connect(bridge: Bridge, key: string): { client: Client; transport: StreamableHTTPClientTransport } {
  const transport = new StreamableHTTPClientTransport(new URL('/mcp', bridge.url), {
    requestInit: { headers: { authorization: `Bearer ${key}` } },
  });
  return { client: new Client({ name: 'bridge-test', version: '1.0.0' }), transport };
}

describe('MCP on the bridge port (/mcp)', () => {
  let bridge: Bridge;
  beforeAll(async () => {
    bridge = await startBridge();
  });
  afterAll(() => bridge.close());

  it('an MCP SDK client lists the default tools, reaches every other, and calls one; REST sees the result and usage records surface mcp', async () => {
    const { client, transport } = connect(bridge, bridge.adminKey);
    await client.connect(transport);
    try {
      const listed = await client.listTools();
      // The default toolsets and the discovery tools; list_toolsets reaches every other tool of the registry.
      const defaults = TOOLSETS.filter((toolset) => toolset.default).map((toolset) => toolset.name);
      expect(listed.tools.map((tool) => tool.name)).toEqual([
        'list_toolsets', 'get_toolset_tools', 'enable_toolset', ...bridge.engine.registry.descriptors({ toolsets: defaults }).map((tool) => tool.name),
      ]);
      const { toolsets } = (await client.callTool({ name: 'list_toolsets', arguments: {} })).structuredContent as { toolsets: Array<{ name: string; tools: number }> };
      expect(toolsets.reduce((total, toolset) => total + toolset.tools, 0)).toBe(bridge.engine.registry.descriptors().length);
      const called = await client.callTool({ name: 'ingest_event', arguments: { event: 'mcp.called', actor: 'agent-1' } });
      expect(called.isError).toBeFalsy();
      expect(called.structuredContent).toMatchObject({ accepted: 1, duplicates: 0 });
      const bad = await client.callTool({ name: 'ingest_event', arguments: { event: 5 } });
      expect(bad.isError).toBe(true);
    } finally {
      await client.close();
    }
    const events = await bridge.request('GET', '/api/events?event=mcp.called');
    expect(events.body.events).toHaveLength(1);
    const usage = await bridge.request('GET', '/api/usage?tool=ingest_event');
    expect(usage.body.rows).toEqual([expect.objectContaining({ surface: 'mcp', calls: 2, errors: 1 })]);
  });

  it('offers the OpenAPI document as resource ha://openapi: the same JSON as GET /api/openapi', async () => {
    const { client, transport } = connect(bridge, bridge.adminKey);
    await client.connect(transport);
    try {
      const { resources } = await client.listResources();
      expect(resources.find((resource) => resource.uri === 'ha://openapi')).toEqual({
        uri: 'ha://openapi',
        name: 'openapi',
        title: 'OpenAPI document',
        description: expect.stringContaining('OpenAPI 3.1'),
        mimeType: 'application/json',
      });
      const read = await client.readResource({ uri: 'ha://openapi' });
      expect(read.contents).toHaveLength(1);
      const content = read.contents[0] as { uri: string; mimeType: string; text: string };
      expect(content).toMatchObject({ uri: 'ha://openapi', mimeType: 'application/json' });
      const rest = await bridge.request('GET', '/api/openapi', { key: null });
      expect(rest.status).toBe(200);
      // Read with the same Host, so the same server URL: byte for byte the REST answer.
      expect(JSON.parse(content.text)).toEqual(rest.body);
      expect(content.text).toBe(JSON.stringify(rest.body));
      expect(rest.body.servers).toEqual([{ url: bridge.url }]);
    } finally {
      await client.close();
    }
  });

  it('rejects a bad key with 401 before any MCP handling', async () => {
    const response = await fetch(`${bridge.url}/mcp`, {
      method: 'POST',
      headers: { authorization: 'Bearer ha_live_notarealkeynotarealkey', 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'x', version: '1' } } }),
    });
    expect(response.status).toBe(401);
    expect(response.headers.get('x-request-id')).toBeTruthy();
    await response.body?.cancel();
  });
});
