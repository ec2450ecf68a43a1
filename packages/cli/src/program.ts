import { readFileSync } from 'node:fs';
import { Argument, Command, InvalidArgumentError, Option } from 'commander';
import type { CliPositional, JsonSchema } from '@headlessanalytics/engine';
import type { ToolCatalog } from './catalog.js';
import { positionalName, type CommandSpec } from './command-specs.js';
import { fieldKindOf, kebabCase, parseJson, parseValue, ValueError, type FieldKind } from './option-kinds.js';

export interface ProgramActions {
  callTool(spec: CommandSpec, input: Record<string, unknown>): Promise<void>;
  listTools(options: { schemas: boolean }): Promise<void>;
}

export interface ProgramOutput {
  writeOut(text: string): void;
  writeErr(text: string): void;
  /** All of standard input; a JSON value given as `-` is read from it. */
  readStdin?(): string;
}

/** Replaces a `-` JSON value by standard input. */
type StdinReader = (raw: string) => string;

/** Global options; a tool field of the same name is settable only through the JSON argument. */
const RESERVED_OPTIONS = new Set(['help', 'pretty', 'version', 'out']);

interface InputShape {
  properties: Record<string, JsonSchema>;
  required: string[];
}

function inputShape(catalog: ToolCatalog, spec: CommandSpec): InputShape {
  const schema = catalog.describe(spec.tool.name)?.inputSchema ?? {};
  const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
  return { properties, required: Array.isArray(schema.required) ? (schema.required as string[]) : [] };
}

function parseOr(raw: string, parse: () => unknown): unknown {
  try {
    return parse();
  } catch (error) {
    if (error instanceof ValueError) throw new InvalidArgumentError(error.message);
    throw error;
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A file argument's text (a missing or unreadable file is an argument error naming it). */
function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new ValueError(`Cannot read the file '${path}': ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}

function argumentOf(catalog: ToolCatalog, spec: CommandSpec, index: number, stdin: StdinReader): Argument {
  const positional: CliPositional = spec.positionals[index]!;
  const name = positionalName(spec.positionals, index);
  const argument = new Argument(positional.required ? `<${name}>` : `[${name}]`);
  return argument.argParser((raw: string) =>
    parseOr(raw, () => {
      if (positional.field === undefined) {
        const value = parseJson(stdin(raw));
        if (!isPlainObject(value)) throw new ValueError('Expected a JSON object of input fields.');
        return value;
      }
      if (positional.file) return parseJson(raw === '-' ? stdin(raw) : readText(raw));
      if (positional.json) return parseJson(stdin(raw));
      const schema = inputShape(catalog, spec).properties[positional.field];
      if (!schema) return raw;
      const kind = fieldKindOf(schema);
      return parseValue(kind.kind === 'json' ? stdin(raw) : raw, kind);
    }),
  );
}

function optionOf(flag: string, schema: JsonSchema, kind: FieldKind, required: boolean, stdin: StdinReader): Option {
  const placeholder = kind.kind === 'boolean' ? '[boolean]' : kind.acceptsBoolean ? '[value]' : `<${kind.kind === 'auto' ? 'value' : kind.kind}>`;
  const description = [
    typeof schema.description === 'string' ? schema.description : '',
    required ? '(required)' : '',
    'default' in schema ? `(default: ${JSON.stringify(schema.default)})` : '',
  ]
    .filter(Boolean)
    .join(' ');
  const option = new Option(`--${flag} ${placeholder}`, description);
  if (kind.choices) option.choices(kind.choices);
  else option.argParser((raw: string) => parseOr(raw, () => parseValue(kind.kind === 'json' ? stdin(raw) : raw, kind)));
  return option;
}

/** Adds one `--<field>` option per top-level input property; returns option attribute → input field. */
function attachFieldOptions(command: Command, shape: InputShape, stdin: StdinReader): Map<string, string> {
  const fields = new Map<string, string>();
  for (const [field, schema] of Object.entries(shape.properties)) {
    const flag = kebabCase(field);
    if (RESERVED_OPTIONS.has(flag)) continue;
    const option = optionOf(flag, schema, fieldKindOf(schema), shape.required.includes(field), stdin);
    if (fields.has(option.attributeName())) continue;
    fields.set(option.attributeName(), field);
    command.addOption(option);
  }
  return fields;
}

function describePositionals(command: Command, spec: CommandSpec, shape: InputShape): void {
  spec.positionals.forEach((positional, index) => {
    const argument = command.registeredArguments[index];
    if (!argument) return;
    const schema = positional.field === undefined ? undefined : shape.properties[positional.field];
    argument.description =
      positional.field === undefined
        ? 'JSON object of input fields, merged into the input'
        : `${typeof schema?.description === 'string' ? `${schema.description} ` : ''}(the \`${positional.field}\` field${positional.file ? ', read from this JSON file' : positional.json ? ', as JSON' : ''})`;
  });
}

function inputOf(command: Command, spec: CommandSpec, fields: Map<string, string>): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  const values = command.processedArgs as unknown[];
  spec.positionals.forEach((positional, index) => {
    if (positional.field === undefined && isPlainObject(values[index])) Object.assign(input, values[index]);
  });
  spec.positionals.forEach((positional, index) => {
    if (positional.field !== undefined && values[index] !== undefined) input[positional.field] = values[index];
  });
  for (const [attribute, field] of fields) {
    const value: unknown = command.getOptionValue(attribute);
    if (value !== undefined) input[field] = value;
  }
  for (const [field, value] of Object.entries(spec.defaults)) if (input[field] === undefined) input[field] = value;
  return input;
}

function helpText(spec: CommandSpec): string {
  const { tool } = spec;
  const origin = spec.specAlias ? `Runs the tool ${tool.name}.` : `Tool ${tool.name}.`;
  return `${tool.title}. ${origin} Scope: ${tool.scope}. Toolset: ${tool.toolset}.\n\n${tool.description}`;
}

/**
 * The `ha` program: `tools`, then one command per spec. Options of a command come from its tool's JSON
 * Schema and are attached only to `target` (the command being run or asked for help), so a run derives one
 * input schema, not all of them.
 */
export function buildProgram(options: {
  catalog: ToolCatalog;
  specs: readonly CommandSpec[];
  target: string | undefined;
  actions: ProgramActions;
  output: ProgramOutput;
  version: string;
}): Command {
  const { catalog, actions, output } = options;
  const stdin: StdinReader = (raw) => (raw === '-' && output.readStdin ? output.readStdin() : raw);
  const program = new Command('ha')
    .description('HeadlessAnalytics on the command line: every engine tool is a command. JSON on stdout; errors as JSON on stderr.')
    .version(options.version, '-V, --version')
    .option('--pretty', 'indent the JSON output for people')
    .option('--out <file>', 'write the answer to a file: a binary answer (a PDF sheet, a PNG) as its bytes, else its JSON')
    .configureOutput({ writeOut: output.writeOut, writeErr: output.writeErr, outputError: () => undefined })
    .configureHelp({ showGlobalOptions: true })
    .exitOverride();
  program
    .command('tools')
    .description('List every tool: name, scope, title, toolset and the commands that run it.')
    .option('--schemas', 'print every tool\'s full descriptor instead: description, annotations, input and output JSON Schemas')
    .action((flags: { schemas?: boolean }) => actions.listTools({ schemas: flags.schemas === true }));
  for (const spec of options.specs) {
    const command = program
      .command(spec.name)
      .aliases(spec.aliases)
      .summary(`${spec.tool.title} (${spec.tool.scope})`)
      .description(helpText(spec))
      .helpGroup(spec.specAlias ? 'Commands:' : 'Tools by name (a JSON object argument is merged into the input):');
    spec.positionals.forEach((_, index) => command.addArgument(argumentOf(catalog, spec, index, stdin)));
    let fields = new Map<string, string>();
    if (options.target !== undefined && [spec.name, ...spec.aliases].includes(options.target)) {
      const shape = inputShape(catalog, spec);
      fields = attachFieldOptions(command, shape, stdin);
      describePositionals(command, spec, shape);
    }
    command.action(() => actions.callTool(spec, inputOf(command, spec, fields)));
  }
  return program;
}
