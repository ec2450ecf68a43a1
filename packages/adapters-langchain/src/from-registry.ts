import { matchesToolFilter, toolClientFrom, type ToolClient, type ToolError, type ToolFilter, type ToolSource } from '@headlessanalytics/sdk/tools';
import { CallbackManager } from '@langchain/core/callbacks/manager';
import type { RunnableConfig } from '@langchain/core/runnables';
import { ToolMessage } from '@langchain/core/messages';
import { DynamicStructuredTool, ToolInputParsingException, type DynamicStructuredToolInput } from '@langchain/core/tools';

/** The same error JSON as the MCP and CLI surfaces: `{"error":{code,message,details,requestId}}`. */
function errorText(error: ToolError): string {
  return JSON.stringify({ error: error.toJSON() });
}

interface ToolCallLike {
  type: 'tool_call';
  id?: string;
  args: unknown;
}
const isToolCall = (value: unknown): value is ToolCallLike => (value as { type?: unknown } | null)?.type === 'tool_call';

/**
 * A registry tool. LangChain validates input against the tool's schema before the call and throws on a
 * mismatch; for a model's tool call this turns that into the engine's own INVALID_INPUT result
 * (field paths and reasons, as on every other surface) so the agent loop can continue.
 */
class RegistryTool extends DynamicStructuredTool {
  readonly #client: ToolClient;

  constructor(fields: DynamicStructuredToolInput & { name: string }, client: ToolClient) {
    super(fields);
    this.#client = client;
  }

  override async invoke(input: unknown, config?: RunnableConfig): Promise<any> { // eslint-disable-line @typescript-eslint/no-explicit-any
    try {
      return await super.invoke(input as never, config);
    } catch (error) {
      if (!(error instanceof ToolInputParsingException) || !isToolCall(input) || input.id === undefined) throw error;
      // LangChain rejected the input before starting the tool run; report the call to the callbacks too.
      const callbacks = await CallbackManager.configure(config?.callbacks, this.callbacks, config?.tags, this.tags, config?.metadata, this.metadata);
      const run = await callbacks?.handleToolStart(this.toJSON(), JSON.stringify(input.args), undefined, undefined, undefined, undefined, this.name, input.id);
      const result = await this.#client.callTool(this.name, input.args);
      const content = result.ok ? JSON.stringify(result.output) : errorText(result.error);
      const message = new ToolMessage({ status: result.ok ? 'success' : 'error', content, tool_call_id: input.id, name: this.name });
      await run?.handleToolEnd(message);
      return message;
    }
  }
}

/**
 * Every registry tool (or the filtered ones) as a LangChain structured tool. Embedded (`{ engine,
 * principal }`), each keeps its zod input schema; against a `ToolClient`, the JSON Schema of its
 * descriptor. Success returns the output as JSON; an engine error comes back as a ToolMessage with
 * `status: "error"` when called with a tool call (so the model can correct itself), and is thrown otherwise.
 */
export async function langChainTools(source: ToolSource, filter: ToolFilter = {}): Promise<DynamicStructuredTool[]> {
  const client = toolClientFrom(source, 'langchain');
  const registry = 'engine' in source ? source.engine.registry : undefined;
  const descriptors = (await client.listTools()).filter((tool) => matchesToolFilter(tool, filter));
  return descriptors.map(
    (descriptor) =>
      new RegistryTool({
        name: descriptor.name,
        description: descriptor.description,
        schema: (registry?.get(descriptor.name)?.input ?? descriptor.inputSchema) as DynamicStructuredToolInput['schema'],
        metadata: { toolset: descriptor.toolset, scope: descriptor.scope },
        func: async (input: unknown, _runManager: unknown, config?: RunnableConfig & { toolCall?: { id?: string } }) => {
          const result = await client.callTool(descriptor.name, input, config?.signal ? { signal: config.signal } : {});
          if (result.ok) return JSON.stringify(result.output);
          const toolCallId = config?.toolCall?.id;
          if (toolCallId === undefined) throw new Error(errorText(result.error));
          return new ToolMessage({ status: 'error', content: errorText(result.error), tool_call_id: toolCallId, name: descriptor.name });
        },
      }, client),
  );
}
