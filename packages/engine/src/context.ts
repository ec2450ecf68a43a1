import type { Scope } from './tool/define-tool.js';
import type { Services } from './services.js';

/** Who is calling. Every query is scoped to `workspaceId`. */
export interface Principal {
  workspaceId: string;
  /** The API key's id, or null for the embedded local operator. */
  keyId: string | null;
  scopes: readonly Scope[];
  /**
   * `project_token`: a project's public, write-only browser token; it may call only tools with `allowProjectToken`.
   * `trackable_token`: a device's ingest token (sensor, robot, agent…); it may call only tools with `allowTrackableToken`.
   * `anonymous`: no credentials (public routes); beyond read tools of no workspace, only tools with `allowAnonymous`.
   */
  kind: 'api_key' | 'local' | 'anonymous' | 'project_token' | 'trackable_token';
  /** Set for `project_token` principals: the one project they may write to. */
  projectId?: string;
  /** Set for `trackable_token` principals: the one trackable whose events they may write. */
  trackableId?: string;
  /** The workspace's `rate_limit_rpm` (account tier) when it sets one; else the engine's per-key default applies. */
  rateLimitPerMinute?: number;
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
  /** The base URL the caller reached this server at (REST: scheme and Host of the request), where a surface knows it. */
  baseUrl?: string;
  /** Set by surfaces that can forward progress (MCP progress notifications); tools may report partial results. */
  progress?: (update: ToolProgress) => void;
}

export interface ToolProgress {
  /** Items produced so far. */
  progress: number;
  total?: number;
  /** One partial result, e.g. a streamed event, as JSON text. */
  message?: string;
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
