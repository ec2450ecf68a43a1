import type { ToolDescriptor } from '../catalog-types.js';
import { toStrictSchema, type JsonSchema } from './strict-schema.js';

/** Chat Completions `tools[]` entry (assignable to the `openai` client's `ChatCompletionFunctionTool`). */
export interface ChatCompletionsTool {
  type: 'function';
  function: { name: string; description: string; parameters: JsonSchema; strict: boolean };
}

/** Responses API `tools[]` entry (assignable to the `openai` client's `FunctionTool`). */
export interface ResponsesTool {
  type: 'function';
  name: string;
  description: string;
  parameters: JsonSchema;
  strict: boolean;
}

export type OpenAIToolFormat = 'chat' | 'responses';

/** The descriptor fields the conversion reads: a registry descriptor, or a tool of a remote `GET /api/tools` catalog. */
export type DescribedTool = Pick<ToolDescriptor, 'name' | 'description' | 'inputSchema'>;

const converted = new WeakMap<object, { parameters: JsonSchema; strict: boolean }>();

function strictOf(tool: DescribedTool): { parameters: JsonSchema; strict: boolean } {
  let entry = converted.get(tool.inputSchema);
  if (!entry) {
    entry = toStrictSchema(tool.inputSchema);
    converted.set(tool.inputSchema, entry);
  }
  return entry;
}

export function toChatCompletionsTool(tool: DescribedTool): ChatCompletionsTool {
  return { type: 'function', function: { name: tool.name, description: tool.description, ...strictOf(tool) } };
}

export function toResponsesTool(tool: DescribedTool): ResponsesTool {
  return { type: 'function', name: tool.name, description: tool.description, ...strictOf(tool) };
}

export function toOpenAITools(tools: readonly DescribedTool[], format: 'chat'): ChatCompletionsTool[];
export function toOpenAITools(tools: readonly DescribedTool[], format: 'responses'): ResponsesTool[];
export function toOpenAITools(tools: readonly DescribedTool[], format: OpenAIToolFormat): ChatCompletionsTool[] | ResponsesTool[];
export function toOpenAITools(tools: readonly DescribedTool[], format: OpenAIToolFormat): ChatCompletionsTool[] | ResponsesTool[] {
  return format === 'responses' ? tools.map(toResponsesTool) : tools.map(toChatCompletionsTool);
}

/** Approximate size in tokens (characters / 4) of a tool list as sent to the model. */
export function approximateTokens(tools: unknown): number {
  return Math.ceil(JSON.stringify(tools).length / 4);
}
