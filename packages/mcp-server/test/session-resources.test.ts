import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { McpError, ResourceListChangedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import { embeddedToolClient, Engine, EngineError, type ToolClient } from '@headlessanalytics/engine';
import { afterEach, describe, expect, it } from 'vitest';
import { createMcpServer, openApiResourceProvider } from '../src/index.js';
import { renderText, PLAYBOOKS } from '../src/prompts.js';
import { connectInMemory } from './helpers.js';

const engines: Engine[] = [];
afterEach(async () => {
  await Promise.all(engines.splice(0).map((engine) => engine.close()));
});

async function open(): Promise<Engine> {
  const engine = await Engine.open({ databaseUrl: ':memory:' });
  engines.push(engine);
  return engine;
}

async function call(client: Client, name: string, input: Record<string, unknown>): Promise<Record<string, unknown>> {
  const result = await client.callTool({ name, arguments: input });
  if (result.isError) throw new Error(`${name} failed: ${JSON.stringify(result.content)}`);
  return result.structuredContent as Record<string, unknown>;
}

const uris = async (client: Client): Promise<string[]> => (await client.listResources()).resources.map((resource) => resource.uri);
const promptText = async (client: Client, name: string, args: Record<string, string>): Promise<string> =>
  ((await client.getPrompt({ name, arguments: args })).messages[0]!.content as { text: string }).text;

describe('resources/list_changed', () => {
  it('is sent when a project write changes what resources/list answers, to a client that has listed, and only then', async () => {
    const client = await connectInMemory(await open(), { selection: { toolsets: ['all'] } });
    let changes = 0;
    client.setNotificationHandler(ResourceListChangedNotificationSchema, () => void (changes += 1));
    // Not listed yet: nothing to tell the client (its first resources/list has the project).
    const first = (await call(client, 'create_project', { name: 'first-site' })) as { id: string };
    expect(changes).toBe(0);
    const before = await uris(client);
    expect(before).toEqual(expect.arrayContaining([`ha://projects/${first.id}/events`, `ha://projects/${first.id}/live`]));
    // A write elsewhere, and a write of the projects toolset that leaves the list as it was.
    await call(client, 'ingest_event', { event: 'order.created' });
    await call(client, 'update_project', { id: 'first-site', allowed_origins: ['https://first.example'] });
    expect(changes).toBe(0);

    const second = (await call(client, 'create_project', { name: 'second-site' })) as { id: string };
    expect(changes).toBe(1);
    const after = await uris(client);
    expect(after.filter((uri) => !before.includes(uri))).toEqual([`ha://projects/${second.id}/events`, `ha://projects/${second.id}/live`]);
    // A rename changes the titles it lists; a delete its URIs.
    await call(client, 'update_project', { id: second.id, name: 'renamed-site' });
    expect(changes).toBe(2);
    const renamed = (await client.listResources()).resources.find((resource) => resource.uri === `ha://projects/${second.id}/live`);
    expect(renamed?.title).toBe('Live traffic: renamed-site');
    await call(client, 'delete_project', { id: second.id });
    expect(changes).toBe(3);
    expect(await uris(client)).toEqual(before);
  });

  it('is not sent by enable_toolset: the list already holds what the session can reach', async () => {
    const client = await connectInMemory(await open());
    let changes = 0;
    client.setNotificationHandler(ResourceListChangedNotificationSchema, () => void (changes += 1));
    const before = await uris(client);
    expect(before).toEqual(expect.arrayContaining(['ha://events/catalog', 'ha://projects', 'ha://account', 'ha://keys', 'ui://headlessanalytics/stats.html']));
    await call(client, 'enable_toolset', { toolset: 'projects' });
    await call(client, 'enable_toolset', { toolset: 'analytics' });
    expect(await uris(client)).toEqual(before);
    expect(changes).toBe(0);
  });
});

describe('resources of a session', () => {
  it('reads a resource whose tool is one enable_toolset away without enabling its toolset', async () => {
    const client = await connectInMemory(await open());
    const tools = (await client.listTools()).tools.map((tool) => tool.name);
    expect(tools).not.toContain('list_projects');
    const read = await client.readResource({ uri: 'ha://projects' });
    expect(JSON.parse((read.contents[0] as { text: string }).text)).toEqual(await call(client, 'list_projects', {}));
    // (Calling the tool by name enabled its toolset; the read before it did not.)
  });

  it('keeps to the operator’s --tools allow-list: no resource, template, view or completion of another tool', async () => {
    const client = await connectInMemory(await open(), { selection: { tools: ['query_events', 'get_event_catalog'] } });
    expect(await uris(client)).toEqual(['ha://events/catalog']);
    expect((await client.listResourceTemplates()).resourceTemplates.map((template) => template.uriTemplate)).toEqual(['ha://projects/{project}/events']);
    for (const uri of ['ha://keys', 'ha://projects', 'ha://account']) {
      const refused = await client.readResource({ uri }).catch((error: unknown) => error);
      expect(refused, uri).toBeInstanceOf(McpError);
      expect((refused as McpError).code, uri).toBe(-32002);
      expect((refused as McpError).message, uri).toContain('not served by this server');
    }
    const completed = await client.complete({ ref: { type: 'ref/prompt', name: 'weekly_growth_review' }, argument: { name: 'project', value: '' } });
    expect(completed.completion.values).toEqual([]);
  });

  it('lists and reads the providers given as `resources`, and turns a failed load into a read error', async () => {
    const engine = await open();
    const document = { openapi: '3.1.0', info: { title: 'Test', version: '1' }, paths: {} };
    const client = await connectInMemory(engine, { resources: [openApiResourceProvider(() => document)] });
    const listed = (await client.listResources()).resources;
    expect(listed.at(-1)).toEqual({ uri: 'ha://openapi', name: 'openapi', title: 'OpenAPI document', description: expect.any(String), mimeType: 'application/json' });
    const read = await client.readResource({ uri: 'ha://openapi' });
    expect(read.contents).toEqual([{ uri: 'ha://openapi', mimeType: 'application/json', text: JSON.stringify(document) }]);

    const failing = await connectInMemory(engine, {
      resources: [openApiResourceProvider(() => Promise.reject(new EngineError('UNAVAILABLE', 'The deployment is down.')))],
    });
    const refused = await failing.readResource({ uri: 'ha://openapi' }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(McpError);
    expect((refused as McpError).message).toContain('UNAVAILABLE: The deployment is down. (reading ha://openapi)');
  });
});

describe('prompts naming tools the session does not list', () => {
  it('say which toolset to enable for them first, and nothing when every tool is listed', async () => {
    const client = await connectInMemory(await open());
    const weekly = await promptText(client, 'weekly_growth_review', { project: 'my-site' });
    const [task, note, ...steps] = weekly.split('\n');
    expect(note).toBe(
      "Some of these tools are not in this session's tool list yet: first call `enable_toolset` with toolset \"analytics\" (for " +
        '`get_insights`, `get_stats`, `get_breakdown`, `get_retention`), or call them by name, which adds their toolset; `list_toolsets` names every toolset.',
    );
    const bare = renderText(PLAYBOOKS.find((playbook) => playbook.name === 'weekly_growth_review')!, { project: 'my-site' }).text;
    expect([task, ...steps].join('\n')).toBe(bare);
    const setUp = (await promptText(client, 'set_up_project', { name: 'new-site' })).split('\n')[1];
    expect(setUp).toContain(
      'call `enable_toolset` with toolset "account" (for `get_account`), then with toolset "projects" (for `create_project`, `get_project`), ' +
        'then with toolset "analytics" (for `track_event`, `list_events`), or call them by name',
    );

    await call(client, 'enable_toolset', { toolset: 'analytics' });
    expect(await promptText(client, 'weekly_growth_review', { project: 'my-site' })).toBe(bare);
  });

  it('say which tools the session cannot call at all, so their steps are skipped', async () => {
    const client = await connectInMemory(await open(), { selection: { tools: ['get_stats', 'get_event_catalog'] } });
    const note = (await promptText(client, 'weekly_growth_review', { project: 'my-site' })).split('\n')[1];
    expect(note).toBe(
      "This session cannot call `get_insights`, `get_breakdown`, `get_retention` (the key's scopes or the server's tool selection leave them out): skip the steps that need them.",
    );
  });
});

describe('the tool catalog of a session', () => {
  it('is read once, not on every tools/list, tools/call, resources/list and prompts/get', async () => {
    const engine = await open();
    const { workspace } = await engine.bootstrap();
    const inner = embeddedToolClient(engine, engine.localPrincipal(workspace.id), 'mcp');
    const reads = { listTools: 0, listToolsets: 0 };
    const counting: ToolClient = {
      ...inner,
      listTools: () => ((reads.listTools += 1), inner.listTools()),
      listToolsets: () => ((reads.listToolsets += 1), inner.listToolsets()),
    };
    const server = createMcpServer(counting);
    const [serverSide, clientSide] = InMemoryTransport.createLinkedPair();
    await server.connect(serverSide);
    const client = new Client({ name: 'test', version: '1.0.0' });
    await client.connect(clientSide);
    await client.listTools();
    for (const event of ['a', 'b', 'c']) await call(client, 'ingest_event', { event });
    await call(client, 'list_toolsets', {});
    await call(client, 'list_projects', {}); // enables its toolset on the way
    await client.listTools();
    await client.listResources();
    await client.getPrompt({ name: 'check_account_limits' });
    expect(reads).toEqual({ listTools: 1, listToolsets: 1 });
    await client.close();
  });
});
