import { createToolRegistry, matchesToolFilter, type ToolDescriptor, type ToolFilter, type ToolRegistry } from '@headlessanalytics/engine';
import { toOpenAITools, type ChatCompletionsTool, type ResponsesTool } from '@headlessanalytics/sdk/openai';

export interface OpenAIToolsOptions extends ToolFilter {
  /** `chat` (default): Chat Completions `{type, function}`; `responses`: Responses API `{type, name, parameters, strict}`. */
  format?: 'chat' | 'responses';
  /** Descriptors to convert, e.g. from `toolClient.listTools()` of a deployment. Default: this engine version's registry. */
  tools?: readonly ToolDescriptor[];
}

let registry: ToolRegistry | undefined;

function select(options: OpenAIToolsOptions): ToolDescriptor[] {
  if (!options.tools) return (registry ??= createToolRegistry()).descriptors(options);
  return options.tools.filter((tool) => matchesToolFilter(tool, options));
}

/** Every registry tool (or the ones the filter selects) as OpenAI function tools with strict-mode schemas. */
export function openAITools(options?: OpenAIToolsOptions & { format?: 'chat' }): ChatCompletionsTool[];
export function openAITools(options: OpenAIToolsOptions & { format: 'responses' }): ResponsesTool[];
export function openAITools(options: OpenAIToolsOptions = {}): ChatCompletionsTool[] | ResponsesTool[] {
  return toOpenAITools(select(options), options.format ?? 'chat');
}
