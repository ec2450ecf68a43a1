import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/**
 * A dependency loaded on first use instead of at start-up. The engine is imported by every `ha` command and MCP
 * process; the code, PDF and cloud-storage libraries it only needs for some tools cost most of a second to load, so
 * they are required (their CommonJS builds) the first time a tool calls for them. Types come from `import type`.
 */
export function lazyModule<T>(specifier: string): () => T {
  let loaded: T | undefined;
  return () => (loaded ??= require(specifier) as T);
}
