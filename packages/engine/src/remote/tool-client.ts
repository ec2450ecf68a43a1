import { EngineError, type EngineErrorJSON, ERROR_CODES } from '../errors/engine-error.js';
import type { Principal, Surface, ToolProgress } from '../context.js';
import type { Engine } from '../engine.js';
import type { ToolDescriptor } from '../tool/registry.js';

export type ToolCallResult = { ok: true; output: unknown } | { ok: false; error: EngineError };

/** What MCP, the CLI and the agent adapters call: the embedded engine or a remote deployment, the same way. */
export interface ToolClient {
  readonly mode: 'embedded' | 'remote';
  listTools(): Promise<ToolDescriptor[]>;
  /** `progress` receives the tool's progress reports (embedded engine only; a remote call reports none). */
  callTool(name: string, input: unknown, options?: { signal?: AbortSignal; progress?: (update: ToolProgress) => void }): Promise<ToolCallResult>;
  close(): Promise<void>;
}

/** Calls the embedded engine as the given principal. */
export function embeddedToolClient(engine: Engine, principal: Principal, surface: Surface, options: { closeEngine?: boolean } = {}): ToolClient {
  return {
    mode: 'embedded',
    listTools: async () => engine.registry.descriptors(),
    async callTool(name, input, callOptions = {}) {
      const result = await engine.invoke(name, input, {
        principal,
        surface,
        ...(callOptions.signal ? { signal: callOptions.signal } : {}),
        ...(callOptions.progress ? { progress: callOptions.progress } : {}),
      });
      return result.ok ? { ok: true, output: result.output } : { ok: false, error: result.error };
    },
    close: async () => {
      if (options.closeEngine) await engine.close();
    },
  };
}

function errorFromBody(status: number, body: unknown): EngineError {
  const json = (body as { error?: Partial<EngineErrorJSON> } | null)?.error;
  const code = json?.code && (ERROR_CODES as readonly string[]).includes(json.code) ? json.code : status >= 500 ? 'UNAVAILABLE' : 'INTERNAL';
  const error = new EngineError(code, json?.message ?? `Remote API answered HTTP ${status}`, json?.details ? { details: json.details } : {});
  if (json?.requestId) error.requestId = json.requestId;
  return error;
}

/** Forwards every call to a deployment's REST API (`GET /api/tools`, `POST /api/tools/{name}`) with a Bearer key. */
export function remoteToolClient(options: { apiUrl: string; apiKey: string; surface: Surface; fetch?: typeof fetch }): ToolClient {
  const base = options.apiUrl.replace(/\/+$/, '');
  const doFetch = options.fetch ?? fetch;
  const headers = { authorization: `Bearer ${options.apiKey}`, 'content-type': 'application/json', 'x-ha-surface': options.surface };
  async function request(path: string, init: RequestInit): Promise<{ status: number; body: unknown }> {
    let response: Response;
    try {
      response = await doFetch(`${base}${path}`, { ...init, headers });
    } catch (cause) {
      throw new EngineError('UNAVAILABLE', `Cannot reach ${base}: ${(cause as Error).message}`, { cause });
    }
    const text = await response.text();
    let body: unknown = null;
    try {
      body = text ? JSON.parse(text) : null;
    } catch {
      body = null;
    }
    return { status: response.status, body };
  }
  let catalog: Promise<ToolDescriptor[]> | undefined;
  return {
    mode: 'remote',
    listTools() {
      catalog ??= request('/api/tools', { method: 'GET' }).then(({ status, body }) => {
        if (status !== 200) throw errorFromBody(status, body);
        return (body as { tools: ToolDescriptor[] }).tools;
      });
      catalog.catch(() => (catalog = undefined));
      return catalog;
    },
    async callTool(name, input, callOptions = {}) {
      try {
        const { status, body } = await request(`/api/tools/${encodeURIComponent(name)}`, {
          method: 'POST',
          body: JSON.stringify(input ?? {}),
          ...(callOptions.signal ? { signal: callOptions.signal } : {}),
        });
        if (status >= 200 && status < 300) return { ok: true, output: body };
        return { ok: false, error: errorFromBody(status, body) };
      } catch (error) {
        return { ok: false, error: EngineError.isInstance(error) ? error : new EngineError('UNAVAILABLE', String(error)) };
      }
    },
    close: async () => undefined,
  };
}

/** What the agent adapters accept: a ToolClient (embedded or remote), or an engine and the principal to call it as. */
export type ToolSource = ToolClient | { engine: Engine; principal: Principal };

export function toolClientFrom(source: ToolSource, surface: Surface): ToolClient {
  return 'engine' in source ? embeddedToolClient(source.engine, source.principal, surface) : source;
}
