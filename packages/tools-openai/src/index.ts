export { OPENAI_MAX_TOOLS, openAITools, type OpenAIToolsOptions } from './openai-tools.js';
export {
  runToolCalls,
  type ChatCompletionLike,
  type ChatMessageLike,
  type ChatToolCall,
  type ChatToolMessage,
  type FunctionCallOutput,
  type ResponseLike,
  type RunToolCallsOptions,
  type ToolCallHooks,
} from './run-tool-calls.js';
export {
  approximateTokens,
  decodeStrictArguments,
  toChatCompletionsTool,
  toOpenAITools,
  toResponsesTool,
  toStrictSchema,
  type ChatCompletionsTool,
  type DescribedTool,
  type JsonSchema,
  type OpenAIToolFormat,
  type ResponsesTool,
} from './schema.js';
