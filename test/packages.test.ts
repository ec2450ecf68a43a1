import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = fileURLToPath(new URL('..', import.meta.url));
/**
 * The packages that run on their own: the engine, the three programs built on it, the SDK (a client with no
 * dependencies), the OpenAI tools (on the engine's registry), and the LangChain and LlamaIndex adapters (the SDK and
 * their framework; the engine only for embedded use).
 */
const PACKAGES = ['engine', 'mcp-server', 'http-bridge', 'cli', 'sdk', 'tools-openai', 'adapters-langchain', 'adapters-llamaindex'];
/** The frameworks the adapters' projects install from the registry, at the versions this repository is tested with. */
const FRAMEWORKS = ['@langchain/core', '@llamaindex/core', '@llamaindex/env', '@llamaindex/workflow'].map(
  (name) => `${name}@${(JSON.parse(readFileSync(join(root, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version}`,
);

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** `npm pack` of each package, installed into an empty project the way a user installs them. */
describe('packed packages install and run on their own', () => {
  let dir: string;
  let app: string;
  /** A project with only the SDK's tarball installed. */
  let client: string;
  /** A project with the adapters' tarballs, the SDK's and their frameworks: no engine. */
  let agents: string;
  const packed = new Map<string, string[]>();
  const env = (database: string) => {
    const clean = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('HA_')));
    return { ...clean, HA_DATABASE_URL: `file:${join(dir, database)}` } as Record<string, string>;
  };
  /** Writes `lines` as a module into the project `cwd`, runs it with node and parses the JSON it prints. */
  const runModule = async (cwd: string, file: string, lines: string[]): Promise<unknown> => {
    writeFileSync(join(cwd, file), lines.join('\n'));
    const { stdout } = await run(process.execPath, [file], { cwd, env: env('unused.db'), timeout: 30_000 });
    return JSON.parse(stdout);
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ha-packages-'));
    const tarballs = join(dir, 'tarballs');
    app = join(dir, 'app');
    client = join(dir, 'client');
    agents = join(dir, 'agents');
    mkdirSync(tarballs);
    mkdirSync(app);
    mkdirSync(client);
    mkdirSync(agents);
    for (const name of PACKAGES) {
      const { stdout } = await run('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', tarballs], { cwd: join(root, 'packages', name) });
      const [info] = JSON.parse(stdout) as Array<{ name: string; files: Array<{ path: string }> }>;
      packed.set(info!.name, info!.files.map((file) => file.path));
    }
    const files = readdirSync(tarballs).map((file) => join(tarballs, file));
    const sdk = files.filter((file) => file.includes('-sdk-'));
    const adapters = files.filter((file) => file.includes('-langchain-') || file.includes('-llamaindex-'));
    const install = (cwd: string, specs: string[]) => {
      writeFileSync(join(cwd, 'package.json'), JSON.stringify({ name: basename(cwd), private: true, type: 'module' }));
      return run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', ...specs], { cwd, timeout: 240_000 });
    };
    await install(app, files.filter((file) => !adapters.includes(file)));
    await install(client, sdk);
    await install(agents, [...sdk, ...adapters, ...FRAMEWORKS]);
  }, 300_000);
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('each tarball holds its build with type declarations and no build leftovers', () => {
    expect([...packed.keys()].sort()).toEqual([
      '@headlessanalytics/cli', '@headlessanalytics/engine', '@headlessanalytics/http-bridge', '@headlessanalytics/langchain',
      '@headlessanalytics/llamaindex', '@headlessanalytics/mcp', '@headlessanalytics/sdk', '@headlessanalytics/tools-openai',
    ]);
    for (const [name, files] of packed) {
      expect(files, name).toEqual(expect.arrayContaining(['package.json', 'README.md', 'dist/index.js', 'dist/index.d.ts']));
      expect(files.filter((file) => file.includes('tsbuildinfo') || file.includes('.test.') || file.startsWith('src/')), name).toEqual([]);
    }
  });

  it('the installed `ha` runs tools against its own embedded database', async () => {
    const options = { cwd: app, env: env('cli.db') };
    const tracked = await run(join(app, 'node_modules/.bin/ha'), ['track', 'order.created', '{"revenue":22}'], options);
    expect(JSON.parse(tracked.stdout)).toMatchObject({ accepted: 1 });
    const metrics = await run(join(app, 'node_modules/.bin/ha'), ['metric-query', '{"eventNames":["order.created"]}'], options);
    expect(JSON.parse(metrics.stdout)).toMatchObject({ totalEvents: 1 });
  });

  it('the installed MCP server lists the tools and answers a call over stdio', async () => {
    const client = new Client({ name: 'packages-test', version: '1.0.0' });
    await client.connect(new StdioClientTransport({ command: join(app, 'node_modules/.bin/headlessanalytics-mcp'), cwd: app, env: env('mcp.db'), stderr: 'ignore' }));
    try {
      const { tools } = await client.listTools();
      expect(tools.map((tool) => tool.name)).toEqual(expect.arrayContaining(['list_toolsets', 'enable_toolset', 'ingest_event', 'query_funnel']));
      const result = await client.callTool({ name: 'ingest_event', arguments: { event: 'qr.bag_scanned', actor: 'anon_1' } });
      expect(result.isError).toBeFalsy();
      expect(result.structuredContent).toMatchObject({ accepted: 1 });
    } finally {
      await client.close();
    }
  });

  it('the installed server answers REST on its port', async () => {
    const port = await freePort();
    const server = spawn(join(app, 'node_modules/.bin/headlessanalytics-server'), [], {
      cwd: app,
      env: { ...env('server.db'), HA_PORT: String(port), HA_HOST: '127.0.0.1', HA_API_KEY: 'ha_live_packagestestpackagestest01' },
      stdio: 'ignore',
    });
    try {
      let health: Response | undefined;
      for (let attempt = 0; attempt < 100 && !health; attempt += 1) {
        health = await fetch(`http://127.0.0.1:${port}/api/health`).catch(() => undefined);
        if (!health) await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(health?.status).toBe(200);
      const ingest = await fetch(`http://127.0.0.1:${port}/api/ingest`, {
        method: 'POST',
        headers: { authorization: 'Bearer ha_live_packagestestpackagestest01', 'content-type': 'application/json' },
        body: JSON.stringify({ event: 'order.created' }),
      });
      expect(await ingest.json()).toMatchObject({ accepted: 1 });
      // The SDK, installed on its own (no engine, no native driver), tracks to it and reads the event back.
      expect(readdirSync(join(client, 'node_modules')).filter((name) => !name.startsWith('.'))).toEqual(['@headlessanalytics']);
      expect(readdirSync(join(client, 'node_modules/@headlessanalytics'))).toEqual(['sdk']);
      const tracked = await runModule(client, 'track.mjs', [
        "import { HeadlessAnalytics } from '@headlessanalytics/sdk';",
        `const ha = new HeadlessAnalytics({ writeKey: 'ha_live_packagestestpackagestest01', apiUrl: 'http://127.0.0.1:${port}' });`,
        "const tracked = await ha.track('sdk.installed', { properties: { revenue: 3 } });",
        "const metrics = await ha.queryMetrics({ eventNames: ['sdk.installed'] });",
        'await ha.shutdown();',
        'console.log(JSON.stringify({ delivered: tracked.delivered, total: metrics.totalEvents }));',
      ]);
      expect(tracked).toEqual({ delivered: true, total: 1 });

      // The adapters, installed without the engine or a native driver, list and call the deployment's tools.
      expect(readdirSync(join(agents, 'node_modules/@headlessanalytics')).sort()).toEqual(['langchain', 'llamaindex', 'sdk']);
      expect(existsSync(join(agents, 'node_modules/libsql'))).toBe(false);
      expect(existsSync(join(agents, 'node_modules/@libsql'))).toBe(false);
      // Nor do their code and type declarations import the engine.
      for (const name of ['langchain', 'llamaindex']) {
        const dist = join(agents, 'node_modules/@headlessanalytics', name, 'dist');
        for (const file of readdirSync(dist, { recursive: true }).map(String).filter((path) => /\.(js|d\.ts)$/.test(path))) {
          expect(readFileSync(join(dist, file), 'utf8'), `${name}/dist/${file}`).not.toMatch(/from ['"]@headlessanalytics\/engine['"]/);
        }
      }
      const tools = await runModule(agents, 'tools.mjs', [
        "import { remoteToolClient } from '@headlessanalytics/sdk/tools';",
        "import { langChainTools } from '@headlessanalytics/langchain';",
        "import { llamaIndexTools } from '@headlessanalytics/llamaindex';",
        `const client = remoteToolClient({ apiUrl: 'http://127.0.0.1:${port}', apiKey: 'ha_live_packagestestpackagestest01', surface: 'langchain' });`,
        "const chain = await langChainTools(client, { names: ['ingest_event', 'query_metrics'] });",
        "const llama = await llamaIndexTools(client, { names: ['query_metrics'] });",
        "await chain.find((tool) => tool.name === 'ingest_event').invoke({ event: 'adapter.installed', actor: 'a1' });",
        "const metrics = JSON.parse(await chain.find((tool) => tool.name === 'query_metrics').invoke({ eventNames: ['adapter.installed'] }));",
        "const viaLlama = await llama[0].call({ eventNames: ['adapter.installed', 'order.created'] });",
        'console.log(JSON.stringify({ chain: chain.map((tool) => tool.name).sort(), llama: llama.map((tool) => tool.metadata.name), total: metrics.totalEvents, both: viaLlama.totalEvents }));',
      ]);
      expect(tools).toEqual({ chain: ['ingest_event', 'query_metrics'], llama: ['query_metrics'], total: 1, both: 2 });

      // The OpenAI tools, installed beside the engine: strict function tools, and a model's call run against the server.
      const called = await runModule(app, 'openai.mjs', [
        "import { remoteToolClient } from '@headlessanalytics/sdk/tools';",
        "import { openAITools, runToolCalls } from '@headlessanalytics/tools-openai';",
        "const [tool] = openAITools({ format: 'responses', names: ['query_metrics'] });",
        `const client = remoteToolClient({ apiUrl: 'http://127.0.0.1:${port}', apiKey: 'ha_live_packagestestpackagestest01', surface: 'openai' });`,
        "const call = { type: 'function_call', call_id: 'c1', name: 'query_metrics', arguments: JSON.stringify({ eventNames: ['order.created'], from: null, to: null, interval: null, persistSnapshots: null, businessId: null }) };",
        "const [output] = await runToolCalls({ output: [call] }, client);",
        'console.log(JSON.stringify({ name: tool.name, strict: tool.strict, total: JSON.parse(output.output).totalEvents }));',
      ]);
      expect(called).toEqual({ name: 'query_metrics', strict: true, total: 1 });
    } finally {
      server.kill('SIGTERM');
    }
  });
});
