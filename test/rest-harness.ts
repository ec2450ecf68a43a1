import { Engine, type EngineOptions } from '@headlessanalytics/engine';
import { startServer, type RunningServer, type StartServerOptions } from '@headlessanalytics/http-bridge';

/** A real engine on libSQL `:memory:` behind the real bridge on a free port, and a small fetch helper. */
export interface Bridge {
  engine: Engine;
  server: RunningServer;
  url: string;
  adminKey: string;
  workspaceId: string;
  request(method: string, path: string, options?: RequestOptions): Promise<Reply>;
  close(): Promise<void>;
}

export interface RequestOptions {
  /** A JSON value (stringified) or a raw string body. */
  body?: unknown;
  raw?: string;
  /** API key for `Authorization: Bearer`; `null` sends none. Defaults to the admin key. */
  key?: string | null;
  headers?: Record<string, string>;
}

export interface Reply {
  status: number;
  headers: Headers;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

/** 2026-04-15T12:00:00Z: the engine's fixed "now" in these tests. */
export const NOW = Date.UTC(2026, 3, 15, 12, 0, 0);

export async function startBridge(
  engineOptions: EngineOptions = {},
  serverOptions: Omit<StartServerOptions, 'engine'> = {},
): Promise<Bridge> {
  const engine = await Engine.open({ databaseUrl: ':memory:', clock: () => NOW, ...engineOptions });
  const boot = await engine.bootstrap();
  const server = await startServer({ engine, port: 0, host: '127.0.0.1', ...serverOptions });
  const adminKey = boot.apiKey!;
  return {
    engine,
    server,
    url: server.url,
    adminKey,
    workspaceId: boot.workspace.id,
    async request(method, path, options = {}) {
      const headers: Record<string, string> = { ...options.headers };
      const key = options.key === undefined ? adminKey : options.key;
      if (key !== null) headers.authorization = `Bearer ${key}`;
      let body: string | undefined = options.raw;
      if (options.body !== undefined) {
        body = JSON.stringify(options.body);
        headers['content-type'] = 'application/json';
      }
      const response = await fetch(`${server.url}${path}`, { method, headers, ...(body !== undefined ? { body } : {}) });
      const text = await response.text();
      return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : null };
    },
    async close() {
      await server.close();
      await engine.close();
    },
  };
}
