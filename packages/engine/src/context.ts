import type { Scope } from './tool/define-tool.js';
import type { Services } from './services.js';

/** Who is calling. Every query is scoped to `workspaceId`. */
export interface Principal {
  workspaceId: string;
  /** The API key's id, or null for the embedded local operator. */
  keyId: string | null;
  scopes: readonly Scope[];
  kind: 'api_key' | 'local' | 'anonymous';
}

/** Where a call came from; recorded by usage metering. */
export const SURFACES = ['mcp', 'rest', 'cli', 'sdk', 'openai', 'langchain', 'llamaindex', 'internal'] as const;
export type Surface = (typeof SURFACES)[number];

export interface Logger {
  error(message: string, meta?: Record<string, unknown>): void;
  info(message: string, meta?: Record<string, unknown>): void;
}

/** Injected at call time, never at import. */
export interface ToolContext {
  principal: Principal;
  services: Services;
  requestId: string;
  surface: Surface;
  clock: () => number;
  logger: Logger;
  signal?: AbortSignal;
}

export const stderrLogger: Logger = {
  error(message, meta) {
    process.stderr.write(`${JSON.stringify({ level: 'error', message, ...meta })}\n`);
  },
  info(message, meta) {
    process.stderr.write(`${JSON.stringify({ level: 'info', message, ...meta })}\n`);
  },
};

export function hasScope(principal: Principal, scope: Scope): boolean {
  return principal.scopes.includes('admin') || principal.scopes.includes(scope);
}
