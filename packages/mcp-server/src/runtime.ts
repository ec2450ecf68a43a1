import { Engine, EngineError, engineOptionsFromEnv, stderrLogger, type ToolClient } from '@headlessanalytics/engine';
import { isDiscoveryTool } from './discovery.js';
import { openApiResourceProvider, type ResourceProvider } from './resources.js';
import { ALL_TOOLSETS, DEFAULT_TOOLSETS, unknownToolsets, type ToolSelection } from './tool-selection.js';

/** Wraps a client so shutdown can wait (bounded) for the catalog reads and tool calls still running. */
export function drainableClient(client: ToolClient): { client: ToolClient; drained: (timeoutMs: number) => Promise<void> } {
  const running = new Set<Promise<unknown>>();
  function track<T>(work: Promise<T>): Promise<T> {
    running.add(work);
    void work.finally(() => running.delete(work)).catch(() => undefined);
    return work;
  }
  const wrapped: ToolClient = {
    mode: client.mode,
    listTools: () => track(client.listTools()),
    listToolsets: () => track(client.listToolsets()),
    callTool: (name, input, options) => track(client.callTool(name, input, options)),
    close: () => client.close(),
  };
  async function drained(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)));
    // A finished catalog read is followed by its call, and a finished call by its answer: settle until quiet.
    do {
      await Promise.race([Promise.allSettled([...running]), timeout]);
      await new Promise((resolve) => setImmediate(resolve));
    } while (running.size > 0 && Date.now() < deadline);
    clearTimeout(timer);
  }
  return { client: wrapped, drained };
}

/** Throws when `--toolsets` or `--tools` names a toolset or tool the engine does not have. */
export function checkSelection(engine: Engine, selection: ToolSelection): void {
  const toolsets = engine.registry.toolsets();
  const unknown = unknownToolsets(selection, toolsets);
  if (unknown.length > 0) {
    throw new Error(`--toolsets: unknown toolset '${unknown.join("', '")}'; known: ${[ALL_TOOLSETS, DEFAULT_TOOLSETS, ...toolsets.map((toolset) => toolset.name)].join(', ')}.`);
  }
  const missing = (selection.tools ?? []).filter((name) => !engine.registry.get(name) && !isDiscoveryTool(name));
  if (missing.length > 0) throw new Error(`--tools: unknown tool '${missing.join("', '")}'; GET /api/tools or \`ha tools\` lists them.`);
}

export interface EmbeddedRuntime {
  engine: Engine;
  /** The first workspace (created on a fresh database). */
  workspaceId: string;
}

/** Opens the embedded engine from HA_* variables and bootstraps the first workspace on a fresh database. */
export async function openEmbeddedRuntime(env: NodeJS.ProcessEnv, selection: ToolSelection = {}): Promise<EmbeddedRuntime> {
  const engine = await Engine.open(engineOptionsFromEnv(env));
  try {
    checkSelection(engine, selection);
    const { workspace, apiKey, created } = await engine.bootstrap(env.HA_API_KEY ? { apiKey: env.HA_API_KEY } : {});
    if (created && apiKey && !env.HA_API_KEY) {
      stderrLogger.info('created the first workspace and its admin API key; it is shown once, store it now', {
        workspaceId: workspace.id,
        apiKey,
      });
    }
    return { engine, workspaceId: workspace.id };
  } catch (error) {
    await engine.close();
    throw error;
  }
}

/** Runs `cleanup` once on SIGTERM/SIGINT or when the returned function is called, then exits. */
export function onShutdown(cleanup: () => Promise<void>): () => void {
  let closing = false;
  const shutdown = (): void => {
    if (closing) return;
    closing = true;
    void cleanup()
      .catch((error: unknown) => stderrLogger.error('shutdown failed', { cause: String(error) }))
      .finally(() => process.exit(process.exitCode ?? 0));
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
  return shutdown;
}

/**
 * `ha://openapi` in proxy mode: the deployment's own document (its public `GET /api/openapi`, the REST API every
 * call is forwarded to), fetched on the first read and kept. The embedded engine has none to offer: the document
 * is built by the HTTP bridge (@headlessanalytics/http-bridge), which depends on this package, and an embedded MCP
 * server serves no REST API for it to describe.
 */
export function remoteOpenApiProvider(apiUrl: string, fetchImpl: typeof fetch = fetch): ResourceProvider {
  const url = `${apiUrl.replace(/\/+$/, '')}/api/openapi`;
  let text: Promise<string> | undefined;
  return openApiResourceProvider(() => {
    text ??= fetchImpl(url).then(
      async (response) => {
        if (!response.ok) throw new EngineError('UNAVAILABLE', `GET ${url} answered ${response.status}; the deployment's OpenAPI document is not available.`);
        return response.text();
      },
      (cause: unknown) => {
        throw new EngineError('UNAVAILABLE', `Cannot reach ${url}: ${(cause as Error).message}`, { cause });
      },
    );
    text.catch(() => (text = undefined));
    return text;
  });
}
