import {
  createToolRegistry,
  embeddedToolClient,
  Engine,
  EngineError,
  engineOptionsFromEnv,
  remoteToolClient,
  type CliAlias,
  type Scope,
  type ToolClient,
  type ToolDescriptor,
  type ToolRegistry,
} from '@headlessanalytics/engine';

/** What the command list needs of a tool; the full descriptor is read only for the command that runs. */
export interface ToolSummary {
  name: string;
  title: string;
  description: string;
  toolset: string;
  scope: Scope;
}

/** The tools and `ha` aliases a CLI run offers, and how to reach them. */
export interface ToolCatalog {
  readonly mode: 'embedded' | 'remote';
  readonly tools: readonly ToolSummary[];
  readonly aliases: readonly CliAlias[];
  describe(name: string): ToolDescriptor | undefined;
  /** Opens the client the commands call; embedded mode opens the database here, not before. */
  connect(): Promise<ToolClient>;
}

const summaryOf = ({ name, title, description, toolset, scope }: ToolSummary): ToolSummary => ({ name, title, description, toolset, scope });

async function openEmbeddedClient(env: NodeJS.ProcessEnv): Promise<ToolClient> {
  let options;
  try {
    options = engineOptionsFromEnv(env);
  } catch (error) {
    throw new EngineError('INVALID_INPUT', (error as Error).message);
  }
  let engine: Engine;
  try {
    // One command per process: analytics reads run on this thread rather than start a worker that would answer one query.
    engine = await Engine.open({ analyticsReadWorkers: 0, ...options });
  } catch (error) {
    if (EngineError.isInstance(error)) throw error;
    const url = options.databaseUrl ?? 'the default database';
    throw new EngineError('UNAVAILABLE', `Cannot open ${url}: ${(error as Error).message}. Check HA_DATABASE_URL.`, { cause: error });
  }
  try {
    const apiKey = env.HA_API_KEY || undefined;
    const { workspace } = await engine.bootstrap(apiKey ? { apiKey } : {});
    const principal = apiKey ? await engine.authenticate({ apiKey }) : engine.localPrincipal(workspace.id);
    return embeddedToolClient(engine, principal, 'cli', { closeEngine: true });
  } catch (error) {
    await engine.close();
    throw error;
  }
}

/** The registry of this install; the database is opened only when a command runs. */
export function embeddedCatalog(env: NodeJS.ProcessEnv, registry: ToolRegistry = createToolRegistry()): ToolCatalog {
  return {
    mode: 'embedded',
    tools: registry.list().map(summaryOf),
    aliases: registry.cliAliases(),
    describe: (name) => registry.describe(name),
    connect: () => openEmbeddedClient(env),
  };
}

/** The tools a deployment serves (`GET /api/tools`); the `ha` aliases of this install for those tools. */
export async function remoteCatalog(apiUrl: string, apiKey: string): Promise<ToolCatalog> {
  const client = remoteToolClient({ apiUrl, apiKey, surface: 'cli' });
  const descriptors = await client.listTools();
  const byName = new Map(descriptors.map((descriptor) => [descriptor.name, descriptor]));
  return {
    mode: 'remote',
    tools: descriptors.map(summaryOf),
    aliases: createToolRegistry()
      .cliAliases()
      .filter((alias) => byName.has(alias.tool)),
    describe: (name) => byName.get(name),
    connect: async () => client,
  };
}

/** Remote when HA_API_URL is set (HA_API_KEY required), else embedded on HA_DATABASE_URL. */
export async function catalogFromEnv(env: NodeJS.ProcessEnv): Promise<ToolCatalog> {
  const apiUrl = env.HA_API_URL?.trim();
  if (!apiUrl) return embeddedCatalog(env);
  const apiKey = env.HA_API_KEY?.trim();
  if (!apiKey) throw new EngineError('UNAUTHENTICATED', 'HA_API_URL is set but HA_API_KEY is not. Set HA_API_KEY to an API key of that deployment.');
  return remoteCatalog(apiUrl, apiKey);
}
