import { matchesToolFilter, toolClientFrom, type ToolErrorJSON, type ToolFilter, type ToolSource } from '@headlessanalytics/sdk/tools';
import type { JSONValue } from '@llamaindex/core/global';
import { FunctionTool } from '@llamaindex/core/tools';

/**
 * A tool answer as this adapter hands it to LlamaIndex. LlamaIndex's JSONValue has no `null` (its callTool refuses
 * an answer holding one, e.g. `nextCursor: null`), so an object's null fields are left out, which is how a model
 * reads them anyway; null items of an array are kept as absent values cannot be, and are rare. Exported so that
 * tests comparing these answers with the engine's apply the same rule.
 */
export function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== null).map(([key, field]) => [key, withoutNulls(field)]));
}

/** The engine's error JSON (as on MCP and the CLI), which LlamaIndex hands back to the model as an error tool result. */
export class ToolCallError extends Error {
  constructor(readonly payload: ToolErrorJSON) {
    super(JSON.stringify({ error: payload }));
    this.name = 'ToolCallError';
  }
}

/**
 * Every registry tool (or the filtered ones) as a LlamaIndex `FunctionTool` with the descriptor's JSON
 * Schema. The engine validates the input; an engine error is thrown as a `ToolCallError`, which
 * LlamaIndex agents send back to the model as an error tool result.
 */
export async function llamaIndexTools(source: ToolSource, filter: ToolFilter = {}): Promise<Array<FunctionTool<Record<string, unknown>, Promise<JSONValue>>>> {
  const client = toolClientFrom(source, 'llamaindex');
  const descriptors = (await client.listTools()).filter((tool) => matchesToolFilter(tool, filter));
  return descriptors.map(
    (descriptor) =>
      new FunctionTool<Record<string, unknown>, Promise<JSONValue>>(
        async (input) => {
          const result = await client.callTool(descriptor.name, input ?? {});
          if (result.ok) return withoutNulls(result.output) as JSONValue;
          throw new ToolCallError(result.error.toJSON());
        },
        { name: descriptor.name, description: descriptor.description, parameters: descriptor.inputSchema as never },
      ),
  );
}
