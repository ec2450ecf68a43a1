/** Browser-safe entry (`@headlessanalytics/tools-openai/schema`): the SDK's conversions, no engine at runtime. */
export * from '@headlessanalytics/sdk/openai';
