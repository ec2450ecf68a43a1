import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { ToolListChangedNotificationSchema, type CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { Engine, TOOLSETS } from '@headlessanalytics/engine';
import { countTokens } from 'gpt-tokenizer/encoding/o200k_base';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectHttp, connectStdio, INITIALIZE, MCP_HEADERS, rawRequest, startMcpHttp, tempDatabase, type McpHttpServer } from './helpers.js';

const DISCOVERY = ['list_toolsets', 'get_toolset_tools', 'enable_toolset'];
const DEFAULT_TOOLSETS = TOOLSETS.filter((toolset) => toolset.default).map((toolset) => toolset.name);

let engine: Engine;
let served: McpHttpServer;
let base: string;
let adminKey: string;
let readKey: string;
const database = tempDatabase();

beforeAll(async () => {
  engine = await Engine.open({ databaseUrl: database.url });
  adminKey = (await engine.bootstrap()).apiKey!;
  const admin = await engine.authenticate({ apiKey: adminKey });
  readKey = (await engine.services.tenancy.createApiKey(admin.workspaceId, { name: 'reader', scopes: ['read'], environment: 'live' })).apiKey;
  served = await startMcpHttp(engine, { '/mcp': {}, '/stateless': { stateless: true }, '/read-only': { server: { selection: { readOnly: true } } } });
  base = served.base;
});

afterAll(async () => {
  await served.close();
  await engine.close();
  database.cleanup();
});

const http = async (path: string, key: string, headers: Record<string, string> = {}): Promise<Client> => (await connectHttp(`${base}${path}`, key, headers)).client;
const stdio = (args: string[], env: Record<string, string> = {}): Promise<Client> => connectStdio(args, { HA_DATABASE_URL: database.url, HA_API_KEY: adminKey, ...env });

const names = async (client: Client): Promise<string[]> => (await client.listTools()).tools.map((tool) => tool.name);
const json = (result: CallToolResult | Awaited<ReturnType<Client['callTool']>>) => JSON.parse((result.content as Array<{ text: string }>)[0]!.text);
const registryNames = (filter: Parameters<Engine['registry']['descriptors']>[0]) => engine.registry.descriptors(filter).map((tool) => tool.name);

/** Resolves on the next notifications/tools/list_changed the client receives. */
function nextListChanged(client: Client): Promise<void> {
  return new Promise((resolve) => client.setNotificationHandler(ToolListChangedNotificationSchema, () => resolve()));
}

describe('the default tool list', () => {
  it('is the discovery tools and the default toolsets, within 8,000 o200k_base tokens, over stdio', async () => {
    const client = await stdio([]);
    try {
      const { tools } = await client.listTools();
      expect(tools.map((tool) => tool.name)).toEqual([...DISCOVERY, ...registryNames({ toolsets: DEFAULT_TOOLSETS })]);
      expect(tools.map((tool) => tool.name)).toEqual(expect.arrayContaining(['ingest_event', 'query_events', 'query_metrics']));
      const tokens = countTokens(JSON.stringify(tools));
      expect(tokens).toBeLessThanOrEqual(8_000);
      // Every other toolset is one enable_toolset away: each is listed by list_toolsets.
      const { toolsets } = json(await client.callTool({ name: 'list_toolsets', arguments: {} }));
      expect(toolsets.map((toolset: { name: string }) => toolset.name)).toEqual(TOOLSETS.map((toolset) => toolset.name));
      expect(toolsets.filter((toolset: { enabled: boolean }) => toolset.enabled).map((toolset: { name: string }) => toolset.name)).toEqual(DEFAULT_TOOLSETS);
      expect(client.getServerCapabilities()?.tools).toMatchObject({ listChanged: true });
    } finally {
      await client.close();
    }
  });
});

describe('discovery', () => {
  it('get_toolset_tools describes a toolset without enabling it; enable_toolset adds it and sends list_changed', async () => {
    const client = await http('/mcp', adminKey);
    try {
      const before = await names(client);
      expect(before).not.toContain('get_stats');
      const described = json(await client.callTool({ name: 'get_toolset_tools', arguments: { toolset: 'analytics' } }));
      expect(described).toMatchObject({ toolset: 'analytics', enabled: false });
      expect(described.tools.map((tool: { name: string }) => tool.name)).toEqual(registryNames({ toolsets: ['analytics'] }));
      expect(described.tools.every((tool: { summary: string }) => tool.summary.length > 0 && tool.summary.length <= 200)).toBe(true);
      expect(await names(client)).toEqual(before);

      const changed = nextListChanged(client);
      const enabled = json(await client.callTool({ name: 'enable_toolset', arguments: { toolset: 'analytics' } }));
      await changed;
      expect(enabled).toEqual({ toolset: 'analytics', enabled: true, added: registryNames({ toolsets: ['analytics'] }) });
      expect(await names(client)).toEqual([...before, ...registryNames({ toolsets: ['analytics'] })].sort(byRegistryOrder));
      // Enabling it again changes nothing.
      expect(json(await client.callTool({ name: 'enable_toolset', arguments: { toolset: 'analytics' } }))).toMatchObject({ added: [] });
    } finally {
      await client.close();
    }
  });

  it('refuses an unknown toolset with an isError result naming the field and the known toolsets', async () => {
    const client = await http('/mcp', adminKey);
    try {
      for (const name of ['enable_toolset', 'get_toolset_tools']) {
        const result = await client.callTool({ name, arguments: { toolset: 'nope' } });
        expect(result.isError).toBe(true);
        expect(json(result).error).toMatchObject({ code: 'INVALID_INPUT', details: { issues: [{ path: 'toolset' }] } });
        expect(json(result).error.message).toContain('analytics');
      }
      const missing = await client.callTool({ name: 'enable_toolset', arguments: {} });
      expect(json(missing).error.details.issues[0].path).toBe('toolset');
    } finally {
      await client.close();
    }
  });

  it('a tool of a toolset not enabled yet can still be called by name: its toolset is enabled and list_changed sent', async () => {
    const client = await http('/mcp', adminKey);
    try {
      expect(await names(client)).not.toContain('list_projects');
      const changed = nextListChanged(client);
      const result = await client.callTool({ name: 'list_projects', arguments: {} });
      expect(result.isError).toBeFalsy();
      await changed;
      expect(await names(client)).toEqual(expect.arrayContaining(registryNames({ toolsets: ['projects'] })));
    } finally {
      await client.close();
    }
  });

  it('on a stateless server enable_toolset says to choose toolsets per request instead', async () => {
    const client = await http('/stateless', adminKey);
    try {
      const result = await client.callTool({ name: 'enable_toolset', arguments: { toolset: 'analytics' } });
      expect(result.isError).toBe(true);
      expect(json(result).error.message).toContain('x-mcp-toolsets: analytics');
    } finally {
      await client.close();
    }
  });
});

function byRegistryOrder(a: string, b: string): number {
  const order = [...DISCOVERY, ...engine.registry.descriptors().map((tool) => tool.name)];
  return order.indexOf(a) - order.indexOf(b);
}

describe('scopes', () => {
  it('a read key sees only the tools it may call, and a write tool called anyway is FORBIDDEN naming the scope', async () => {
    const client = await http('/mcp?toolsets=all', readKey);
    try {
      const listed = await names(client);
      expect(listed).toEqual(engine.registry.descriptors({ scopes: ['read'] }).map((tool) => tool.name));
      expect(listed).not.toContain('ingest_event');
      expect(listed).not.toContain('create_api_key');
      const denied = await client.callTool({ name: 'ingest_event', arguments: { event: 'x' } });
      expect(denied.isError).toBe(true);
      expect(json(denied).error).toMatchObject({ code: 'FORBIDDEN', message: expect.stringContaining("'write' scope") });
    } finally {
      await client.close();
    }
    const discovering = await http('/mcp', readKey);
    try {
      const { toolsets } = json(await discovering.callTool({ name: 'list_toolsets', arguments: {} }));
      // The admin toolset holds only admin tools: a read key is not shown it.
      expect(toolsets.map((toolset: { name: string }) => toolset.name)).not.toContain('admin');
      expect(toolsets.find((toolset: { name: string }) => toolset.name === 'events').tools).toBe(registryNames({ toolsets: ['events'], scopes: ['read'] }).length);
    } finally {
      await discovering.close();
    }
  });
});

describe('selection per request over HTTP', () => {
  it('takes the toolsets, tools, read-only and dynamic choices from headers or the query', async () => {
    const cases: Array<[string, Record<string, string>, string[]]> = [
      ['/mcp', { 'x-mcp-toolsets': 'experiments' }, [...DISCOVERY, ...registryNames({ toolsets: ['experiments'] })]],
      ['/mcp?toolsets=experiments&read_only=1', {}, [...DISCOVERY, ...registryNames({ toolsets: ['experiments'], readOnly: true })]],
      ['/mcp', { 'x-mcp-tools': 'get_stats,query_events' }, ['query_events', 'get_stats']],
      ['/mcp?dynamic_toolsets=true', {}, DISCOVERY],
      ['/mcp', { 'x-mcp-toolsets': 'all' }, registryNames({})],
    ];
    for (const [path, headers, expected] of cases) {
      const client = await http(path, adminKey, headers);
      try {
        expect(await names(client), `${path} ${JSON.stringify(headers)}`).toEqual(expected);
      } finally {
        await client.close();
      }
    }
  });

  it('never turns the operator’s read-only mode off, and refuses an unknown toolset before a session opens', async () => {
    const client = await http('/read-only', adminKey, { 'x-mcp-readonly': 'false', 'x-mcp-toolsets': 'all' });
    try {
      expect(await names(client)).toEqual(registryNames({ readOnly: true }));
      await expect(client.callTool({ name: 'ingest_event', arguments: { event: 'x' } })).rejects.toMatchObject({ code: -32602, message: expect.stringContaining('read-only') });
      // enable_toolset on a read-only server adds only the read-only tools (here nothing is left to add).
    } finally {
      await client.close();
    }
    const refused = await rawRequest(`${base}/mcp`, { headers: { ...MCP_HEADERS, authorization: `Bearer ${adminKey}`, 'x-mcp-toolsets': 'bogus' }, body: INITIALIZE });
    expect(refused.status).toBe(400);
    expect(JSON.parse(refused.body).error).toMatchObject({ code: 'INVALID_INPUT', details: { issues: [{ path: 'x-mcp-toolsets' }] } });
  });
});

describe('flags and variables of the server', () => {
  it('--tools alone is an allow-list: only those tools, no discovery, anything else refused', async () => {
    const client = await stdio(['--tools', 'query_events,get_stats']);
    try {
      expect(await names(client)).toEqual(['query_events', 'get_stats']);
      await expect(client.callTool({ name: 'ingest_event', arguments: { event: 'x' } })).rejects.toMatchObject({ message: expect.stringContaining('--tools') });
      await expect(client.callTool({ name: 'list_toolsets', arguments: {} })).rejects.toMatchObject({ code: -32602 });
    } finally {
      await client.close();
    }
  });

  it('HA_MCP_DYNAMIC_TOOLSETS and HA_MCP_READ_ONLY: discovery only, and enable_toolset adds only read-only tools', async () => {
    const client = await stdio([], { HA_MCP_DYNAMIC_TOOLSETS: '1', HA_MCP_READ_ONLY: 'true' });
    try {
      expect(await names(client)).toEqual(DISCOVERY);
      const changed = nextListChanged(client);
      const enabled = json(await client.callTool({ name: 'enable_toolset', arguments: { toolset: 'events' } }));
      await changed;
      expect(enabled.added).toEqual(registryNames({ toolsets: ['events'], readOnly: true }));
      expect(await names(client)).toEqual([...DISCOVERY, ...registryNames({ toolsets: ['events'], readOnly: true })]);
    } finally {
      await client.close();
    }
  });

  it('HA_MCP_TOOLSETS chooses the toolsets; a flag wins over its variable; an unknown toolset stops the server', async () => {
    const client = await stdio(['--toolsets', 'projects'], { HA_MCP_TOOLSETS: 'experiments' });
    try {
      expect(await names(client)).toEqual([...DISCOVERY, ...registryNames({ toolsets: ['projects'] })]);
    } finally {
      await client.close();
    }
    await expect(stdio([], { HA_MCP_TOOLSETS: 'bogus' })).rejects.toThrow();
  });
});
