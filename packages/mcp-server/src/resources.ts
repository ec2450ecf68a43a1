import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import {
  ErrorCode,
  ListResourcesRequestSchema,
  ListResourceTemplatesRequestSchema,
  McpError,
  ReadResourceRequestSchema,
  SubscribeRequestSchema,
  UnsubscribeRequestSchema,
  type ReadResourceResult,
  type Resource,
  type ResourceTemplate,
} from '@modelcontextprotocol/sdk/types.js';
import { toEngineError, type EngineError, type ToolClient, type ToolDescriptor } from '@headlessanalytics/engine';
import type { ReferencedTool } from './referenced-tools.js';
import { errorBody } from './tool-result.js';

/** The HTTP request a resource is read with (its headers, e.g. Host), when the transport is HTTP. */
export interface ResourceRequest {
  headers: Record<string, string | string[] | undefined>;
}

/**
 * A source of MCP resources: listed, templated and read through the session's ToolClient, so the key's scopes and
 * the server's tool selection apply (the client lists and calls only the tools the session can reach).
 */
export interface ResourceProvider {
  list(client: ToolClient): Promise<Resource[]>;
  templates(client?: ToolClient): ResourceTemplate[] | Promise<ResourceTemplate[]>;
  /** The resource at `uri`, or undefined when this provider has none there. */
  read(uri: string, client: ToolClient, request?: ResourceRequest): Promise<ReadResourceResult | undefined>;
}

/** JSON-RPC code for a resource that does not exist (MCP resources spec). */
export const RESOURCE_NOT_FOUND = -32002;

type Variables = Record<string, string>;

/**
 * One resource backed by one read tool: its URI (a template when it has `{variables}`), the tool, and the tool's
 * input from the variables. A new resource is one more entry.
 */
export interface ToolResource {
  uri: string;
  name: string;
  title: string;
  description: string;
  tool: ReferencedTool;
  input?: (variables: Variables) => Record<string, unknown>;
  /** Listed once per project (variable `project` = the project's id), besides the template. */
  perProject?: boolean;
  /** Changes as events arrive: subscribable, notified when the project's stream has new events. */
  liveProject?: (variables: Variables) => string;
}

/** The tool whose projects resources/list names the per-project resources of. */
export const PROJECTS_TOOL: ReferencedTool = 'list_projects';
/** The tool a subscription to a live resource follows. */
export const WATCH_TOOL: ReferencedTool = 'stream_events';
const EVENT_CATALOG_TOOL: ReferencedTool = 'get_event_catalog';

export const TOOL_RESOURCES: readonly ToolResource[] = [
  {
    uri: 'ha://events/catalog',
    name: 'event-catalog',
    title: 'Event catalog',
    description: `Every event name of the workspace with its count, latest timestamp and property keys (first 500 names; ${EVENT_CATALOG_TOOL} pages on).`,
    tool: EVENT_CATALOG_TOOL,
    input: () => ({ limit: 500 }),
  },
  {
    uri: 'ha://projects',
    name: 'projects',
    title: 'Projects',
    description: 'The projects of the account with their tokens, allowed origins and tracker snippets.',
    tool: PROJECTS_TOOL,
  },
  {
    uri: 'ha://projects/{project}',
    name: 'project',
    title: 'Project',
    description: "One project (id or name) with today's usage and its event total.",
    tool: 'get_project',
    input: ({ project }) => ({ id: project }),
  },
  {
    uri: 'ha://projects/{project}/events',
    name: 'project-event-catalog',
    title: 'Project event catalog',
    description: "A project's event names with counts, latest timestamps and property keys. Subscribable: updated when new events arrive.",
    tool: EVENT_CATALOG_TOOL,
    input: ({ project }) => ({ project, limit: 500 }),
    perProject: true,
    liveProject: ({ project }) => project!,
  },
  {
    uri: 'ha://projects/{project}/live',
    name: 'project-live',
    title: 'Live traffic',
    description: "A project's last 60 seconds: active visitors and sessions, top pages and events, the latest events. Subscribable: updated when new events arrive.",
    tool: 'get_live',
    input: ({ project }) => ({ project }),
    perProject: true,
    liveProject: ({ project }) => project!,
  },
  {
    uri: 'ha://tracking-plans',
    name: 'tracking-plans',
    title: 'Tracking plans',
    description: 'The tracking plans of the workspace: events, enforcement and versions (first 200; list_tracking_plans pages on).',
    tool: 'list_tracking_plans',
    input: () => ({ limit: 200 }),
  },
  {
    uri: 'ha://tracking-plans/{id}',
    name: 'tracking-plan',
    title: 'Tracking plan',
    description: "One tracking plan's current version with every event's property schema.",
    tool: 'get_tracking_plan',
    input: ({ id }) => ({ id }),
  },
  {
    uri: 'ha://metric-definitions',
    name: 'metric-definitions',
    title: 'Metric definitions',
    description: 'The reusable metric definitions of the workspace (first 500; list_metric_definitions pages on).',
    tool: 'list_metric_definitions',
    input: () => ({ limit: 500 }),
  },
  {
    uri: 'ha://metric-definitions/{id}',
    name: 'metric-definition',
    title: 'Metric definition',
    description: 'One metric definition at its current version: kind, events, property, filters.',
    tool: 'get_metric_definition',
    input: ({ id }) => ({ id }),
  },
  {
    uri: 'ha://account',
    name: 'account',
    title: 'Account and limits',
    description: 'The account behind the key: tier, limits, project count and settings.',
    tool: 'get_account',
  },
  {
    uri: 'ha://keys',
    name: 'api-keys',
    title: 'API keys',
    description: 'The API keys of the workspace (names, prefixes, scopes; never the secrets). Admin scope.',
    tool: 'list_api_keys',
  },
];

/** Every tool the resources read, list projects with or follow (for the check that each exists in the registry). */
export const RESOURCE_TOOLS: readonly ReferencedTool[] = [...new Set([...TOOL_RESOURCES.map((entry) => entry.tool), PROJECTS_TOOL, WATCH_TOOL])];

/** Most projects whose per-project resources resources/list names (the templates cover the rest). */
const MAX_LISTED_PROJECTS = 50;

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The variables of `uri` if it matches `template` (`{name}` matches one path segment). */
export function matchTemplate(template: string, uri: string): Variables | undefined {
  const names: string[] = [];
  const pattern = template.split(/(\{[a-z_]+\})/i).map((part) => {
    if (!/^\{[a-z_]+\}$/i.test(part)) return escapeRegExp(part);
    names.push(part.slice(1, -1));
    return '([^/?#]+)';
  });
  const match = new RegExp(`^${pattern.join('')}$`).exec(uri);
  if (!match) return undefined;
  try {
    return Object.fromEntries(names.map((name, index) => [name, decodeURIComponent(match[index + 1]!)]));
  } catch {
    return undefined;
  }
}

const fill = (template: string, variables: Variables): string =>
  template.replace(/\{([a-z_]+)\}/gi, (_, name: string) => encodeURIComponent(variables[name] ?? ''));

const isTemplate = (entry: ToolResource): boolean => entry.uri.includes('{');

function describe(entry: ToolResource, uri = entry.uri): Resource {
  return { uri, name: entry.name, title: entry.title, description: entry.description, mimeType: 'application/json' };
}

/** A failed read as the protocol error an MCP client raises: NOT_FOUND is "resource not found", the rest say their code. */
function readError(uri: string, error: EngineError): McpError {
  const code = error.code === 'NOT_FOUND' ? RESOURCE_NOT_FOUND : error.code === 'INVALID_INPUT' ? ErrorCode.InvalidParams : ErrorCode.InvalidRequest;
  const mcpError = new McpError(code, '', { uri, ...errorBody(error) });
  mcpError.message = `${error.code}: ${error.message} (reading ${uri})`;
  return mcpError;
}

async function servedTools(client: ToolClient): Promise<Set<string>> {
  return new Set((await client.listTools().catch(() => [])).map((tool) => tool.name));
}

/** The registry-backed resources: each one a read tool called through the client, listed when the client serves it. */
export function toolResourceProvider(entries: readonly ToolResource[] = TOOL_RESOURCES): ResourceProvider {
  return {
    async list(client) {
      const served = await servedTools(client);
      const available = entries.filter((entry) => served.has(entry.tool));
      const listed = available.filter((entry) => !isTemplate(entry)).map((entry) => describe(entry));
      const perProject = available.filter((entry) => entry.perProject);
      if (perProject.length === 0 || !served.has(PROJECTS_TOOL)) return listed;
      const projects = await client.callTool(PROJECTS_TOOL, {});
      if (!projects.ok) return listed;
      const rows = (projects.output as { projects: Array<{ id: string; name: string }> }).projects.slice(0, MAX_LISTED_PROJECTS);
      for (const project of rows) {
        for (const entry of perProject) {
          listed.push({ ...describe(entry, fill(entry.uri, { project: project.id })), title: `${entry.title}: ${project.name}` });
        }
      }
      return listed;
    },
    async templates(client) {
      const served = client ? await servedTools(client) : undefined;
      return entries
        .filter((entry) => isTemplate(entry) && (!served || served.has(entry.tool)))
        .map((entry) => ({ uriTemplate: entry.uri, name: entry.name, title: entry.title, description: entry.description, mimeType: 'application/json' }));
    },
    async read(uri, client) {
      for (const entry of entries) {
        const variables = matchTemplate(entry.uri, uri);
        if (!variables) continue;
        const result = await client.callTool(entry.tool, entry.input?.(variables) ?? {});
        if (!result.ok) throw readError(uri, result.error);
        return { contents: [{ uri, mimeType: 'application/json', text: JSON.stringify(result.output) }] };
      }
      return undefined;
    },
  };
}

export const OPENAPI_URI = 'ha://openapi';

/**
 * The OpenAPI document as `ha://openapi`, for a server that has one to give: `load` builds or fetches it (the
 * document, or its JSON text), e.g. the HTTP bridge's `buildOpenApiDocument(engine.registry)` with the server URL
 * of the request it is read with (`request`, over HTTP). The MCP server on its own has no REST API to describe.
 */
export function openApiResourceProvider(load: (request?: ResourceRequest) => unknown): ResourceProvider {
  const resource: Resource = {
    uri: OPENAPI_URI,
    name: 'openapi',
    title: 'OpenAPI document',
    description: 'The OpenAPI 3.1 document of the REST API: every tool as an operation, with its JSON Schemas.',
    mimeType: 'application/json',
  };
  return {
    list: async () => [resource],
    templates: () => [],
    async read(uri, _client, request) {
      if (uri !== OPENAPI_URI) return undefined;
      let document: unknown;
      try {
        document = await load(request);
      } catch (error) {
        throw readError(uri, toEngineError(error));
      }
      return { contents: [{ uri, mimeType: 'application/json', text: typeof document === 'string' ? document : JSON.stringify(document) }] };
    },
  };
}

const ULID_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** The smallest event id (a ULID) minted at `time` or later: where a subscription's stream starts. */
export function eventIdFloor(time: number): string {
  let encoded = '';
  for (let rest = time, index = 0; index < 10; index += 1, rest = Math.floor(rest / 32)) encoded = ULID_ALPHABET[rest % 32]! + encoded;
  return `${encoded}0000000000000000`;
}

/** Longest stream wait of a subscription, in seconds (the call is repeated while subscribed). */
const WATCH_WAIT_SECONDS = 25;

/**
 * Watches a project's stream through the client (stream_events from the subscription's start) and calls `updated`
 * for each batch of new events: at once for the first, then at most once a second while they keep coming.
 */
async function watchProject(client: ToolClient, project: string, signal: AbortSignal, updated: () => Promise<void>): Promise<void> {
  let lastEventId = eventIdFloor(Date.now());
  let burst = false;
  while (!signal.aborted) {
    const input = { project, last_event_id: lastEventId, max_events: burst ? 1000 : 1, wait_seconds: burst ? 1 : WATCH_WAIT_SECONDS };
    const result = await client.callTool(WATCH_TOOL, input, { signal });
    if (signal.aborted || !result.ok) return;
    const { events, last_event_id: next } = result.output as { events: unknown[]; last_event_id: string | null };
    burst = events.length > 0;
    if (!burst) continue;
    lastEventId = next ?? lastEventId;
    await updated();
  }
}

function subscribable(uri: string): { project: string } | undefined {
  for (const entry of TOOL_RESOURCES) {
    const variables = entry.liveProject && matchTemplate(entry.uri, uri);
    if (variables) return { project: entry.liveProject!(variables) };
  }
  return undefined;
}

/** What resources/list answered this client last: the URIs and titles it was told, in order. */
const signatureOf = (resources: readonly Resource[]): string => JSON.stringify(resources.map(({ uri, title }) => [uri, title]));

export interface InstalledResources {
  /**
   * After a successful call of `tool`: when it writes in the toolset of the tool that lists the projects (a project
   * created, renamed or deleted changes the per-project resources) and the client has listed resources before,
   * lists them again and sends notifications/resources/list_changed (through `notify`) if the answer differs.
   * Nothing else changes the list within a session: it holds what the session can reach, which enable_toolset does
   * not change (a tool one enable_toolset away is listed and readable already).
   */
  afterCall(tool: ToolDescriptor, catalog: readonly ToolDescriptor[], notify: () => Promise<void>): Promise<void>;
}

export interface InstallResourcesOptions {
  /** The client subscriptions follow a project's stream with; default `client` (its events never reach the session). */
  watchClient?: ToolClient;
}

/**
 * resources/list, resources/templates/list, resources/read, resources/subscribe and unsubscribe on `server`: the
 * registry-backed resources, then each `extra` provider's (e.g. MCP Apps views, the OpenAPI document).
 */
export function installResources(
  server: Server,
  client: ToolClient,
  extra: readonly ResourceProvider[] = [],
  options: InstallResourcesOptions = {},
): InstalledResources {
  const providers = [toolResourceProvider(), ...extra];
  const listAll = async (): Promise<Resource[]> => (await Promise.all(providers.map((provider) => provider.list(client)))).flat();
  let lastListed: string | undefined;
  server.setRequestHandler(ListResourcesRequestSchema, async () => {
    const resources = await listAll();
    lastListed = signatureOf(resources);
    return { resources };
  });
  server.setRequestHandler(ListResourceTemplatesRequestSchema, async () => ({
    resourceTemplates: (await Promise.all(providers.map((provider) => provider.templates(client)))).flat(),
  }));
  server.setRequestHandler(ReadResourceRequestSchema, async (request, extraInfo) => {
    for (const provider of providers) {
      const found = await provider.read(request.params.uri, client, extraInfo.requestInfo);
      if (found) return found;
    }
    throw new McpError(RESOURCE_NOT_FOUND, `Resource not found: ${request.params.uri}. resources/list and resources/templates/list name them.`, { uri: request.params.uri });
  });

  const watches = new Map<string, AbortController>();
  const stop = (uri: string): void => {
    watches.get(uri)?.abort();
    watches.delete(uri);
  };
  server.setRequestHandler(SubscribeRequestSchema, async (request) => {
    const { uri } = request.params;
    const live = subscribable(uri);
    if (!live) {
      throw new McpError(ErrorCode.InvalidParams, `${uri} does not change on its own; subscribable: ha://projects/{project}/live and ha://projects/{project}/events.`);
    }
    // The read checks the project and the key now, so a bad subscription fails here rather than silently.
    const checked = await toolResourceProvider().read(uri, client);
    if (!checked || watches.has(uri)) return {};
    const controller = new AbortController();
    watches.set(uri, controller);
    void watchProject(options.watchClient ?? client, live.project, controller.signal, () => server.sendResourceUpdated({ uri }))
      .catch(() => undefined)
      .finally(() => {
        if (watches.get(uri) === controller) watches.delete(uri);
      });
    return {};
  });
  server.setRequestHandler(UnsubscribeRequestSchema, async (request) => {
    stop(request.params.uri);
    return {};
  });
  // Ends the watches with the session: closing the server aborts their stream calls.
  const close = server.close.bind(server);
  server.close = async () => {
    for (const uri of [...watches.keys()]) stop(uri);
    await close();
  };

  return {
    async afterCall(tool, catalog, notify) {
      if (lastListed === undefined || tool.annotations.readOnlyHint) return;
      const projectsToolset = catalog.find((candidate) => candidate.name === PROJECTS_TOOL)?.toolset;
      if (projectsToolset === undefined || tool.toolset !== projectsToolset) return;
      const now = signatureOf(await listAll());
      if (now === lastListed) return;
      lastListed = now;
      await notify();
    },
  };
}
