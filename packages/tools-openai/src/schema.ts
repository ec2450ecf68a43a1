/** Browser-safe entry (`@headlessanalytics/tools-openai/schema`): conversions only, no engine at runtime. */
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
