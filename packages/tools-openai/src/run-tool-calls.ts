import { EngineError } from '@headlessanalytics/engine';
import { toolClientFrom, type ToolClient, type ToolDescriptor, type ToolError, type ToolSource } from '@headlessanalytics/sdk/tools';
import { decodeStrictArguments } from '@headlessanalytics/sdk/openai';

/**
 * The shapes read from the `openai` client's objects, loose enough that its own types (v6) fit: a chat tool call
 * may be a custom tool's (no `function`, skipped), and Responses output items of other kinds carry other fields.
 */
export interface ChatToolCall {
  id: string;
  type?: string;
  function?: { name: string; arguments: string };
}
export interface ChatMessageLike {
  role?: string;
  content?: unknown;
  tool_calls?: readonly ChatToolCall[] | null | undefined;
}
export interface ChatCompletionLike {
  choices: ReadonlyArray<{ message: ChatMessageLike }>;
}
export interface ResponseLike {
  output: ReadonlyArray<{ type: string; call_id?: unknown; name?: unknown; arguments?: unknown }>;
}

/** What to append to `messages` (Chat Completions). */
export interface ChatToolMessage {
  role: 'tool';
  tool_call_id: string;
  content: string;
}
/** What to append to `input` (Responses API). */
export interface FunctionCallOutput {
  type: 'function_call_output';
  call_id: string;
  output: string;
}

/** Agent-run hooks (e.g. `createAgentHooks()` from `@headlessanalytics/sdk/agent-hooks`) told about each call. */
export interface ToolCallHooks {
  onToolStart(tool: { name: string; toolCallId: string }): unknown;
  onToolEnd(tool: { toolCallId: string }): unknown;
  onError(error: unknown, span: { spanId: string }): unknown;
}

export interface RunToolCallsOptions {
  hooks?: ToolCallHooks;
  signal?: AbortSignal;
}

interface PendingCall {
  id: string;
  name: string;
  arguments: string;
}

const catalogs = new WeakMap<ToolClient, Promise<Map<string, ToolDescriptor>>>();

function catalogOf(client: ToolClient): Promise<Map<string, ToolDescriptor>> {
  let catalog = catalogs.get(client);
  if (!catalog) {
    catalog = client.listTools().then((tools) => new Map(tools.map((tool) => [tool.name, tool])));
    catalog.catch(() => catalogs.delete(client));
    catalogs.set(client, catalog);
  }
  return catalog;
}

/** The same error JSON as the MCP and CLI surfaces: `{"error":{code,message,details,requestId}}`. */
function errorContent(error: ToolError): string {
  return JSON.stringify({ error: error.toJSON() });
}

async function runOne(client: ToolClient, call: PendingCall, options: RunToolCallsOptions): Promise<string> {
  options.hooks?.onToolStart({ name: call.name, toolCallId: call.id });
  let input: unknown;
  try {
    input = call.arguments.trim() === '' ? {} : JSON.parse(call.arguments);
  } catch {
    const error = new EngineError('INVALID_INPUT', `The arguments of '${call.name}' are not valid JSON; send a JSON object.`, { details: { issues: [{ path: '', message: 'is not valid JSON' }] } });
    options.hooks?.onError(error, { spanId: call.id });
    return errorContent(error);
  }
  const descriptor = (await catalogOf(client).catch(() => undefined))?.get(call.name);
  const decoded = descriptor ? decodeStrictArguments(descriptor.inputSchema, input) : input;
  const result = await client.callTool(call.name, decoded, options.signal ? { signal: options.signal } : {});
  if (result.ok) {
    options.hooks?.onToolEnd({ toolCallId: call.id });
    return JSON.stringify(result.output);
  }
  options.hooks?.onError(result.error, { spanId: call.id });
  return errorContent(result.error);
}

/**
 * Executes the function calls of a Chat Completions completion/message or a Responses API response
 * through the registry, one after another, and returns the tool results to send back. Failures
 * (bad JSON, invalid input, unknown tool, missing scope) come back as `{"error":{code,message,details}}` results.
 */
export async function runToolCalls(response: ResponseLike, source: ToolSource, options?: RunToolCallsOptions): Promise<FunctionCallOutput[]>;
export async function runToolCalls(completion: ChatCompletionLike | ChatMessageLike, source: ToolSource, options?: RunToolCallsOptions): Promise<ChatToolMessage[]>;
export async function runToolCalls(
  value: ResponseLike | ChatCompletionLike | ChatMessageLike,
  source: ToolSource,
  options: RunToolCallsOptions = {},
): Promise<FunctionCallOutput[] | ChatToolMessage[]> {
  const client = toolClientFrom(source, 'openai');
  if ('output' in value && Array.isArray(value.output)) {
    const outputs: FunctionCallOutput[] = [];
    for (const item of value.output) {
      if (item.type !== 'function_call' || typeof item.call_id !== 'string' || typeof item.name !== 'string') continue;
      const output = await runOne(client, { id: item.call_id, name: item.name, arguments: typeof item.arguments === 'string' ? item.arguments : '' }, options);
      outputs.push({ type: 'function_call_output', call_id: item.call_id, output });
    }
    return outputs;
  }
  const message = 'choices' in value ? value.choices[0]?.message : (value as ChatMessageLike);
  const messages: ChatToolMessage[] = [];
  for (const call of message?.tool_calls ?? []) {
    if ((call.type !== undefined && call.type !== 'function') || call.function === undefined) continue;
    const content = await runOne(client, { id: call.id, name: call.function.name, arguments: call.function.arguments }, options);
    messages.push({ role: 'tool', tool_call_id: call.id, content });
  }
  return messages;
}
