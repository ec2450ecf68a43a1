import { ErrorCode, McpError } from '@modelcontextprotocol/sdk/types.js';
import { EngineError, type ToolClient, type ToolDescriptor, type ToolsetDescriptor } from '@headlessanalytics/engine';
import type { SessionTools, Withheld } from './tool-selection.js';

/** The tools the caller's key may call, and their toolsets. */
export interface Catalog {
  tools: ToolDescriptor[];
  toolsets: ToolsetDescriptor[];
}

/**
 * The caller's catalog, read once per MCP session (each tools/list and tools/call used to read it again, and the
 * embedded client filters the registry by scope twice per read). It depends on the key alone: the session's
 * selection filters it afterwards (SessionTools), and the registry behind it does not change while a server runs.
 * A read that fails is an MCP error and is tried again on the next use.
 */
export function catalogReader(client: ToolClient): () => Promise<Catalog> {
  let read: Promise<Catalog> | undefined;
  return () => {
    read ??= Promise.all([client.listTools(), client.listToolsets()]).then(
      ([tools, toolsets]) => ({ tools, toolsets }),
      (error: unknown) => {
        read = undefined;
        const message = EngineError.isInstance(error) ? `${error.code}: ${error.message}` : 'Cannot list tools.';
        throw new McpError(ErrorCode.InternalError, message);
      },
    );
    return read;
  };
}

/** How a session reaches a tool: offered now, one enable_toolset away (its toolset), or not at all (undefined). */
export type Reach = { offered: true } | { offered: false; toolset: string } | undefined;

/**
 * The client as the session's resources, prompts and completions use it: it lists the tools the session can reach
 * (offered now, or in a toolset enable_toolset would add) and calls only those, so an operator's `--tools`
 * allow-list or `--read-only` holds for a resource read as for a tool call. A tool the key may not call is
 * called anyway: the engine answers FORBIDDEN naming the scope, as for tools/call.
 */
export interface SessionClient extends ToolClient {
  reach(name: string): Promise<Reach>;
}

const reachable = (withheld: Withheld | undefined): boolean => withheld === undefined || withheld.reason === 'toolset';

function notServed(name: string, withheld: Withheld): EngineError {
  const why = withheld.reason === 'read-only' ? 'it writes, and this server is read-only' : 'it is not among the tools this server was started with';
  return new EngineError('NOT_FOUND', `Tool '${name}' is not served by this server: ${why}.`, { details: { resource: 'tool', name } });
}

export function sessionClient(client: ToolClient, session: SessionTools, catalog: () => Promise<Catalog>): SessionClient {
  const reachableTools = async (): Promise<Catalog> => {
    const { tools, toolsets } = await catalog();
    const kept = tools.filter((tool) => reachable(session.withheld(tool, toolsets)));
    return { tools: kept, toolsets: toolsets.map((toolset) => ({ ...toolset, tools: toolset.tools.filter((name) => kept.some((tool) => tool.name === name)) })) };
  };
  return {
    mode: client.mode,
    listTools: async () => (await reachableTools()).tools,
    listToolsets: async () => (await reachableTools()).toolsets,
    async callTool(name, input, options) {
      // When the catalog cannot be read, the call itself reports why.
      const current = await catalog().catch(() => undefined);
      const tool = current?.tools.find((candidate) => candidate.name === name);
      const withheld = current && tool ? session.withheld(tool, current.toolsets) : undefined;
      if (withheld && !reachable(withheld)) return { ok: false, error: notServed(name, withheld) };
      return client.callTool(name, input, options);
    },
    async reach(name) {
      const { tools, toolsets } = await catalog();
      const tool = tools.find((candidate) => candidate.name === name);
      if (!tool) return undefined;
      const withheld = session.withheld(tool, toolsets);
      if (withheld === undefined) return { offered: true };
      return withheld.reason === 'toolset' ? { offered: false, toolset: withheld.toolset } : undefined;
    },
    // The session does not own the client: whoever created it closes it.
    close: async () => undefined,
  };
}
