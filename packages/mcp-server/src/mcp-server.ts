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
import { EngineError, type ToolCallResult, type ToolClient, type ToolDescriptor, type ToolProgress } from '@headlessanalytics/engine';
import { toCallToolResult, toMcpTool } from './tool-result.js';
import { PACKAGE_VERSION } from './version.js';
import { installPrompts } from './prompts.js';
import { appResourceProvider } from './apps.js';
import { installResources } from './resources.js';

export const SERVER_NAME = 'headlessanalytics';

export interface McpServerOptions {
  /** Server name in the initialize result. Default `headlessanalytics`. */
  name?: string;
  /** Server version in the initialize result. Default: this package's version. */
  version?: string;
  /** Instructions for the model, sent in the initialize result. */
  instructions?: string;
  /** Serve only these toolsets (e.g. `events`, `admin`). Default: all. */
  toolsets?: readonly string[];
  /** Serve only tools with `readOnlyHint: true`. Default false. */
  readOnly?: boolean;
}

const DEFAULT_INSTRUCTIONS =
  'HeadlessAnalytics: every tool returns JSON in structuredContent (and the same JSON as text). A failed call is a ' +
  'result with isError whose text is {"error":{"code","message","details","requestId"}}: for INVALID_INPUT fix the ' +
  'fields named in details.issues[].path and call again; for RATE_LIMITED wait details.retryAfterSeconds. For every ' +
  'tool, `null` for an optional argument means not set (its default applies); only fields whose description says so ' +
  'take `null` as a value (e.g. to clear it).';

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
  error.message = `Unknown tool '${name}'.${nearest.length > 0 ? ` Did you mean ${nearest.join(', ')}?` : ''} tools/list names every tool.`;
  return error;
}

async function listTools(client: ToolClient, options: McpServerOptions): Promise<ToolDescriptor[]> {
  try {
    return (await client.listTools()).filter(
      (tool) => (!options.toolsets || options.toolsets.includes(tool.toolset)) && (!options.readOnly || tool.annotations.readOnlyHint),
    );
  } catch (error) {
    const message = EngineError.isInstance(error) ? `${error.code}: ${error.message}` : 'Cannot list tools.';
    throw new McpError(ErrorCode.InternalError, message);
  }
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
      capabilities: { tools: {}, logging: {}, resources: { subscribe: true, listChanged: true }, prompts: { listChanged: true }, completions: {} },
      instructions: options.instructions ?? DEFAULT_INSTRUCTIONS,
    },
  );
  installResources(server, client, [appResourceProvider]);
  installPrompts(server, client);
  let minimumLevel: LoggingLevel | undefined;
  server.setRequestHandler(SetLevelRequestSchema, async (request) => {
    minimumLevel = request.params.level;
    return {};
  });
  server.setRequestHandler(ListToolsRequestSchema, async () => ({ tools: (await listTools(client, options)).map(toMcpTool) }));
  const filtered = options.toolsets !== undefined || options.readOnly === true;
  server.setRequestHandler(CallToolRequestSchema, async (request, extra) => {
    const { name } = request.params;
    // When the catalog cannot be read (e.g. a remote key is refused), the call itself reports why, as a result;
    // with a toolset/read-only filter the catalog must be read to know whether the tool is served.
    const catalog = filtered ? listTools(client, options) : client.listTools().catch(() => undefined);
    const tools = await catalog;
    if (tools && !tools.some((tool) => tool.name === name)) throw unknownTool(name, tools);
    const started = performance.now();
    const result = await client.callTool(name, request.params.arguments ?? {}, { signal: extra.signal, ...progressOf(request.params._meta, extra) });
    if (!result.ok && result.error.code === 'NOT_FOUND' && result.error.details?.resource === 'tool') throw unknownTool(name, tools);
    const { level, data } = logEntry(name, result, Math.round(performance.now() - started));
    if (!minimumLevel || LEVELS.indexOf(level) >= LEVELS.indexOf(minimumLevel)) {
      const notification: ServerNotification = { method: 'notifications/message', params: { level, logger: SERVER_NAME, data } };
      await extra.sendNotification(notification).catch(() => undefined);
    }
    return toCallToolResult(result);
  });
  return server;
}
