import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Engine } from '@headlessanalytics/engine';
import { createBridgeHandler, type BridgeOptions, type MountedHandler } from './handler.js';
import type { ToolSelection } from '@headlessanalytics/mcp';
import { createDashboardMount, DASHBOARD_PATH } from './dashboard.js';
import { createMcpMount, MCP_PATH } from './mcp-mount.js';

export interface StartServerOptions extends BridgeOptions {
  engine: Engine;
  /** 0 picks a free port. */
  port?: number;
  host?: string;
  /** Longest wait for in-flight requests on close before their connections are cut. Default 10 s. */
  drainTimeoutMs?: number;
  /** The read-only web dashboard at `/dashboard` (default on): static files; its data comes from the REST routes. */
  dashboard?: boolean;
  /** MCP over streamable HTTP at `/mcp` (default on); `{ stateless: true }` for one server per request. */
  mcp?: boolean | { stateless?: boolean; selection?: ToolSelection };
}

export interface RunningServer {
  url: string;
  port: number;
  server: Server;
  /** Stops accepting, waits for in-flight requests, closes mounted handlers. Does not close the engine. */
  close(): Promise<void>;
}

export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_PORT = 8787;

interface ClosableMount extends MountedHandler {
  close?(): Promise<void> | void;
}

/** Live streams never finish on their own; shutdown ends them instead of waiting for the drain timeout. */
const isEventStream = (response: ServerResponse): boolean =>
  response.req.method === 'GET' && String(response.req.headers.accept ?? '').includes('text/event-stream');

/** Serves the REST bridge (and any mounts, e.g. MCP at `/mcp`) on one `node:http` server. */
export async function startServer(options: StartServerOptions): Promise<RunningServer> {
  const host = options.host ?? DEFAULT_HOST;
  const mounts: Record<string, ClosableMount> = { ...options.mounts };
  if (options.mcp !== false) {
    const stateless = typeof options.mcp === 'object' ? options.mcp.stateless : undefined;
    const selection = typeof options.mcp === 'object' ? options.mcp.selection : undefined;
    mounts[MCP_PATH] ??= createMcpMount(options.engine, {
      host,
      corsOrigins: options.corsOrigins,
      publicUrl: options.publicUrl,
      stateless,
      bodyLimitBytes: options.bodyLimitBytes,
      selection,
    });
  }
  if (options.dashboard !== false) mounts[DASHBOARD_PATH] ??= createDashboardMount();
  const handler = createBridgeHandler(options.engine, { ...options, mounts });
  let closing = false;
  const inFlight = new Set<ServerResponse>();
  let onIdle: (() => void) | undefined;
  const server = createServer({ keepAliveTimeout: 5_000 }, (request, response) => {
    inFlight.add(response);
    response.once('close', () => {
      inFlight.delete(response);
      if (inFlight.size === 0) onIdle?.();
    });
    if (closing) response.setHeader('connection', 'close');
    handler(request, response);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? DEFAULT_PORT, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const bound = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const urlHost = address.address === '0.0.0.0' || address.address === '::' ? 'localhost' : bound;
  let closed: Promise<void> | undefined;
  return {
    url: `http://${urlHost}:${address.port}`,
    port: address.port,
    server,
    close() {
      closed ??= (async () => {
        closing = true;
        const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        for (const mount of Object.values(mounts)) await mount.close?.();
        for (const response of inFlight) if (isEventStream(response)) response.end();
        if (inFlight.size > 0) {
          let timer: NodeJS.Timeout | undefined;
          await new Promise<void>((resolve) => {
            onIdle = resolve;
            timer = setTimeout(resolve, options.drainTimeoutMs ?? 10_000);
          });
          clearTimeout(timer);
        }
        server.closeAllConnections();
        await stopped;
      })();
      return closed;
    },
  };
}
