import { randomUUID } from 'node:crypto';
import { EngineError, toEngineError } from '../errors/engine-error.js';
import { hasScope, type Logger, type Principal, type Surface, type ToolProgress } from '../context.js';
import type { AnyTool, StreamMessage } from './define-tool.js';
import type { Services } from '../services.js';
import type { ToolRegistry } from './registry.js';
import { boundAnswer } from './answer-budget.js';
import { withoutOptionalNulls } from './input-rules.js';
import { issuesFromZod, summarizeIssues } from './zod-issues.js';

export interface InvokeOptions {
  principal: Principal;
  surface: Surface;
  requestId?: string;
  signal?: AbortSignal;
  /** The base URL the caller reached the server at (REST: from the request); tools building links use it. */
  baseUrl?: string;
  /** Receives the tool's progress reports (MCP progress notifications). */
  progress?: (update: ToolProgress) => void;
  /**
   * The caller writes the answer to a file instead of reading it (`ha --out`): the answer is not bound to the size
   * budget of an answer a model reads (answer-budget.ts), as on the program surfaces.
   */
  wholeAnswer?: boolean;
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

/** The one pipeline: find tool → scope → rate limit → parse input → handler → parse output → bound its size → meter → map error. */
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
    const parsed = admit(runtime, tool, input, principal);
    const context: Parameters<AnyTool['handler']>[1] = {
      principal,
      services: runtime.services,
      requestId,
      surface: options.surface,
      clock: runtime.clock,
      logger: runtime.logger,
    };
    if (options.signal) context.signal = options.signal;
    if (options.baseUrl) context.baseUrl = options.baseUrl;
    if (options.progress) context.progress = options.progress;
    const raw = await tool.handler(parsed, context);
    const output = tool.output.safeParse(raw);
    if (!output.success) {
      throw new EngineError('INTERNAL', 'Internal error: the tool returned data outside its output schema.', {
        cause: output.error,
      });
    }
    const bounded = options.wholeAnswer ? output.data : boundAnswer(tool, parsed, output.data, options.surface);
    runtime.services.usage.record(principal, tool.name, options.surface, true);
    return { ok: true, output: bounded, requestId };
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

/**
 * Scope, project-token and rate-limit checks, then input parsing: what every call passes before its handler.
 * Parsing applies the rules of every input: the nesting limit, and `null` as "not set" (input-rules.ts).
 */
function admit(runtime: InvokeRuntime, tool: AnyTool, input: unknown, principal: Principal): unknown {
  if (principal.kind === 'project_token' && !tool.allowProjectToken) {
    throw new EngineError(
      'FORBIDDEN',
      `Tool '${tool.name}' cannot be called with a project token (public and write-only); use an API key with the ` +
        `'${tool.scope}' scope (create_api_key makes one).`,
    );
  }
  if (principal.kind === 'trackable_token' && !tool.allowTrackableToken) {
    throw new EngineError(
      'FORBIDDEN',
      `Tool '${tool.name}' cannot be called with a trackable token: a device token only records its own trackable's ` +
        `usage (record_trackable_usage, POST /api/track). Use an API key with the '${tool.scope}' scope for anything else.`,
    );
  }
  const anonymousAllowed = principal.kind === 'anonymous' && tool.allowAnonymous === true;
  if (!anonymousAllowed && !hasScope(principal, tool.scope)) {
    throw new EngineError(
      'FORBIDDEN',
      `Tool '${tool.name}' needs the '${tool.scope}' scope; this key has ${principal.scopes.join(', ') || 'none'}. Call it with a key ` +
        `that has '${tool.scope}' (or admin): an admin key creates one with create_api_key and scopes ["${tool.scope}"].`,
      { details: { scope: tool.scope, scopes: principal.scopes } },
    );
  }
  runtime.services.limiter.take(principal);
  checkNesting(input);
  const parsed = tool.input.safeParse(withoutOptionalNulls(tool.input, input ?? {}));
  if (!parsed.success) {
    const issues = issuesFromZod(parsed.error);
    throw new EngineError('INVALID_INPUT', summarizeIssues(issues), { details: { issues } });
  }
  return parsed.data;
}

/** How deep objects and arrays may nest in a tool's input (an event's properties included). */
export const MAX_INPUT_DEPTH = 64;

/**
 * Refuses input nested deeper than MAX_INPUT_DEPTH, naming the path where it passes the limit. Iterative, so a
 * value nested 100,000 levels deep is refused rather than overflowing the stack of the validation or storage.
 */
function checkNesting(input: unknown): void {
  // Each entry keeps its parent and key, so the path is spelled out only for input that is refused.
  type Entry = { value: unknown; depth: number; parent: Entry | undefined; key: string };
  const pending: Entry[] = [{ value: input, depth: 0, parent: undefined, key: '' }];
  while (pending.length > 0) {
    const entry = pending.pop()!;
    if (entry.depth >= MAX_INPUT_DEPTH) {
      const keys: string[] = [];
      for (let at: Entry | undefined = entry; at?.parent; at = at.parent) keys.unshift(at.key);
      const path = keys.join('.');
      throw new EngineError('INVALID_INPUT', `Input nests objects and arrays more than ${MAX_INPUT_DEPTH} levels deep (at ${path}).`, {
        details: { issues: [{ path, message: `nested more than ${MAX_INPUT_DEPTH} levels deep; flatten the value` }], maxDepth: MAX_INPUT_DEPTH },
      });
    }
    const value = entry.value as Record<string, unknown>;
    for (const key in value) {
      const child = value[key];
      if (child !== null && typeof child === 'object') pending.push({ value: child, depth: entry.depth + 1, parent: entry, key });
    }
  }
}

export type SubscribeResult =
  | { ok: true; stream: AsyncIterable<StreamMessage>; requestId: string }
  | { ok: false; error: EngineError; requestId: string };

/**
 * The live counterpart of invoke() for tools with a `stream`: the same checks and parsing, then an
 * iterable of items (each validated against the stream's item schema) that ends when `signal` aborts.
 */
export async function subscribe(
  runtime: InvokeRuntime,
  name: string,
  input: unknown,
  options: InvokeOptions & { signal: AbortSignal },
): Promise<SubscribeResult> {
  const requestId = options.requestId ?? randomUUID();
  const tool = runtime.registry.get(name);
  try {
    if (!tool?.stream) {
      throw new EngineError('NOT_FOUND', `Tool '${name}' has no live stream. List the available tools first.`, {
        details: { resource: 'stream', id: name },
      });
    }
    const parsed = admit(runtime, tool, input, options.principal);
    const context = {
      principal: options.principal,
      services: runtime.services,
      requestId,
      surface: options.surface,
      clock: runtime.clock,
      logger: runtime.logger,
      signal: options.signal,
    };
    const definition = tool.stream;
    const source = await definition.subscribe(parsed, context);
    runtime.services.usage.record(options.principal, tool.name, options.surface, true);
    async function* validated(): AsyncGenerator<StreamMessage> {
      for await (const message of source) {
        if (message.kind === 'item') definition.item.parse(message.data);
        yield message;
      }
    }
    return { ok: true, stream: validated(), requestId };
  } catch (thrown) {
    const error = toEngineError(thrown);
    error.requestId = requestId;
    if (tool) runtime.services.usage.record(options.principal, tool.name, options.surface, false);
    return { ok: false, error, requestId };
  }
}
