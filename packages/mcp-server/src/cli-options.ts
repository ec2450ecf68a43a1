import { parseArgs } from 'node:util';
import { isLoopbackHost } from './host-validation.js';
import type { ToolSelection } from './tool-selection.js';

export const USAGE = `Usage: headlessanalytics-mcp [options]

Serves every HeadlessAnalytics tool over MCP: stdio by default, streamable HTTP with --http.

Options:
  --http                    Serve streamable HTTP at /mcp instead of stdio
  --port <n>                HTTP port (default 3333; 0 picks a free one)
  --host <host>             HTTP bind address (default 127.0.0.1)
  --stateless               HTTP without sessions: a new server per request, POST only
  --no-auth                 Requests without a key act as the local operator (loopback --host only)
  --allowed-hosts <list>    Comma-separated Host names accepted (default: loopback names; '*' for any)
  --allowed-origins <list>  Comma-separated Origins accepted (default: origins on an allowed host)
  --toolsets <list>         Toolsets offered from the start, comma-separated: names, 'default', 'all'
                            (default: 'default' = events, metrics, funnels, usage; the discovery tools
                            list_toolsets, get_toolset_tools and enable_toolset reach the rest)
  --tools <list>            Tools offered by name; alone, an allow-list of exactly these tools
  --read-only               Serve only read-only tools (enable_toolset adds only their read-only tools)
  --dynamic-toolsets        Start with the discovery tools only; enable_toolset adds toolsets
  -h, --help                Show this help
  -v, --version             Show the version

Environment:
  HA_DATABASE_URL           Embedded engine database (default file:.headless/headless.db)
  HA_API_KEY                Key of the embedded operator, or the key forwarded in proxy mode
  HA_API_URL                Proxy mode: forward every call to this deployment's REST API; opens no database
  HA_MCP_TOOLSETS, HA_MCP_TOOLS, HA_MCP_READ_ONLY=1, HA_MCP_DYNAMIC_TOOLSETS=1
                            The same as the flags above (a flag wins over its variable)

Over HTTP a client may choose per session (per request when --stateless) with the headers
x-mcp-toolsets, x-mcp-tools, x-mcp-readonly, x-mcp-dynamic-toolsets or the query parameters
toolsets, tools, read_only, dynamic_toolsets; it cannot turn --read-only off or pass --tools.
`;

/** The tool selection of the served MCP server. */
export function toolSelectionOf(options: CliOptions): ToolSelection {
  return {
    ...(options.toolsets ? { toolsets: options.toolsets } : {}),
    ...(options.tools ? { tools: options.tools } : {}),
    ...(options.readOnly ? { readOnly: true } : {}),
    ...(options.dynamicToolsets ? { dynamicToolsets: true } : {}),
  };
}

/** The tool selection the HA_MCP_* variables ask for: what a server without MCP flags (the REST server's /mcp) applies. */
export function toolSelectionFromEnv(env: NodeJS.ProcessEnv): ToolSelection {
  const options = parseCliOptions([], env);
  return toolSelectionOf(options);
}

/** `1`, `true`, `yes` and `on` (any case) are true; empty or absent is false. */
export function isTruthy(value: string | undefined): boolean {
  return value !== undefined && /^(1|true|yes|on)$/i.test(value.trim());
}

export interface CliOptions {
  command: 'serve' | 'help' | 'version';
  http: boolean;
  port: number;
  host: string;
  stateless: boolean;
  noAuth: boolean;
  allowedHosts: string[] | undefined;
  allowedOrigins: string[] | undefined;
  toolsets: string[] | undefined;
  tools: string[] | undefined;
  readOnly: boolean;
  dynamicToolsets: boolean;
}

const list = (value: string | undefined): string[] | undefined =>
  value === undefined ? undefined : value.split(',').map((item) => item.trim()).filter(Boolean);

/** Parses argv (and the HA_MCP_* variables of `env`); throws an Error with a message for the user when the flags are wrong. */
export function parseCliOptions(argv: readonly string[], env: NodeJS.ProcessEnv = {}): CliOptions {
  const { values } = parseArgs({
    args: [...argv],
    strict: true,
    options: {
      http: { type: 'boolean', default: false },
      port: { type: 'string' },
      host: { type: 'string' },
      stateless: { type: 'boolean', default: false },
      'no-auth': { type: 'boolean', default: false },
      'allowed-hosts': { type: 'string' },
      'allowed-origins': { type: 'string' },
      toolsets: { type: 'string' },
      tools: { type: 'string' },
      'read-only': { type: 'boolean' },
      'dynamic-toolsets': { type: 'boolean' },
      help: { type: 'boolean', short: 'h', default: false },
      version: { type: 'boolean', short: 'v', default: false },
    },
  });
  const http = values.http === true;
  if (!http && (values.port !== undefined || values.host !== undefined || values.stateless || values['no-auth'])) {
    throw new Error('--port, --host, --stateless and --no-auth apply to --http only.');
  }
  const port = values.port === undefined ? 3333 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new Error(`--port must be an integer from 0 to 65535, got '${values.port}'.`);
  const host = values.host ?? '127.0.0.1';
  const noAuth = values['no-auth'] === true;
  if (noAuth && !isLoopbackHost(host)) {
    throw new Error(`--no-auth is allowed only on a loopback --host (127.0.0.1, localhost, ::1), not '${host}'.`);
  }
  return {
    command: values.help ? 'help' : values.version ? 'version' : 'serve',
    http,
    port,
    host,
    stateless: values.stateless === true,
    noAuth,
    allowedHosts: list(values['allowed-hosts']),
    allowedOrigins: list(values['allowed-origins']),
    toolsets: list(values.toolsets ?? env.HA_MCP_TOOLSETS),
    tools: list(values.tools ?? env.HA_MCP_TOOLS),
    readOnly: values['read-only'] ?? isTruthy(env.HA_MCP_READ_ONLY),
    dynamicToolsets: values['dynamic-toolsets'] ?? isTruthy(env.HA_MCP_DYNAMIC_TOOLSETS),
  };
}
