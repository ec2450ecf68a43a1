import { createToolRegistry, invoke, type ToolClient } from '@headlessanalytics/engine';

/**
 * Runs the tools an alias marks `offline` (pure checks such as verify_proof_trail) in this process, through the
 * engine's one pipeline, with no server and no database: the services such a tool's handler never reads are absent,
 * and only what the pipeline itself records (usage, rate limit) is kept as no-ops.
 */
export function offlineToolClient(): Pick<ToolClient, 'callTool'> {
  const registry = createToolRegistry();
  const services = { usage: { record: () => undefined }, limiter: { take: () => undefined } } as unknown as Parameters<typeof invoke>[0]['services'];
  const logger = { info: () => undefined, error: () => undefined };
  return {
    async callTool(name, input, options = {}) {
      const result = await invoke({ registry, services, clock: Date.now, logger }, name, input, {
        principal: { workspaceId: 'offline', keyId: null, scopes: ['read'], kind: 'local' },
        surface: 'cli',
        ...(options.wholeAnswer ? { wholeAnswer: true } : {}),
      });
      return result.ok ? { ok: true, output: result.output } : { ok: false, error: result.error };
    },
  };
}
