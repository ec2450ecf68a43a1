import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createToolRegistry, type ToolClient } from '@headlessanalytics/engine';
import { catalogFromEnv, embeddedCatalog, type ToolCatalog } from './catalog.js';
import { commandSpecs, type CommandSpec } from './command-specs.js';
import { offlineToolClient } from './offline-client.js';
import { buildProgram } from './program.js';
import { writeAnswer } from './out-file.js';
import { progressBar } from './progress-bar.js';
import { commanderExitCode, renderError, renderJson } from './render.js';

export interface CliIo {
  env: NodeJS.ProcessEnv;
  stdout(text: string): void;
  stderr(text: string): void;
  /** All of standard input, read when a JSON argument or option is `-`. */
  readStdin?(): string;
  /** Standard error is a terminal: long calls draw a progress bar there. */
  stderrIsTTY?: boolean;
  /** Writes `--out` files (default: node:fs writeFileSync). */
  writeFile?(path: string, data: Uint8Array): void;
}

export interface RunCliOptions {
  /** The tools to offer; by default read from the environment (HA_API_URL → remote, else embedded). */
  catalog?: ToolCatalog;
}

const { version } = createRequire(import.meta.url)('../package.json') as { version: string };

/** The arguments before a `--` terminator, where options are read. */
const beforeTerminator = (argv: readonly string[]): readonly string[] => (argv.includes('--') ? argv.slice(0, argv.indexOf('--')) : argv);

/** The command a run is about: the first operand, or the one after `help`. Global options take no value. */
export function targetCommand(argv: readonly string[]): string | undefined {
  const operands = beforeTerminator(argv).filter((arg) => !arg.startsWith('-'));
  return operands[0] === 'help' ? operands[1] : operands[0];
}

function toolList(catalog: ToolCatalog, specs: readonly CommandSpec[]) {
  return {
    tools: catalog.tools.map((tool) => ({
      name: tool.name,
      scope: tool.scope,
      title: tool.title,
      toolset: tool.toolset,
      commands: specs.filter((spec) => spec.tool.name === tool.name).flatMap((spec) => [spec.name, ...spec.aliases]),
    })),
  };
}

/**
 * Runs one `ha` invocation and resolves to its exit code. Output is one JSON document on stdout; an
 * error is `{ error }` on stderr with the exit code of the engine's error table. The embedded engine is
 * opened only when a tool runs, and closed (flushing queued writes) before this resolves.
 */
export async function runCli(argv: readonly string[], io: CliIo, options: RunCliOptions = {}): Promise<number> {
  const flags = beforeTerminator(argv);
  const target = targetCommand(argv);
  const pretty = flags.includes('--pretty');
  let client: ToolClient | undefined;
  let exitCode = 0;
  let commands: string[] = [];
  const fail = (error: unknown): void => {
    const rendered = renderError(error, pretty, commands);
    io.stderr(rendered.text);
    exitCode ||= rendered.exitCode;
  };
  if (target === undefined && (flags.includes('--version') || flags.includes('-V'))) {
    io.stdout(`${version}\n`);
    return 0;
  }
  try {
    // An offline command needs no deployment either: the local registry runs it even when HA_API_URL is set.
    const offline = target !== undefined && createToolRegistry().cliAliases().some((alias) => alias.offline === true && alias.command === target);
    const catalog = options.catalog ?? (offline ? embeddedCatalog(io.env) : await catalogFromEnv(io.env));
    const specs = commandSpecs(catalog);
    commands = specs.map((spec) => spec.name);
    const program = buildProgram({
      catalog,
      specs,
      target,
      version,
      output: { writeOut: io.stdout, writeErr: io.stderr, ...(io.readStdin ? { readStdin: io.readStdin } : {}) },
      actions: {
        async callTool(spec, input) {
          // An offline command (a pure check) runs here: no server is called and no database opened.
          const caller = spec.offline ? offlineToolClient() : (client ??= await catalog.connect());
          const out = (program.opts() as { out?: string }).out;
          const bar = io.stderrIsTTY ? progressBar(io.stderr) : undefined;
          let result;
          try {
            // With --out the answer goes to a file, not to a reader: it is not cut to a model's answer budget.
            result = await caller.callTool(spec.tool.name, input, { ...(bar ? { progress: bar.update } : {}), ...(out ? { wholeAnswer: true } : {}) });
          } finally {
            bar?.done();
          }
          if (!result.ok) return fail(result.error);
          const shown = out ? writeAnswer(out, result.output, catalog.describe(spec.tool.name)?.outputSchema, io.writeFile ?? writeFileSync) : result.output;
          io.stdout(renderJson(shown, pretty));
          // A check that did not pass (e.g. `valid: false`) exits 1 after printing what failed.
          if (spec.failUnless && (result.output as Record<string, unknown> | null)?.[spec.failUnless] === false) exitCode ||= 1;
        },
        async listTools({ schemas }) {
          const tools = schemas ? { tools: catalog.tools.map((tool) => catalog.describe(tool.name)!) } : toolList(catalog, specs);
          io.stdout(renderJson(tools, pretty));
        },
      },
    });
    await program.parseAsync([...argv], { from: 'user' });
  } catch (error) {
    const code = commanderExitCode(error);
    if (code === undefined) fail(error);
    else exitCode = code;
  } finally {
    try {
      await client?.close();
    } catch (error) {
      fail(error);
    }
  }
  return exitCode;
}
