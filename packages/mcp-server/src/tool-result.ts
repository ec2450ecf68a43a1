import type { CallToolResult, Tool } from '@modelcontextprotocol/sdk/types.js';
import type { EngineError, ToolCallResult, ToolDescriptor } from '@headlessanalytics/engine';
import { appToolMeta } from './apps.js';
import { compactInputSchema, compactOutputSchema } from './compact-schema.js';

const listed = new WeakMap<ToolDescriptor, Tool>();

/**
 * A registry descriptor as an MCP tool, its schemas compacted for the listing that every host pays for in tokens on
 * each session: the input keeps every constraint and each description once; the output keeps its constraints
 * (clients validate structuredContent against it) without prose, repeated parts written once.
 */
export function toMcpTool(descriptor: ToolDescriptor): Tool {
  const cached = listed.get(descriptor);
  if (cached) return cached;
  const tool: Tool = {
    name: descriptor.name,
    title: descriptor.title,
    description: descriptor.description,
    inputSchema: compactInputSchema(descriptor.inputSchema) as Tool['inputSchema'],
    outputSchema: compactOutputSchema(descriptor.outputSchema) as Tool['outputSchema'],
    annotations: { ...descriptor.annotations },
    _meta: appToolMeta(descriptor.name),
  };
  listed.set(descriptor, tool);
  return tool;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The JSON an agent reads when a call fails: `{error: {code, message, details, requestId}}`. */
export function errorBody(error: EngineError): { error: ReturnType<EngineError['toJSON']> } {
  const json = error.toJSON();
  if (json.code === 'RATE_LIMITED' && !/retry/i.test(json.message)) {
    const seconds = json.details?.retryAfterSeconds ?? 1;
    json.message = `${json.message} Retry after ${seconds} s.`;
  }
  return { error: json };
}

/**
 * Success → text and `structuredContent`; an engine error → a result with `isError` the model can act on.
 *
 * The text is the whole JSON, not a summary: hosts differ in which of the two they hand to the model. Claude Code
 * and Cursor give it `structuredContent` (Cursor and the official SDK client also refuse a result without it when
 * the tool has an output schema), while VS Code (microsoft/vscode#254329), Claude Desktop and other clients read
 * only `content`; a summary there would leave the model without the data. Each host reads one of the two, so the
 * model sees the JSON once; invoke() keeps it within the answer budget either way.
 */
export function toCallToolResult(result: ToolCallResult): CallToolResult {
  if (!result.ok) {
    return { isError: true, content: [{ type: 'text', text: JSON.stringify(errorBody(result.error)) }] };
  }
  const text = JSON.stringify(result.output ?? null);
  return isRecord(result.output)
    ? { content: [{ type: 'text', text }], structuredContent: result.output }
    : { content: [{ type: 'text', text }] };
}
