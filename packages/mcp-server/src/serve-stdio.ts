import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { embeddedToolClient, remoteToolClient, stderrLogger, type ToolClient } from '@headlessanalytics/engine';
import { toolSelectionOf, type CliOptions } from './cli-options.js';
import { createMcpServer } from './mcp-server.js';
import { drainableClient, onShutdown, openEmbeddedRuntime, remoteOpenApiProvider } from './runtime.js';

const DRAIN_TIMEOUT_MS = 10_000;

async function stdioToolClient(options: CliOptions, env: NodeJS.ProcessEnv): Promise<ToolClient> {
  if (env.HA_API_URL) {
    if (!env.HA_API_KEY) throw new Error('HA_API_URL needs HA_API_KEY: the key sent to the remote API.');
    return remoteToolClient({ apiUrl: env.HA_API_URL, apiKey: env.HA_API_KEY, surface: 'mcp' });
  }
  const { engine, workspaceId } = await openEmbeddedRuntime(env, toolSelectionOf(options));
  try {
    const principal = env.HA_API_KEY ? await engine.authenticate({ apiKey: env.HA_API_KEY }) : engine.localPrincipal(workspaceId);
    return embeddedToolClient(engine, principal, 'mcp', { closeEngine: true });
  } catch (error) {
    await engine.close();
    throw error;
  }
}

/**
 * MCP over stdin/stdout: nothing but protocol on stdout, logs on stderr. When stdin ends (or on SIGTERM/SIGINT)
 * the calls still running are answered (up to 10 s), then the engine is closed.
 */
export async function serveStdio(options: CliOptions, env: NodeJS.ProcessEnv): Promise<void> {
  const { client, drained } = drainableClient(await stdioToolClient(options, env));
  const resources = env.HA_API_URL ? [remoteOpenApiProvider(env.HA_API_URL)] : [];
  const server = createMcpServer(client, { selection: toolSelectionOf(options), resources });
  const transport = new StdioServerTransport();
  const shutdown = onShutdown(async () => {
    await drained(DRAIN_TIMEOUT_MS);
    await server.close();
    await client.close();
  });
  process.stdin.once('end', shutdown);
  process.stdin.once('close', shutdown);
  await server.connect(transport);
  stderrLogger.info('headlessanalytics MCP server ready', { transport: 'stdio', mode: client.mode });
}
