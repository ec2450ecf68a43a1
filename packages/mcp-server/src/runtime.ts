import { Engine, engineOptionsFromEnv, stderrLogger } from '@headlessanalytics/engine';

export interface EmbeddedRuntime {
  engine: Engine;
  /** The first workspace (created on a fresh database). */
  workspaceId: string;
}

/** Opens the embedded engine from HA_* variables and bootstraps the first workspace on a fresh database. */
export async function openEmbeddedRuntime(env: NodeJS.ProcessEnv): Promise<EmbeddedRuntime> {
  const engine = await Engine.open(engineOptionsFromEnv(env));
  try {
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
