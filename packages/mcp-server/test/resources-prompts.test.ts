import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { McpError, ResourceUpdatedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import { Engine } from '@headlessanalytics/engine';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectHttp, connectStdio, spawnHttpBin, STAND_IN_OPENAPI, startToolApi, tempDatabase, type SpawnedHttpServer } from './helpers.js';

const API_KEY = 'ha_live_mcp_resources_test_key_01';

interface Catalog {
  project: string | null;
  events: Array<{ event: string; count: number; lastSeen: number; propertyKeys: string[] }>;
  nextCursor: string | null;
}

interface Connection {
  client: Client;
  /** A client of the same data with a read-only key. */
  readClient: Client;
  close: () => Promise<void>;
}

const json = (result: { contents: Array<{ text?: string; uri: string }> }): unknown => JSON.parse(result.contents[0]!.text!);

async function call<T = Record<string, unknown>>(client: Client, name: string, input: Record<string, unknown>): Promise<T> {
  const result = await client.callTool({ name, arguments: input });
  if (result.isError) throw new Error(`${name} failed: ${JSON.stringify(result.content)}`);
  return result.structuredContent as T;
}

const stdioClient = (databaseUrl: string, apiKey: string): Promise<Client> => connectStdio(['--toolsets', 'all'], { HA_DATABASE_URL: databaseUrl, HA_API_KEY: apiKey });

/** The embedded engine over stdio; the read-key client is a second process on the same database. */
async function overStdio(): Promise<Connection> {
  const database = tempDatabase();
  const client = await stdioClient(database.url, API_KEY);
  const created = await call<{ apiKey: string }>(client, 'create_api_key', { name: 'reader', scopes: ['read'] });
  const readClient = await stdioClient(database.url, created.apiKey);
  return {
    client,
    readClient,
    close: async () => {
      await readClient.close();
      await client.close();
      database.cleanup();
    },
  };
}

async function overHttp(): Promise<Connection> {
  const database = tempDatabase();
  const server: SpawnedHttpServer = await spawnHttpBin(['--toolsets', 'all'], { HA_DATABASE_URL: database.url, HA_API_KEY: API_KEY });
  const { client } = await connectHttp(server.url, API_KEY);
  const created = await call<{ apiKey: string }>(client, 'create_api_key', { name: 'reader', scopes: ['read'] });
  const { client: readClient } = await connectHttp(server.url, created.apiKey);
  return {
    client,
    readClient,
    close: async () => {
      await readClient.close();
      await client.close();
      await server.stop();
      database.cleanup();
    },
  };
}

/** Stdio in proxy mode: every read goes to a deployment's REST API (a real engine behind /api/tools). */
async function overProxy(): Promise<Connection> {
  const database = tempDatabase();
  const engine = await Engine.open({ databaseUrl: database.url });
  await engine.bootstrap({ apiKey: API_KEY });
  const api = await startToolApi(engine);
  const proxy = (apiKey: string): Promise<Client> => connectStdio(['--toolsets', 'all'], { HA_API_URL: api.url, HA_API_KEY: apiKey });
  const client = await proxy(API_KEY);
  const readClient = await proxy((await call<{ apiKey: string }>(client, 'create_api_key', { name: 'reader', scopes: ['read'] })).apiKey);
  return {
    client,
    readClient,
    close: async () => {
      await readClient.close();
      await client.close();
      await api.close();
      await engine.close();
      database.cleanup();
    },
  };
}

/** Names in backticks that are tools: what a prompt's text tells the model to call. */
const toolsNamed = (text: string, known: Set<string>): string[] => [...text.matchAll(/`([a-z_]+)`/g)].map((match) => match[1]!).filter((name) => known.has(name));

let registry: Set<string>;
beforeAll(async () => {
  const engine = await Engine.open({ databaseUrl: ':memory:' });
  registry = new Set(engine.registry.descriptors().map((tool) => tool.name));
  await engine.close();
});

describe.each([
  ['stdio', overStdio, false],
  ['streamable HTTP', overHttp, false],
  ['stdio in proxy mode', overProxy, true],
])('resources, prompts and completions over %s', (_transport, connect, proxied) => {
  let connection: Connection;
  let client: Client;
  let projectId: string;

  beforeAll(async () => {
    connection = await connect();
    client = connection.client;
    projectId = (await call<{ id: string }>(client, 'create_project', { name: 'my-site' })).id;
    await call(client, 'create_project', { name: 'my-shop' });
    await call(client, 'track_batch', {
      project: 'my-site',
      events: [
        { event: 'page_view', properties: { path: '/' } },
        { event: 'page_view', properties: { path: '/pricing', referrer: 'news' } },
        { event: 'page_view', properties: { path: '/' } },
        { event: 'signup', properties: { plan: 'pro' } },
      ],
    });
    await call(client, 'ingest_event', { event: 'order.created', properties: { revenue: 22 } });
    await call(client, 'create_tracking_plan', { name: 'Roast & Origin', vertical: 'dtc_commerce_ops' });
    await call(client, 'create_metric_definition', { id: 'revenue', name: 'Revenue', kind: 'sum', eventNames: ['order.created'], property: 'properties.revenue' });
  });

  afterAll(async () => {
    await connection?.close();
  });

  it('announces resources (with subscribe and list changes), prompts (a fixed list) and completions', () => {
    expect(client.getServerCapabilities()).toMatchObject({ resources: { subscribe: true, listChanged: true }, prompts: {}, completions: {} });
    expect(client.getServerCapabilities()?.prompts?.listChanged).toBeUndefined();
  });

  it(proxied ? "offers the deployment's OpenAPI document as ha://openapi" : 'has no ha://openapi: the embedded engine serves no REST API', async () => {
    const listed = (await client.listResources()).resources.find((resource) => resource.uri === 'ha://openapi');
    if (!proxied) {
      expect(listed).toBeUndefined();
      const failed = await client.readResource({ uri: 'ha://openapi' }).catch((error: unknown) => error);
      expect((failed as McpError).code).toBe(-32002);
      return;
    }
    expect(listed).toMatchObject({ name: 'openapi', mimeType: 'application/json' });
    const read = await client.readResource({ uri: 'ha://openapi' });
    expect(read.contents).toEqual([expect.objectContaining({ uri: 'ha://openapi', mimeType: 'application/json' })]);
    expect(json(read)).toEqual(STAND_IN_OPENAPI);
  });

  it('lists the static resources, one catalog and live view per project, and the templates', async () => {
    const uris = (await client.listResources()).resources.map((resource) => resource.uri);
    expect(uris).toEqual(expect.arrayContaining([
      'ha://events/catalog',
      'ha://projects',
      'ha://account',
      'ha://keys',
      'ha://tracking-plans',
      'ha://metric-definitions',
      `ha://projects/${projectId}/events`,
      `ha://projects/${projectId}/live`,
    ]));
    const templates = (await client.listResourceTemplates()).resourceTemplates.map((template) => template.uriTemplate);
    expect(templates).toEqual(
      expect.arrayContaining(['ha://projects/{project}', 'ha://projects/{project}/events', 'ha://projects/{project}/live', 'ha://tracking-plans/{id}', 'ha://metric-definitions/{id}']),
    );
  });

  it('reads each resource as the JSON its tool answers', async () => {
    const catalog = json(await client.readResource({ uri: 'ha://events/catalog' })) as Catalog;
    expect(catalog).toEqual(await call(client, 'get_event_catalog', { limit: 500 }));
    expect(catalog.events.map(({ event, count, propertyKeys }) => ({ event, count, propertyKeys }))).toEqual([
      { event: 'order.created', count: 1, propertyKeys: ['revenue'] },
      { event: 'page_view', count: 3, propertyKeys: ['path', 'referrer'] },
      { event: 'signup', count: 1, propertyKeys: ['plan'] },
    ]);
    const byName = json(await client.readResource({ uri: 'ha://projects/my-site/events' })) as Catalog;
    expect(byName).toEqual(await call(client, 'get_event_catalog', { project: 'my-site', limit: 500 }));
    expect(byName).toMatchObject({ project: projectId, events: [{ event: 'page_view', count: 3 }, { event: 'signup', count: 1 }] });
    expect(json(await client.readResource({ uri: 'ha://projects' }))).toEqual(await call(client, 'list_projects', {}));
    expect(json(await client.readResource({ uri: `ha://projects/${projectId}` }))).toEqual(await call(client, 'get_project', { id: projectId }));
    // The read is itself an API call of the key: only that counter moves between the two answers.
    const account = await call<{ usage: Record<string, number> }>(client, 'get_account', {});
    expect(json(await client.readResource({ uri: 'ha://account' }))).toEqual({ ...account, usage: { ...account.usage, api_calls_today: account.usage.api_calls_today! + 1 } });
    expect(json(await client.readResource({ uri: 'ha://keys' }))).toEqual(await call(client, 'list_api_keys', {}));
    expect(json(await client.readResource({ uri: 'ha://projects/my-site/live' }))).toMatchObject({ project: 'my-site', total_events: 4 });
    const plans = json(await client.readResource({ uri: 'ha://tracking-plans' })) as { plans: Array<{ id: string }> };
    expect(plans).toEqual(await call(client, 'list_tracking_plans', { limit: 200 }));
    expect(plans.plans.map((plan) => plan.id)).toEqual(['roast-origin']);
    expect(json(await client.readResource({ uri: 'ha://tracking-plans/roast-origin' }))).toEqual(await call(client, 'get_tracking_plan', { id: 'roast-origin' }));
    const definitions = json(await client.readResource({ uri: 'ha://metric-definitions' })) as { definitions: Array<{ id: string }> };
    expect(definitions).toEqual(await call(client, 'list_metric_definitions', { limit: 500 }));
    expect(definitions.definitions.map((definition) => definition.id)).toEqual(['revenue']);
    expect(json(await client.readResource({ uri: 'ha://metric-definitions/revenue' }))).toEqual(await call(client, 'get_metric_definition', { id: 'revenue' }));
  });

  it('answers an unknown resource or project with "resource not found"', async () => {
    for (const uri of ['ha://nothing', 'ha://projects/no-such-project/events', 'ha://tracking-plans/no-such-plan', 'ha://metric-definitions/no-such-metric']) {
      const failed = await client.readResource({ uri }).catch((error: unknown) => error);
      expect(failed).toBeInstanceOf(McpError);
      expect((failed as McpError).code).toBe(-32002);
    }
  });

  it('sends notifications/resources/updated for a subscribed live resource when an event arrives', async () => {
    const uri = `ha://projects/${projectId}/live`;
    const updated = new Promise<string>((resolve) => client.setNotificationHandler(ResourceUpdatedNotificationSchema, (notification) => resolve(notification.params.uri)));
    await client.subscribeResource({ uri });
    await call(client, 'track_event', { project: 'my-site', event: 'page_view', properties: { path: '/live' } });
    expect(await updated).toBe(uri);
    await client.unsubscribeResource({ uri });
    expect(json(await client.readResource({ uri }))).toMatchObject({ total_events: 5 });
    const refused = await client.subscribeResource({ uri: 'ha://projects' }).catch((error: unknown) => error);
    expect((refused as McpError).code).toBe(-32602);
  });

  it('lists the playbook prompts and renders each one naming registry tools', async () => {
    const { prompts } = await client.listPrompts();
    expect(prompts.map((prompt) => prompt.name)).toEqual(['set_up_project', 'weekly_growth_review', 'investigate_funnel_drop', 'run_experiment', 'check_account_limits']);
    const rendered = async (name: string, args: Record<string, string>) => {
      const prompt = await client.getPrompt({ name, arguments: args });
      return (prompt.messages[0]!.content as { text: string }).text;
    };
    const setUp = await rendered('set_up_project', { name: 'new-site' });
    expect(toolsNamed(setUp, registry)).toEqual(['get_account', 'create_project', 'get_project', 'track_event', 'list_events', 'get_event_catalog']);
    expect(setUp).toContain('"new-site"');
    const weekly = await rendered('weekly_growth_review', { project: 'my-site' });
    expect(toolsNamed(weekly, registry)).toEqual(['get_insights', 'get_stats', 'get_breakdown', 'get_retention', 'get_event_catalog']);
    const funnel = await rendered('investigate_funnel_drop', { project: 'my-site', steps: 'page_view,signup' });
    expect(toolsNamed(funnel, registry)).toEqual(expect.arrayContaining(['get_event_catalog', 'analyze_funnel', 'get_insights']));
    expect(funnel).toContain('[{"event": "page_view"}, {"event": "signup"}]');
    const experiment = await rendered('run_experiment', { project: 'my-site', goal_event: 'signup' });
    expect(toolsNamed(experiment, registry)).toEqual(['get_event_catalog', 'create_experiment', 'get_experiment_config', 'track_event', 'get_experiment', 'update_experiment']);
    const limits = await rendered('check_account_limits', {});
    expect(toolsNamed(limits, registry)).toEqual(['get_account', 'get_usage', 'list_projects', 'rotate_api_key', 'update_project']);
    for (const text of [setUp, weekly, funnel, experiment, limits]) {
      const named = [...text.matchAll(/`([a-z_]+)`/g)].map((match) => match[1]!);
      expect(named.filter((name) => /^[a-z]+_[a-z_]+$/.test(name) && !registry.has(name))).toEqual([]);
    }
    const missing = await client.getPrompt({ name: 'weekly_growth_review', arguments: {} }).catch((error: unknown) => error);
    expect((missing as McpError).code).toBe(-32602);
  });

  it('completes project and event names by prefix, for prompt arguments and resource template variables', async () => {
    const complete = async (ref: Parameters<Client['complete']>[0]['ref'], name: string, value: string, context?: Record<string, string>) =>
      (await client.complete({ ref, argument: { name, value }, ...(context ? { context: { arguments: context } } : {}) })).completion.values;
    const prompt = (name: string) => ({ type: 'ref/prompt' as const, name });
    expect(await complete(prompt('weekly_growth_review'), 'project', 'my-')).toEqual(['my-shop', 'my-site']);
    expect(await complete(prompt('weekly_growth_review'), 'project', 'my-si')).toEqual(['my-site']);
    expect(await complete(prompt('run_experiment'), 'goal_event', 'si', { project: 'my-site' })).toEqual(['signup']);
    expect(await complete(prompt('run_experiment'), 'goal_event', 'or')).toEqual(['order.created']);
    expect(await complete(prompt('run_experiment'), 'goal_event', 'or', { project: 'my-site' })).toEqual([]);
    expect(await complete(prompt('investigate_funnel_drop'), 'steps', 'page_view,s', { project: 'my-site' })).toEqual(['page_view,signup']);
    const template = { type: 'ref/resource' as const, uri: 'ha://projects/{project}/events' };
    expect(await complete(template, 'project', 'my-sh')).toEqual(['my-shop']);
  });

  it('reads through the caller\'s key: a read key is refused admin-only resources', async () => {
    const reader = connection.readClient;
    expect(json(await reader.readResource({ uri: 'ha://events/catalog' }))).toEqual(await call(client, 'get_event_catalog', { limit: 500 }));
    const refused = await reader.readResource({ uri: 'ha://keys' }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(McpError);
    expect((refused as McpError).message).toContain('FORBIDDEN');
  });
});
