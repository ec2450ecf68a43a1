import { HeadlessAnalyticsError, remoteToolClient as sdkRemoteToolClient } from '@headlessanalytics/sdk/tools';
import { EngineError, ERROR_CODES } from '../errors/engine-error.js';
import type { Principal, Surface, ToolProgress } from '../context.js';
import type { Engine } from '../engine.js';
import type { ToolDescriptor, ToolsetDescriptor } from '../tool/registry.js';

export type ToolCallResult = { ok: true; output: unknown } | { ok: false; error: EngineError };

/** What MCP and the CLI call (the agent adapters take the SDK's ToolClient, which this satisfies): the embedded engine or a remote deployment, the same way. */
export interface ToolClient {
  readonly mode: 'embedded' | 'remote';
  /** The tools this client's caller may call (a key without a tool's scope does not see it). */
  listTools(): Promise<ToolDescriptor[]>;
  /** The toolsets, each naming its tools that `listTools` lists. */
  listToolsets(): Promise<ToolsetDescriptor[]>;
  /**
   * `progress` receives the tool's progress reports (embedded engine only; a remote call reports none). `wholeAnswer`:
   * the caller writes the answer to a file, so it is not bound to a model's answer budget (a remote REST answer never is).
   */
  callTool(
    name: string,
    input: unknown,
    options?: { signal?: AbortSignal; progress?: (update: ToolProgress) => void; wholeAnswer?: boolean },
  ): Promise<ToolCallResult>;
  close(): Promise<void>;
}

/** Calls the embedded engine as the given principal. */
export function embeddedToolClient(engine: Engine, principal: Principal, surface: Surface, options: { closeEngine?: boolean } = {}): ToolClient {
  return {
    mode: 'embedded',
    listTools: async () => engine.registry.descriptorsFor(principal),
    listToolsets: async () => engine.registry.toolsets(engine.registry.descriptorsFor(principal)),
    async callTool(name, input, callOptions = {}) {
      const result = await engine.invoke(name, input, {
        principal,
        surface,
        ...(callOptions.signal ? { signal: callOptions.signal } : {}),
        ...(callOptions.progress ? { progress: callOptions.progress } : {}),
        ...(callOptions.wholeAnswer ? { wholeAnswer: true } : {}),
      });
      return result.ok ? { ok: true, output: result.output } : { ok: false, error: result.error };
    },
    close: async () => {
      if (options.closeEngine) await engine.close();
    },
  };
}

/** Forwards every call to a deployment's REST API through the SDK's client, with its errors as engine errors. */
export function remoteToolClient(options: { apiUrl: string; apiKey: string; surface: Surface; fetch?: typeof fetch }): ToolClient {
  const remote = sdkRemoteToolClient(options);
  return {
    mode: remote.mode,
    listTools: () => remote.listTools().catch((error: unknown) => Promise.reject(engineErrorOf(error))),
    listToolsets: () => remote.listToolsets().catch((error: unknown) => Promise.reject(engineErrorOf(error))),
    async callTool(name, input, callOptions = {}) {
      const result = await remote.callTool(name, input, callOptions.signal ? { signal: callOptions.signal } : {});
      return result.ok ? result : { ok: false, error: engineErrorOf(result.error) };
    },
    close: () => remote.close(),
  };
}

/** A remote error as the engine's own: the same code, message, details and request id. */
function engineErrorOf(error: unknown): EngineError {
  if (!HeadlessAnalyticsError.isInstance(error)) return new EngineError('UNAVAILABLE', String(error), { cause: error });
  const code = (ERROR_CODES as readonly string[]).includes(error.code) ? (error.code as EngineError['code']) : 'INTERNAL';
  const converted = new EngineError(code, error.message, error.details ? { details: error.details } : {});
  if (error.requestId) converted.requestId = error.requestId;
  return converted;
}
