import type { ToolDescriptor, ToolsetDescriptor } from '@headlessanalytics/engine';

/**
 * Which registry tools an MCP session offers. Toolsets are named as the registry defines them, plus `default` (the
 * toolsets marked default) and `all`. Scopes are not part of this: the client lists only what its key may call.
 */
export interface ToolSelection {
  /** Toolsets offered from the start. Default: `default`, or none with `tools` or `dynamicToolsets`. */
  toolsets?: readonly string[] | undefined;
  /** Tools offered by name, besides those of `toolsets`; alone, an allow-list (no discovery tools). */
  tools?: readonly string[] | undefined;
  /** Only tools with `readOnlyHint: true`, now and after enable_toolset. */
  readOnly?: boolean | undefined;
  /** Start with the discovery tools only (plus any `toolsets`/`tools` named); enable_toolset adds the rest. */
  dynamicToolsets?: boolean | undefined;
}

export const ALL_TOOLSETS = 'all';
export const DEFAULT_TOOLSETS = 'default';

/** Toolset names of a selection that the catalog does not define (`all` and `default` are always known). */
export function unknownToolsets(selection: ToolSelection, toolsets: readonly ToolsetDescriptor[]): string[] {
  const known = new Set([ALL_TOOLSETS, DEFAULT_TOOLSETS, ...toolsets.map((toolset) => toolset.name)]);
  return (selection.toolsets ?? []).filter((name) => !known.has(name));
}

/**
 * A selection layered on the operator's: a request may choose its own toolsets and tools, but never turns off the
 * operator's read-only mode or reaches a tool outside the operator's `tools` allow-list.
 */
export function narrowSelection(base: ToolSelection, request: ToolSelection): ToolSelection {
  const allowList = base.tools && !base.toolsets && !base.dynamicToolsets ? base.tools : undefined;
  const tools = request.tools ?? base.tools;
  return {
    toolsets: request.toolsets ?? (request.tools || request.dynamicToolsets ? undefined : base.toolsets),
    tools: allowList && tools ? tools.filter((name) => allowList.includes(name)) : tools,
    readOnly: base.readOnly === true || request.readOnly === true,
    dynamicToolsets: request.dynamicToolsets ?? base.dynamicToolsets,
  };
}

/** Why a tool the catalog has is not offered in this session, as the model should read it. */
export type Withheld = { reason: 'toolset'; toolset: string } | { reason: 'read-only' } | { reason: 'not-allowed' };

/** The tool list of one MCP session: the selection it started with, and the toolsets enabled since. */
export class SessionTools {
  readonly #selection: ToolSelection;
  readonly #enabled = new Set<string>();
  #all = false;

  constructor(selection: ToolSelection = {}) {
    this.#selection = selection;
    const named = selection.toolsets ?? (selection.tools || selection.dynamicToolsets ? [] : [DEFAULT_TOOLSETS]);
    for (const name of named) {
      if (name === ALL_TOOLSETS) this.#all = true;
      else this.#enabled.add(name);
    }
  }

  /** A strict allow-list (only `tools`) or every toolset on: nothing left to discover or enable. */
  offersDiscovery(toolsets: readonly ToolsetDescriptor[]): boolean {
    const allowListOnly = this.#selection.tools !== undefined && this.#selection.toolsets === undefined && !this.#selection.dynamicToolsets;
    return !allowListOnly && toolsets.some((toolset) => !this.isEnabled(toolset));
  }

  get readOnly(): boolean {
    return this.#selection.readOnly === true;
  }

  isEnabled(toolset: Pick<ToolsetDescriptor, 'name' | 'default'>): boolean {
    return this.#all || this.#enabled.has(toolset.name) || (toolset.default && this.#enabled.has(DEFAULT_TOOLSETS));
  }

  /** The catalog's tools this session offers now, in catalog order. */
  offered(tools: readonly ToolDescriptor[], toolsets: readonly ToolsetDescriptor[]): ToolDescriptor[] {
    return tools.filter((tool) => this.withheld(tool, toolsets) === undefined);
  }

  /** Undefined when `tool` is offered; else why not. */
  withheld(tool: ToolDescriptor, toolsets: readonly ToolsetDescriptor[]): Withheld | undefined {
    if (this.readOnly && !tool.annotations.readOnlyHint) return { reason: 'read-only' };
    if (this.#selection.tools?.includes(tool.name)) return undefined;
    const toolset = toolsets.find((candidate) => candidate.name === tool.toolset) ?? { name: tool.toolset, default: false };
    if (this.isEnabled(toolset)) return undefined;
    return this.offersDiscovery(toolsets) ? { reason: 'toolset', toolset: tool.toolset } : { reason: 'not-allowed' };
  }

  /** Turns toolsets on; answers which were newly enabled (the tool list changed only if any were). */
  enable(names: readonly string[]): string[] {
    if (this.#all) return [];
    if (names.includes(ALL_TOOLSETS)) {
      this.#all = true;
      return [ALL_TOOLSETS];
    }
    const added = names.filter((name) => !this.#enabled.has(name));
    for (const name of added) this.#enabled.add(name);
    return added;
  }
}
