import { matchesToolFilter, type ToolDescriptor, type ToolFilter } from '@headlessanalytics/sdk/tools';
import type { AliasTable, CliAlias, RestAlias, SdkAlias } from './aliases.js';
import type { AnyTool } from './define-tool.js';
import { toJsonSchema } from './json-schema.js';

/** A tool as every surface sees it (plain JSON, derived from the definition once), and tool filters: shared with the SDK. */
export { matchesToolFilter, type ToolDescriptor, type ToolFilter } from '@headlessanalytics/sdk/tools';

export class ToolRegistry {
  readonly #tools = new Map<string, AnyTool>();
  readonly #descriptors = new Map<string, ToolDescriptor>();
  readonly #rest: RestAlias[] = [];
  readonly #cli: CliAlias[] = [];
  readonly #sdk: SdkAlias[] = [];

  register(tools: readonly AnyTool[], aliases: AliasTable = { rest: [], cli: [] }): this {
    for (const tool of tools) {
      if (this.#tools.has(tool.name)) throw new Error(`Tool '${tool.name}' is registered twice`);
      this.#tools.set(tool.name, tool);
    }
    for (const alias of [...aliases.rest, ...aliases.cli, ...(aliases.sdk ?? [])]) {
      if (!this.#tools.has(alias.tool)) throw new Error(`Alias points at unknown tool '${alias.tool}'`);
    }
    this.#rest.push(...aliases.rest);
    this.#cli.push(...aliases.cli);
    this.#sdk.push(...(aliases.sdk ?? []));
    return this;
  }

  get(name: string): AnyTool | undefined {
    return this.#tools.get(name);
  }

  list(filter: ToolFilter = {}): AnyTool[] {
    return [...this.#tools.values()].filter((tool) => matchesToolFilter(tool, filter));
  }

  describe(name: string): ToolDescriptor | undefined {
    const cached = this.#descriptors.get(name);
    if (cached) return cached;
    const tool = this.#tools.get(name);
    if (!tool) return undefined;
    const descriptor: ToolDescriptor = {
      name: tool.name,
      title: tool.title,
      description: tool.description,
      toolset: tool.toolset,
      scope: tool.scope,
      annotations: { ...tool.annotations },
      inputSchema: toJsonSchema(tool.input, { io: 'input' }),
      outputSchema: toJsonSchema(tool.output, { io: 'output' }),
    };
    this.#descriptors.set(name, descriptor);
    return descriptor;
  }

  descriptors(filter: ToolFilter = {}): ToolDescriptor[] {
    return this.list(filter).map((tool) => this.describe(tool.name)!);
  }

  restAliases(): readonly RestAlias[] {
    return this.#rest;
  }

  sdkAliases(): readonly SdkAlias[] {
    return this.#sdk;
  }

  cliAliases(): readonly CliAlias[] {
    return this.#cli;
  }
}
