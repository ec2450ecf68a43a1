import { randomUUID } from 'node:crypto';
import { EngineError, toEngineError } from '../errors/engine-error.js';
import { hasScope, type Logger, type Principal, type Surface } from '../context.js';
import type { Services } from '../services.js';
import type { ToolRegistry } from './registry.js';
import { issuesFromZod, summarizeIssues } from './zod-issues.js';

export interface InvokeOptions {
  principal: Principal;
  surface: Surface;
  requestId?: string;
  signal?: AbortSignal;
}

export type InvokeResult =
  | { ok: true; output: unknown; requestId: string }
  | { ok: false; error: EngineError; requestId: string };

export interface InvokeRuntime {
  registry: ToolRegistry;
  services: Services;
  clock: () => number;
  logger: Logger;
}

/** The one pipeline: find tool → scope → rate limit → parse input → handler → parse output → meter → map error. */
export async function invoke(runtime: InvokeRuntime, name: string, input: unknown, options: InvokeOptions): Promise<InvokeResult> {
  const requestId = options.requestId ?? randomUUID();
  const { principal } = options;
  const tool = runtime.registry.get(name);
  try {
    if (!tool) {
      throw new EngineError('NOT_FOUND', `Unknown tool '${name}'. List the available tools first.`, {
        details: { resource: 'tool', id: name },
      });
    }
    if (!hasScope(principal, tool.scope)) {
      throw new EngineError('FORBIDDEN', `Tool '${tool.name}' needs the '${tool.scope}' scope; this key has ${principal.scopes.join(', ') || 'none'}.`);
    }
    runtime.services.limiter.take(principal);
    const parsed = tool.input.safeParse(input ?? {});
    if (!parsed.success) {
      const issues = issuesFromZod(parsed.error);
      throw new EngineError('INVALID_INPUT', summarizeIssues(issues), { details: { issues } });
    }
    const context = {
      principal,
      services: runtime.services,
      requestId,
      surface: options.surface,
      clock: runtime.clock,
      logger: runtime.logger,
      ...(options.signal ? { signal: options.signal } : {}),
    };
    const raw = await tool.handler(parsed.data, context);
    const output = tool.output.safeParse(raw);
    if (!output.success) {
      throw new EngineError('INTERNAL', 'Internal error: the tool returned data outside its output schema.', {
        cause: output.error,
      });
    }
    runtime.services.usage.record(principal, tool.name, options.surface, true);
    return { ok: true, output: output.data, requestId };
  } catch (thrown) {
    const error = toEngineError(thrown);
    error.requestId = requestId;
    if (error.code === 'INTERNAL') {
      runtime.logger.error('tool failed', { tool: name, requestId, cause: String((error.cause as Error | undefined)?.stack ?? error.cause) });
    }
    if (tool) runtime.services.usage.record(principal, tool.name, options.surface, false);
    return { ok: false, error, requestId };
  }
}
