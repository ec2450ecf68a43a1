/**
 * `@headlessanalytics/sdk/openai`: tool descriptors → OpenAI function tools with strict-mode schemas, and the
 * decoding of a model's strict arguments back to tool input. Pure and browser-safe: imports nothing at runtime.
 */
export { allowsNull, decodeStrictArguments, isFreeForm, resolveRef, toStrictSchema, type JsonSchema } from './strict-schema.js';
export {
  approximateTokens,
  toChatCompletionsTool,
  toOpenAITools,
  toResponsesTool,
  type ChatCompletionsTool,
  type DescribedTool,
  type OpenAIToolFormat,
  type ResponsesTool,
} from './openai-format.js';
