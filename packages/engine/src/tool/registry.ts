import { matchesToolFilter, type ToolDescriptor, type ToolFilter } from '@headlessanalytics/sdk/tools';
import type { AliasTable, CliAlias, RestAlias, SdkAlias } from './aliases.js';
import { hasScope, type Principal } from '../context.js';
import type { AnyTool } from './define-tool.js';
import { toJsonSchema } from './json-schema.js';

/** A tool as every surface sees it (plain JSON, derived from the definition once), and tool filters: shared with the SDK. */
export { matchesToolFilter, type ToolDescriptor, type ToolFilter } from '@headlessanalytics/sdk/tools';

/** A group of tools an MCP server can offer or hold back as one (`--toolsets`, enable_toolset). */
export interface ToolsetDefinition {
  name: string;
  /** One line: what the toolset is for, as a model reads it before enabling it. */
  description: string;
  /** Offered when a server is given no toolset selection. */
  default: boolean;
}

/** A toolset as every surface sees it: its definition and the names of its tools. */
export interface ToolsetDescriptor extends ToolsetDefinition {
  tools: string[];
}

/**
 * Whether `principal` may call `tool` at all: its key has the tool's scope, and a project token only reaches the
 * tools that take one. Tool lists handed to a model hold only these.
 */
export function isToolVisibleTo(
  principal: Principal,
  tool: Pick<AnyTool, 'scope'> & { allowProjectToken?: boolean | undefined; allowTrackableToken?: boolean | undefined },
): boolean {
  if (principal.kind === 'project_token') return tool.allowProjectToken === true;
  if (principal.kind === 'trackable_token') return tool.allowTrackableToken === true;
  return hasScope(principal, tool.scope);
}

export class ToolRegistry {
  readonly #toolsets = new Map<string, ToolsetDefinition>();
  readonly #tools = new Map<string, AnyTool>();
  readonly #descriptors = new Map<string, ToolDescriptor>();
  readonly #rest: RestAlias[] = [];
  readonly #cli: CliAlias[] = [];
  readonly #sdk: SdkAlias[] = [];

  /** Declares toolsets; a tool registered later must belong to one of them. */
  defineToolsets(toolsets: readonly ToolsetDefinition[]): this {
    for (const toolset of toolsets) {
      if (this.#toolsets.has(toolset.name)) throw new Error(`Toolset '${toolset.name}' is defined twice`);
      this.#toolsets.set(toolset.name, Object.freeze({ ...toolset }));
    }
    return this;
  }

  register(tools: readonly AnyTool[], aliases: AliasTable = { rest: [], cli: [] }): this {
    for (const tool of tools) {
      if (this.#tools.has(tool.name)) throw new Error(`Tool '${tool.name}' is registered twice`);
      if (!this.#toolsets.has(tool.toolset)) throw new Error(`Tool '${tool.name}' names toolset '${tool.toolset}', which is not defined`);
      this.#tools.set(tool.name, tool);
    }
    for (const alias of [...aliases.rest, ...aliases.cli, ...(aliases.sdk ?? [])]) {
      if (!this.#tools.has(alias.tool)) throw new Error(`Alias points at unknown tool '${alias.tool}'`);
    }
    for (const alias of aliases.rest) {
      if (alias.divert && !this.#tools.has(alias.divert.tool)) throw new Error(`Alias ${alias.path} diverts to unknown tool '${alias.divert.tool}'`);
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

  /** The tools `principal` may call (scope, project token), as descriptors. */
  descriptorsFor(principal: Principal, filter: ToolFilter = {}): ToolDescriptor[] {
    return this.list(filter)
      .filter((tool) => isToolVisibleTo(principal, tool))
      .map((tool) => this.describe(tool.name)!);
  }

  /** Every toolset with its tools (all of them, or those of `tools` when given), in definition order. */
  toolsets(tools: readonly Pick<ToolDescriptor, 'name' | 'toolset'>[] = this.list()): ToolsetDescriptor[] {
    return [...this.#toolsets.values()].map((toolset) => ({
      ...toolset,
      tools: tools.filter((tool) => tool.toolset === toolset.name).map((tool) => tool.name),
    }));
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
