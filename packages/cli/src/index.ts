export { runCli, targetCommand, type CliIo, type RunCliOptions } from './run-cli.js';
export { catalogFromEnv, embeddedCatalog, remoteCatalog, type ToolCatalog, type ToolSummary } from './catalog.js';
export { commandSpecs, BUILTIN_COMMANDS, type CommandSpec } from './command-specs.js';
export { fieldKindOf, parseValue, kebabCase, type FieldKind, type ValueKind } from './option-kinds.js';
