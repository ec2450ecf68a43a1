import { HeadlessAnalyticsError, type ErrorDetails } from '../errors.js';
import { errorOfAnswer, requestJson } from '../transport.js';
import type { ToolDescriptor, ToolsetDescriptor } from '../catalog-types.js';

/** Which tools to offer: by toolset, scope, name, or read-only hint (each given criterion must match). */
export interface ToolFilter {
  toolsets?: readonly string[];
  scopes?: readonly ToolDescriptor['scope'][];
  names?: readonly string[];
  readOnly?: boolean;
}

/** Whether a tool (a registry definition or a descriptor from a catalog) passes a filter. */
export function matchesToolFilter(tool: Pick<ToolDescriptor, 'name' | 'toolset' | 'scope' | 'annotations'>, filter: ToolFilter): boolean {
  return (
    (!filter.toolsets || filter.toolsets.includes(tool.toolset)) &&
    (!filter.scopes || filter.scopes.includes(tool.scope)) &&
    (!filter.names || filter.names.includes(tool.name)) &&
    (filter.readOnly === undefined || tool.annotations.readOnlyHint === filter.readOnly)
  );
}

/** The error JSON every surface answers with. */
export interface ToolErrorJSON {
  code: string;
  message: string;
  details?: ErrorDetails;
  requestId?: string;
}

/** A failed call's error: the engine's own error when embedded, a `HeadlessAnalyticsError` when remote. */
export interface ToolError extends Error {
  readonly code: string;
  toJSON(): ToolErrorJSON;
}

export type ToolCallResult<E extends ToolError = ToolError> = { ok: true; output: unknown } | { ok: false; error: E };

/** Lists and calls the registry's tools, the same way on the embedded engine and on a remote deployment. */
export interface ToolClient<E extends ToolError = ToolError> {
  readonly mode: 'embedded' | 'remote';
  listTools(): Promise<ToolDescriptor[]>;
  /** The toolsets, each with the names of its tools that `listTools` lists. */
  listToolsets(): Promise<ToolsetDescriptor[]>;
  callTool(name: string, input: unknown, options?: { signal?: AbortSignal }): Promise<ToolCallResult<E>>;
  close(): Promise<void>;
}

/** An embedded engine (`@headlessanalytics/engine`), as far as the adapters use it: no import of the engine needed. */
export interface EngineLike {
  toolClient(principal: never, surface: string): ToolClient;
  readonly registry: { get(name: string): { readonly input: unknown } | undefined };
}

/** What the agent adapters accept: a `ToolClient` (embedded or remote), or an engine and the principal to call it as. */
export type ToolSource = ToolClient | { engine: EngineLike; principal: unknown };

export function toolClientFrom(source: ToolSource, surface: string): ToolClient {
  return 'engine' in source ? source.engine.toolClient(source.principal as never, surface) : source;
}

export interface RemoteToolClientOptions {
  /** The deployment's base URL, e.g. `https://api.example.com`. */
  apiUrl: string;
  apiKey: string;
  /** Reported to the deployment's usage metering (`x-ha-surface`): `langchain`, `llamaindex`, `openai`, `mcp`, `cli`, `sdk`. */
  surface: string;
  fetch?: typeof fetch;
}

/** Forwards every call to a deployment's REST API (`GET /api/tools`, `POST /api/tools/{name}`) with a Bearer key. */
export function remoteToolClient(options: RemoteToolClientOptions): ToolClient<HeadlessAnalyticsError> {
  const transport = { apiUrl: options.apiUrl.replace(/\/+$/, ''), writeKey: options.apiKey, fetch: options.fetch ?? fetch, surface: options.surface };
  let catalog: Promise<{ tools: ToolDescriptor[]; toolsets: ToolsetDescriptor[] }> | undefined;
  function read(): Promise<{ tools: ToolDescriptor[]; toolsets: ToolsetDescriptor[] }> {
    catalog ??= requestJson(transport, 'GET', '/api/tools').then((answer) => {
      if (answer.status !== 200) throw errorOfAnswer(answer);
      const body = answer.body as { tools: ToolDescriptor[]; toolsets?: ToolsetDescriptor[] };
      // A deployment older than toolset descriptions: one toolset per name its tools carry.
      const toolsets = body.toolsets ?? [...new Set(body.tools.map((tool) => tool.toolset))].map((name) => ({
        name,
        description: '',
        default: true,
        tools: body.tools.filter((tool) => tool.toolset === name).map((tool) => tool.name),
      }));
      return { tools: body.tools, toolsets };
    });
    catalog.catch(() => (catalog = undefined));
    return catalog;
  }
  return {
    mode: 'remote',
    listTools: () => read().then((answer) => answer.tools),
    listToolsets: () => read().then((answer) => answer.toolsets),
    async callTool(name, input, callOptions = {}) {
      try {
        const answer = await requestJson(transport, 'POST', `/api/tools/${encodeURIComponent(name)}`, JSON.stringify(input ?? {}), callOptions.signal ? { signal: callOptions.signal } : {});
        if (answer.status >= 200 && answer.status < 300) return { ok: true, output: answer.body };
        return { ok: false, error: errorOfAnswer(answer) };
      } catch (error) {
        // An aborted call.
        return { ok: false, error: new HeadlessAnalyticsError('UNAVAILABLE', String(error), { cause: error }) };
      }
    },
    close: async () => undefined,
  };
}
