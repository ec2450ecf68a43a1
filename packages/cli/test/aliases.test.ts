import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createToolRegistry } from '@headlessanalytics/engine';
import { embeddedCatalog, kebabCase, runCli, type CliIo, type ToolCatalog } from '../src/index.js';
import { createSandbox, ha, outputOf, type Sandbox } from './ha-process.js';

let sandbox: Sandbox;

beforeAll(() => {
  sandbox = createSandbox();
});
afterAll(() => sandbox.remove());

/** Runs `ha` in this process, as the bin does, and collects what it prints. */
async function runInProcess(argv: string[], catalog?: ToolCatalog) {
  let stdout = '';
  let stderr = '';
  const io: CliIo = { env: sandbox.env, stdout: (text) => (stdout += text), stderr: (text) => (stderr += text) };
  const code = await runCli(argv, io, catalog ? { catalog } : {});
  return { code, stdout, stderr };
}

describe('every CLI alias of the registry is a command', () => {
  const aliases = createToolRegistry().cliAliases();

  it('has aliases to walk', () => {
    expect(aliases.length).toBeGreaterThan(0);
  });

  it('ha tools lists each alias under its tool, and ha --help lists its usage', async () => {
    const { tools } = outputOf(await ha(['tools'], { cwd: sandbox.dir, env: sandbox.env }));
    const help = await runInProcess(['--help']);
    for (const alias of aliases) {
      const tool = tools.find((entry: { name: string }) => entry.name === alias.tool);
      expect(tool?.commands, alias.command).toContain(alias.command);
      const line = help.stdout.split('\n').find((entry) => entry.startsWith(`  ${alias.command} `));
      expect(line, alias.command).toBeDefined();
      expect(line!.match(/<[^>]+>|\[[^\]]+\]/g) ?? [], alias.command).toHaveLength(alias.positionals.length);
    }
  });

  it.each(aliases.map((alias) => [alias.command, alias] as const))('%s --help names its tool', async (command, alias) => {
    const result = await runInProcess([command, '--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`Usage: ha ${command} [options]`);
    // Help text wraps at the terminal width: compare it with its line breaks read as spaces.
    expect(result.stdout.replace(/\s+/g, ' ')).toContain(`Runs the tool ${alias.tool}.`);
  });
});

describe('every tool is a command under its own name', () => {
  const descriptors = createToolRegistry().descriptors();

  it.each(descriptors.map((tool) => [tool.name, tool] as const))('%s --help shows one option per input field', async (name, tool) => {
    const result = await runInProcess([name.replace(/_/g, '-'), '--help']);
    expect(result.code).toBe(0);
    // A spec command may be the tool's own name in kebab case (create-trackable): then it is that alias's help.
    expect(result.stdout).toMatch(new RegExp(`(Tool|Runs the tool) ${name}\\.`));
    const fields = Object.keys((tool.inputSchema.properties ?? {}) as Record<string, unknown>);
    for (const field of fields) expect(result.stdout, field).toContain(`--${kebabCase(field)} `);
  });
});

describe('an alias added to the registry becomes a command with no CLI change', () => {
  it('maps its positionals and fills its defaults, through the real engine', async () => {
    const registry = createToolRegistry().register([], {
      rest: [],
      cli: [
        {
          tool: 'ingest_event',
          command: 'sell',
          positionals: [{ field: 'actor', required: true }, { field: 'properties', json: true }],
          defaults: { event: 'order.created', source: { channel: 'cli-test' } },
        },
      ],
    });
    const catalog = embeddedCatalog(sandbox.env, registry);
    const sold = await runInProcess(['sell', 'customer-7', '{"revenue":12.5}'], catalog);
    expect(sold.stderr).toBe('');
    expect(JSON.parse(sold.stdout)).toMatchObject({ accepted: 1 });

    const events = JSON.parse((await runInProcess(['events', '--event', 'order.created', '--actor-id', 'customer-7'])).stdout);
    expect(events.events).toEqual([
      expect.objectContaining({ event: 'order.created', properties: { revenue: 12.5 }, source: { channel: 'cli-test' } }),
    ]);
    const overridden = await runInProcess(['sell', 'customer-8', '--event', 'order.refunded'], catalog);
    expect(overridden.code).toBe(0);
    const refunds = JSON.parse((await runInProcess(['metric-query', '--event-name', 'order.refunded'])).stdout);
    expect(refunds.totalEvents).toBe(1);
  });

  it('parses a field positional by its schema type and merges several JSON objects in order', async () => {
    const registry = createToolRegistry().register([], {
      rest: [],
      cli: [{ tool: 'query_metrics', command: 'top', positionals: [{ field: 'limit', required: true }, { json: true }, { json: true }] }],
    });
    const catalog = embeddedCatalog(sandbox.env, registry);
    const help = await runInProcess(['top', '--help'], catalog);
    expect(help.stdout).toContain('Usage: ha top [options] <limit> [input] [input-2]');

    const result = await runInProcess(['top', '1', '{"eventName":"order.created","interval":"hour"}', '{"interval":"day"}'], catalog);
    expect(result.stderr).toBe('');
    const output = JSON.parse(result.stdout);
    expect(output.interval).toBe('day');
    expect(output.metrics).toHaveLength(1);

    const bad = await runInProcess(['top', 'ten'], catalog);
    expect(bad.code).toBe(2);
    expect(JSON.parse(bad.stderr).error.message).toContain("argument 'limit'");
  });
});
