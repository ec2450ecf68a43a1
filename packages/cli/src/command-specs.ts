import type { CliPositional } from '@headlessanalytics/engine';
import type { ToolCatalog, ToolSummary } from './catalog.js';
import { kebabCase } from './option-kinds.js';

/** One `ha` command: a spec alias (`track`) or a tool's own name (`ingest_event`, alias `ingest-event`). */
export interface CommandSpec {
  name: string;
  aliases: string[];
  tool: ToolSummary;
  positionals: CliPositional[];
  defaults: Record<string, unknown>;
  /** True for the spec's command names from the registry's CLI alias table. */
  specAlias: boolean;
  /** Run in this process without a server or database (the alias's `offline`). */
  offline?: boolean;
  /** Output boolean field whose false value makes the command exit 1 (the alias's `failUnless`). */
  failUnless?: string;
}

/** Commands of the CLI itself; a tool or alias of the same name is not offered as a command. */
export const BUILTIN_COMMANDS = ['tools', 'help'] as const;

/**
 * The name a positional shows in usage and errors: its input field, or `input` for a JSON object merged
 * into the input (`input-2`, `input-3` when an alias takes several).
 */
export function positionalName(positionals: readonly CliPositional[], index: number): string {
  const positional = positionals[index];
  if (positional?.field !== undefined) return positional.field;
  const merged = positionals.slice(0, index + 1).filter((entry) => entry.field === undefined).length;
  return merged === 1 ? 'input' : `input-${merged}`;
}

/** Every command of a catalog: the alias table first (the spec's names win), then each tool under its own name. */
export function commandSpecs(catalog: ToolCatalog): CommandSpec[] {
  const taken = new Set<string>(BUILTIN_COMMANDS);
  const tools = new Map(catalog.tools.map((tool) => [tool.name, tool]));
  const specs: CommandSpec[] = [];
  for (const alias of catalog.aliases) {
    const tool = tools.get(alias.tool);
    if (!tool || taken.has(alias.command)) continue;
    taken.add(alias.command);
    specs.push({
      name: alias.command,
      aliases: [],
      tool,
      positionals: alias.positionals,
      defaults: alias.defaults ?? {},
      specAlias: true,
      ...(alias.offline ? { offline: true } : {}),
      ...(alias.failUnless ? { failUnless: alias.failUnless } : {}),
    });
  }
  for (const tool of catalog.tools) {
    const names = [...new Set([tool.name, kebabCase(tool.name)])].filter((name) => !taken.has(name));
    const [name, ...aliases] = names;
    if (name === undefined) continue;
    for (const entry of names) taken.add(entry);
    specs.push({ name, aliases, tool, positionals: [{ json: true }], defaults: {}, specAlias: false });
  }
  return specs;
}
