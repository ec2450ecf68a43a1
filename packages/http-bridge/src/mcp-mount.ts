import { embeddedToolClient, type Engine } from '@headlessanalytics/engine';
import { createMcpHttpHandler, isLoopbackHost, openApiResourceProvider, type McpHttpHandler, type ToolSelection } from '@headlessanalytics/mcp';
import { collectCredentials } from './credentials.js';
import { openApiText, requestBaseUrl } from './openapi-text.js';

export const MCP_PATH = '/mcp';

export interface McpMountOptions {
  /** The interface the server listens on: loopback keeps the MCP handler's DNS-rebinding Host check. */
  host: string;
  corsOrigins?: readonly string[] | undefined;
  publicUrl?: string | undefined;
  stateless?: boolean | undefined;
  /** Largest MCP POST body; the REST body limit. */
  bodyLimitBytes?: number | undefined;
  /** The tools a session offers unless its request chooses (HA_MCP_* variables); default: the default toolsets. */
  selection?: ToolSelection | undefined;
}

/**
 * MCP over streamable HTTP at `/mcp`, authenticated like REST: `Authorization: Bearer <key>` → the engine's
 * principal → an embedded ToolClient recorded as surface `mcp`. Its resources include `ha://openapi`: the same
 * document as GET /api/openapi for a request with the same Host (or the configured public URL).
 */
export function createMcpMount(engine: Engine, options: McpMountOptions): McpHttpHandler {
  const loopback = isLoopbackHost(options.host);
  const publicHost = options.publicUrl ? new URL(options.publicUrl).hostname : undefined;
  const origins = options.corsOrigins && !options.corsOrigins.includes('*') ? options.corsOrigins : undefined;
  const openApi = openApiResourceProvider((request) => openApiText(engine.registry, requestBaseUrl(request?.headers ?? {}, options.publicUrl)));
  return createMcpHttpHandler({
    async authenticate(request) {
      const principal = await engine.authenticate(collectCredentials(request, 'bearer', undefined, undefined));
      return embeddedToolClient(engine, principal, 'mcp');
    },
    ...(loopback ? (publicHost ? { allowedHosts: ['localhost', '127.0.0.1', '[::1]', publicHost] } : {}) : { allowedHosts: ['*'] }),
    ...(origins ? { allowedOrigins: origins } : {}),
    ...(options.stateless !== undefined ? { stateless: options.stateless } : {}),
    ...(options.bodyLimitBytes !== undefined ? { maxBodyBytes: options.bodyLimitBytes } : {}),
    server: { resources: [openApi], ...(options.selection ? { selection: options.selection } : {}) },
  });
}
