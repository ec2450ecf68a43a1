import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import {
  CallToolRequestSchema,
  ErrorCode,
  ListToolsRequestSchema,
  LoggingLevelSchema,
  McpError,
  SetLevelRequestSchema,
  type LoggingLevel,
  type ServerNotification,
} from '@modelcontextprotocol/sdk/types.js';
import type { ToolCallResult, ToolClient, ToolDescriptor, ToolProgress } from '@headlessanalytics/engine';
import { callDiscoveryTool, DISCOVERY_TOOLS, isDiscoveryTool, type DiscoveryContext } from './discovery.js';
import { SessionTools, type ToolSelection, type Withheld } from './tool-selection.js';
import { toCallToolResult, toMcpTool } from './tool-result.js';
import { PACKAGE_VERSION } from './version.js';
import { installPrompts } from './prompts.js';
import { appResourceProvider } from './apps.js';
import { installResources, type ResourceProvider } from './resources.js';
import { catalogReader, sessionClient, type Catalog } from './session-client.js';

export const SERVER_NAME = 'headlessanalytics';

export interface McpServerOptions {
  /** Server name in the initialize result. Default `headlessanalytics`. */
  name?: string;
  /** Server version in the initialize result. Default: this package's version. */
  version?: string;
  /** Instructions for the model, sent in the initialize result. */
  instructions?: string;
  /**
   * Which tools the session offers: toolsets (`default`, `all` or names), tools by name, read-only, dynamic
   * toolsets. Default: the default toolsets plus the discovery tools that enable the rest.
   */
  selection?: ToolSelection;
  /** False for a server that cannot keep session state (stateless HTTP): enable_toolset explains instead. Default true. */
  canEnableToolsets?: boolean;
  /**
   * More resources, after the registry-backed ones and the MCP Apps views: e.g. `openApiResourceProvider(…)` for
   * `ha://openapi` where the server has the REST API's document (the HTTP bridge's /mcp, proxy mode).
   */
  resources?: readonly ResourceProvider[];
}

const DEFAULT_INSTRUCTIONS =
  'HeadlessAnalytics has two API families. (1) The workspace event layer: canonical events with actor, object, trace ' +
  'and outcome (ingest_event, query_events, get_event_catalog, query_metrics, query_funnel, get_usage). Start with ' +
  'get_event_catalog to see which events exist, then query. (2) The Agent Analytics API per project (toolsets ' +
  'analytics, projects, experiments, stream): web/app tracking with track_event, get_stats, run_query, ' +
  'analyze_funnel, get_retention; start with list_projects. Only some toolsets are listed at first: list_toolsets ' +
  'names the others, enable_toolset adds one. Answers are bounded: a long list comes with nextCursor (pass it as ' +
  '`cursor` for the next page) and `truncated: true` when it was cut. Every tool returns JSON in structuredContent ' +
  '(and the same JSON as text). A failed call is a result with isError whose text is ' +
  '{"error":{"code","message","details","requestId"}}: for INVALID_INPUT fix the fields named in ' +
  'details.issues[].path and call again; for RATE_LIMITED wait details.retryAfterSeconds; NOT_FOUND and FORBIDDEN ' +
  'name the tool that lists what exists or the scope needed. `null` for an optional argument means not set (its ' +
  'default applies); only fields whose description says so take `null` as a value (e.g. to clear it).';

const LEVELS = LoggingLevelSchema.options;

/** Tool names that start like `name` or share the most words with it (`query_event` → `query_events` …), best first. */
function nearestNames(name: string, tools: readonly ToolDescriptor[] | undefined): string[] {
  const words = new Set(name.toLowerCase().split(/[^a-z0-9]+/).filter(Boolean));
  return (tools ?? [])
    .map((tool) => ({
      name: tool.name,
      shared: tool.name.split('_').filter((word) => words.has(word)).length + (tool.name.startsWith(name) || name.startsWith(tool.name) ? 2 : 0),
    }))
    .filter((candidate) => candidate.shared > 0)
    .sort((a, b) => b.shared - a.shared || a.name.localeCompare(b.name))
    .slice(0, 3)
    .map((candidate) => candidate.name);
}

/**
 * A JSON-RPC error for a tool this server does not serve. McpError puts "MCP error <code>: " before its message and
 * a client's McpError does so again on receipt, so the message sent is set without that prefix.
 */
function unknownTool(name: string, tools: readonly ToolDescriptor[] | undefined): McpError {
  const nearest = nearestNames(name, tools);
  const error = new McpError(ErrorCode.InvalidParams, '');
  error.message = `Unknown tool '${name}'.${nearest.length > 0 ? ` Did you mean ${nearest.join(', ')}?` : ''} tools/list names this session's tools; list_toolsets the toolsets of the others.`;
  return error;
}

/** What this session lists: the discovery tools (when anything is left to enable), then the offered registry tools. */
function listedTools(session: SessionTools, catalog: Catalog): ToolDescriptor[] {
  const offered = session.offered(catalog.tools, catalog.toolsets);
  return session.offersDiscovery(catalog.toolsets) ? [...DISCOVERY_TOOLS, ...offered] : offered;
}

/** A protocol error for a tool the catalog has but this server never offers (read-only, `--tools` allow-list). */
function withheldTool(name: string, withheld: Exclude<Withheld, { reason: 'toolset' }>): McpError {
  const error = new McpError(ErrorCode.InvalidParams, '');
  error.message =
    withheld.reason === 'read-only'
      ? `Tool '${name}' writes, and this server is read-only (--read-only); it serves only read-only tools.`
      : `Tool '${name}' is not among the tools this server was started with (--tools); tools/list names them.`;
  return error;
}

function logEntry(name: string, result: ToolCallResult, durationMs: number): { level: LoggingLevel; data: Record<string, unknown> } {
  if (result.ok) return { level: 'debug', data: { tool: name, ok: true, durationMs } };
  const { code, requestId } = result.error;
  return { level: code === 'INTERNAL' ? 'error' : 'warning', data: { tool: name, ok: false, code, requestId, durationMs } };
}

/**
 * When the caller asked for progress (`_meta.progressToken`), a tool's progress reports become
 * `notifications/progress` (e.g. each event of stream_events, as JSON in `message`).
 */
function progressOf(
  meta: { progressToken?: string | number | undefined } | undefined,
  extra: { sendNotification: (notification: ServerNotification) => Promise<void> },
): { progress?: (update: ToolProgress) => void } {
  const progressToken = meta?.progressToken;
  if (progressToken === undefined) return {};
  return {
    progress: (update) => {
      const params = { progressToken, progress: update.progress, ...(update.total === undefined ? {} : { total: update.total }), ...(update.message === undefined ? {} : { message: update.message }) };
      void extra.sendNotification({ method: 'notifications/progress', params }).catch(() => undefined);
    },
  };
}

/**
 * An MCP server listing every tool of `client` with the registry's own schemas and annotations, and calling
 * them through `client`. Engine errors become `isError` results; only an unknown tool name is a protocol error.
 */
export function createMcpServer(client: ToolClient, options: McpServerOptions = {}): Server {
  const server = new Server(
    { name: options.name ?? SERVER_NAME, version: options.version ?? PACKAGE_VERSION },
    {
      // The prompts are a fixed list; the resource list changes with the projects (InstalledResources.afterCall).
      capabilities: { tools: { listChanged: true }, logging: {}, resources: { subscribe: true, listChanged: true }, prompts: {}, completions: {} },
      instructions: options.instructions ?? DEFAULT_INSTRUCTIONS,
    },
  );
  const session = new SessionTools(options.selection);
  const catalog = catalogReader(client);
  const reachable = sessionClient(client, session, catalog);
  const resources = installResources(server, reachable, [appResourceProvider, ...(options.resources ?? [])], { watchClient: client });
  installPrompts(server, reachable, (name) => reachable.reach(name));
  let minimumLevel: LoggingLevel | undefined;
  server.setRequestHandler(SetLevelRequestSchema, async (request) => {
    minimumLevel = request.params.level;
    return {};
  });
  server.setRequestHandler(ListToolsRequestSchema, async () => ({ tools: listedTools(session, await catalog()).map(toMcpTool) }));
  const discovery: DiscoveryContext = {
    session,
    catalog,
    canEnable: options.canEnableToolsets !== false,
    listChanged: () => server.sendToolListChanged().catch(() => undefined),
  };
  server.setRequestHandler(CallToolRequestSchema, async (request, extra) => {
    const { name } = request.params;
    const started = performance.now();
    let result: ToolCallResult;
    if (isDiscoveryTool(name)) {
      const current = await catalog();
      if (!session.offersDiscovery(current.toolsets)) throw unknownTool(name, listedTools(session, current));
      result = await callDiscoveryTool(name, request.params.arguments, discovery);
    } else {
      // When the catalog cannot be read (e.g. a remote key is refused), the call itself reports why, as a result. A
      // tool missing from the caller's catalog is called anyway: the engine answers FORBIDDEN naming the scope it
      // needs, or NOT_FOUND for a name that is no tool at all (a protocol error below, with the nearest names).
      const current = await catalog().catch(() => undefined);
      const tool = current?.tools.find((candidate) => candidate.name === name);
      const withheld = current && tool ? session.withheld(tool, current.toolsets) : undefined;
      if (withheld?.reason === 'toolset') {
        // A model that knows a tool's name reaches it without enable_toolset: its toolset is enabled by the call.
        session.enable([withheld.toolset]);
        await discovery.listChanged();
      } else if (withheld) throw withheldTool(name, withheld);
      result = await client.callTool(name, request.params.arguments ?? {}, { signal: extra.signal, ...progressOf(request.params._meta, extra) });
      if (!result.ok && result.error.code === 'NOT_FOUND' && result.error.details?.resource === 'tool') throw unknownTool(name, current && [...DISCOVERY_TOOLS, ...current.tools]);
      if (result.ok && current && tool) {
        // A list that cannot be compared now is compared after the next project write; the call's answer stands.
        const notify = (): Promise<void> => extra.sendNotification({ method: 'notifications/resources/list_changed' });
        await resources.afterCall(tool, current.tools, notify).catch(() => undefined);
      }
    }
    const { level, data } = logEntry(name, result, Math.round(performance.now() - started));
    if (!minimumLevel || LEVELS.indexOf(level) >= LEVELS.indexOf(minimumLevel)) {
      const notification: ServerNotification = { method: 'notifications/message', params: { level, logger: SERVER_NAME, data } };
      await extra.sendNotification(notification).catch(() => undefined);
    }
    return toCallToolResult(result);
  });
  return server;
}
