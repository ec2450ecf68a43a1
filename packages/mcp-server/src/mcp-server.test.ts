import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { LoggingMessageNotificationSchema, McpError, type LoggingMessageNotification, type Progress } from '@modelcontextprotocol/sdk/types.js';
import { embeddedToolClient, Engine, type Principal } from '@headlessanalytics/engine';
import { afterEach, describe, expect, it } from 'vitest';
import { compactInputSchema, compactOutputSchema } from './compact-schema.js';
import { DISCOVERY_TOOLS } from './discovery.js';
import { createMcpServer, type McpServerOptions } from './mcp-server.js';
import { PACKAGE_VERSION } from './version.js';

const engines: Engine[] = [];
afterEach(async () => {
  await Promise.all(engines.splice(0).map((engine) => engine.close()));
});

async function connect(options: { rateLimitPerMinute?: number; asApiKey?: boolean; server?: McpServerOptions } = {}) {
  const engine = await Engine.open({ databaseUrl: ':memory:', ...(options.rateLimitPerMinute ? { rateLimitPerMinute: options.rateLimitPerMinute } : {}) });
  engines.push(engine);
  const { workspace, apiKey } = await engine.bootstrap();
  const principal: Principal = options.asApiKey ? await engine.authenticate({ apiKey: apiKey! }) : engine.localPrincipal(workspace.id);
  const server = createMcpServer(embeddedToolClient(engine, principal, 'mcp'), options.server);
  const [serverSide, clientSide] = InMemoryTransport.createLinkedPair();
  await server.connect(serverSide);
  const client = new Client({ name: 'test', version: '1.0.0' });
  const logs: LoggingMessageNotification['params'][] = [];
  client.setNotificationHandler(LoggingMessageNotificationSchema, (notification) => void logs.push(notification.params));
  await client.connect(clientSide);
  return { engine, client, logs };
}

const errorOf = (result: Awaited<ReturnType<Client['callTool']>>) =>
  JSON.parse((result.content as Array<{ text: string }>)[0]!.text) as { error: { code: string; message: string; details?: { issues?: Array<{ path: string }> }; requestId?: string } };

describe('createMcpServer', () => {
  it('names itself headlessanalytics with the package version and answers ping', async () => {
    const { client } = await connect();
    expect(client.getServerVersion()).toMatchObject({ name: 'headlessanalytics', version: PACKAGE_VERSION });
    expect(client.getServerCapabilities()).toMatchObject({ tools: { listChanged: true }, logging: {} });
    // The instructions name both API families, where to start, and how to reach the toolsets not listed.
    const instructions = client.getInstructions() ?? '';
    for (const phrase of ['get_event_catalog', 'list_projects', 'list_toolsets', 'enable_toolset', 'nextCursor']) expect(instructions).toContain(phrase);
    expect(await client.ping()).toEqual({});
  });

  it('lists every registry tool with its own title, description, annotations and (compacted) schemas', async () => {
    const { engine, client } = await connect({ server: { selection: { toolsets: ['all'] } } });
    const { tools } = await client.listTools();
    const descriptors = engine.registry.descriptors();
    expect(tools.map(({ name, title, description, annotations }) => ({ name, title, description, annotations }))).toEqual(
      descriptors.map(({ name, title, description, annotations }) => ({ name, title, description, annotations })),
    );
    for (const [index, tool] of tools.entries()) {
      expect(tool.inputSchema).toEqual(compactInputSchema(descriptors[index]!.inputSchema));
      expect(tool.outputSchema).toEqual(compactOutputSchema(descriptors[index]!.outputSchema));
    }
  });

  it('returns tool output as structuredContent and as JSON text', async () => {
    const { client } = await connect();
    const ingested = await client.callTool({ name: 'ingest_event', arguments: { event: 'order.created', properties: { revenue: 22 } } });
    expect(ingested.isError).toBeFalsy();
    expect(ingested.structuredContent).toMatchObject({ accepted: 1, duplicates: 0 });
    const queried = await client.callTool({ name: 'query_events', arguments: { event: 'order.created' } });
    const text = JSON.parse((queried.content as Array<{ text: string }>)[0]!.text);
    expect(text).toEqual(queried.structuredContent);
    expect(text.events).toHaveLength(1);
    expect(text.events[0]).toMatchObject({ event: 'order.created', properties: { revenue: 22 } });
  });

  it('turns bad input into an isError result naming the field path', async () => {
    const { client } = await connect();
    const result = await client.callTool({ name: 'query_events', arguments: { limit: 'many' } });
    expect(result.isError).toBe(true);
    const { error } = errorOf(result);
    expect(error.code).toBe('INVALID_INPUT');
    expect(error.details?.issues?.map((issue) => issue.path)).toContain('limit');
    expect(error.requestId).toEqual(expect.any(String));
  });

  it('makes only an unknown tool name a protocol error', async () => {
    const { client } = await connect();
    const call = client.callTool({ name: 'no_such_tool', arguments: {} });
    await expect(call).rejects.toBeInstanceOf(McpError);
    await expect(call).rejects.toMatchObject({ code: -32602 });
    // The client adds "MCP error -32602: " once; the server's text does not carry it too. Near names are offered.
    const misspelt = client.callTool({ name: 'query_event', arguments: {} });
    await expect(misspelt).rejects.toMatchObject({
      message: expect.stringMatching(/^MCP error -32602: Unknown tool 'query_event'\. Did you mean query_events, [a-z_, ]+\? tools\/list names this session's tools; list_toolsets the toolsets of the others\.$/),
    });
  });

  it('says when to retry a rate-limited call', async () => {
    const { client } = await connect({ rateLimitPerMinute: 1, asApiKey: true });
    await client.callTool({ name: 'query_events', arguments: {} });
    const limited = await client.callTool({ name: 'query_events', arguments: {} });
    expect(limited.isError).toBe(true);
    const { error } = errorOf(limited);
    expect(error.code).toBe('RATE_LIMITED');
    expect(error.message).toMatch(/retry after \d+/i);
  });

  it('serves only the chosen toolsets or read-only tools', async () => {
    const readOnly = await connect({ server: { selection: { toolsets: ['all'], readOnly: true } } });
    const names = (await readOnly.client.listTools()).tools.map((tool) => tool.name);
    expect(names).toContain('query_events');
    expect(names).not.toContain('ingest_event');
    expect(readOnly.engine.registry.descriptors({ readOnly: true }).map((tool) => tool.name)).toEqual(names);
    await expect(readOnly.client.callTool({ name: 'ingest_event', arguments: { event: 'x' } })).rejects.toMatchObject({
      code: -32602,
      message: expect.stringContaining('read-only'),
    });
    const events = await connect({ server: { selection: { toolsets: ['events'] } } });
    const listed = (await events.client.listTools()).tools.map((tool) => tool.name);
    expect(listed).toEqual([...DISCOVERY_TOOLS.map((tool) => tool.name), ...events.engine.registry.descriptors({ toolsets: ['events'] }).map((tool) => tool.name)]);
    expect(listed).toContain('ingest_event');
  });

  it('forwards tool progress as notifications/progress when the call has a progressToken', async () => {
    const { client } = await connect();
    await client.callTool({ name: 'create_project', arguments: { name: 'progress-site' } });
    const updates: Progress[] = [];
    const streamed = client.callTool(
      { name: 'stream_events', arguments: { project: 'progress-site', max_events: 1, wait_seconds: 30, last_event_id: '0' } },
      undefined,
      { onprogress: (update) => void updates.push(update) },
    );
    const tracked = await client.callTool({ name: 'track_event', arguments: { project: 'progress-site', event: 'signup', user_id: 'u1' } });
    expect(tracked.isError).toBeFalsy();
    const result = await streamed;
    const events = (result.structuredContent as { events: Array<{ id: string; event: string }> }).events;
    expect(events.map((event) => event.event)).toEqual(['signup']);
    expect(updates.map((update) => [update.progress, update.total, JSON.parse(update.message!).id])).toEqual([[1, 1, events[0]!.id]]);
  });

  it('sends call logs filtered by logging/setLevel', async () => {
    const { client, logs } = await connect();
    await client.callTool({ name: 'query_events', arguments: {} });
    expect(logs).toEqual([expect.objectContaining({ level: 'debug', logger: 'headlessanalytics', data: expect.objectContaining({ tool: 'query_events', ok: true }) })]);
    logs.length = 0;
    await client.setLoggingLevel('warning');
    await client.callTool({ name: 'query_events', arguments: {} });
    await client.callTool({ name: 'query_events', arguments: { limit: 0 } });
    expect(logs).toEqual([expect.objectContaining({ level: 'warning', data: expect.objectContaining({ ok: false, code: 'INVALID_INPUT' }) })]);
  });
});
