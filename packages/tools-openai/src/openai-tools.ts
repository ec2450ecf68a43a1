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

/** Chat Completions takes at most this many tools in one request; more is a 400 from the API. */
export const OPENAI_MAX_TOOLS = 128;

/**
 * Every registry tool (or the ones the filter selects) as OpenAI function tools with strict-mode schemas. A selection
 * of more than OPENAI_MAX_TOOLS throws here, naming the toolsets to choose from, rather than fail at the API.
 */
export function openAITools(options?: OpenAIToolsOptions & { format?: 'chat' }): ChatCompletionsTool[];
export function openAITools(options: OpenAIToolsOptions & { format: 'responses' }): ResponsesTool[];
export function openAITools(options: OpenAIToolsOptions = {}): ChatCompletionsTool[] | ResponsesTool[] {
  const selected = select(options);
  if (selected.length > OPENAI_MAX_TOOLS) {
    const toolsets = [...new Set(selected.map((tool) => tool.toolset))].join(', ');
    throw new RangeError(
      `openAITools: ${selected.length} tools selected, OpenAI takes at most ${OPENAI_MAX_TOOLS} in one request. Pass toolsets (of ${toolsets}), names or readOnly to choose.`,
    );
  }
  return toOpenAITools(selected, options.format ?? 'chat');
}
