import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Engine } from '@headlessanalytics/engine';
import { createBridgeHandler, type BridgeOptions, type MountedHandler } from './handler.js';

export interface StartServerOptions extends BridgeOptions {
  engine: Engine;
  /** 0 picks a free port. */
  port?: number;
  host?: string;
  /** Longest wait for in-flight requests on close before their connections are cut. Default 10 s. */
  drainTimeoutMs?: number;
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

/** Serves the REST bridge (and any mounts, e.g. MCP at `/mcp`) on one `node:http` server. */
export async function startServer(options: StartServerOptions): Promise<RunningServer> {
  const handler = createBridgeHandler(options.engine, options);
  let closing = false;
  let inFlight = 0;
  let onIdle: (() => void) | undefined;
  const server = createServer({ keepAliveTimeout: 5_000 }, (request, response) => {
    inFlight += 1;
    response.once('close', () => {
      inFlight -= 1;
      if (inFlight === 0) onIdle?.();
    });
    if (closing) response.setHeader('connection', 'close');
    handler(request, response);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? DEFAULT_PORT, options.host ?? DEFAULT_HOST, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const urlHost = address.address === '0.0.0.0' || address.address === '::' ? 'localhost' : host;
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
        for (const mount of Object.values(options.mounts ?? {}) as ClosableMount[]) await mount.close?.();
        if (inFlight > 0) {
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
