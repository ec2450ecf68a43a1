import type { z } from 'zod';
import type { ToolContext } from '../context.js';

export const SCOPES = ['read', 'write', 'admin'] as const;
export type Scope = (typeof SCOPES)[number];

/** MCP tool annotations. All four are set explicitly on every tool. */
export interface ToolAnnotations {
  readOnlyHint: boolean;
  destructiveHint: boolean;
  idempotentHint: boolean;
  openWorldHint: boolean;
}

export const TOOL_NAME_PATTERN = /^[a-z][a-z0-9_]{0,63}$/;

export interface ToolDefinition<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  /** snake_case, valid as an MCP tool name and an OpenAI function name. Written once, here. */
  name: string;
  title: string;
  /** Written for a model: when to use the tool, what it returns, what to call next. */
  description: string;
  /** Group the tool belongs to (e.g. `events`, `admin`). */
  toolset: string;
  input: I;
  output: O;
  annotations: ToolAnnotations;
  scope: Scope;
  /**
   * May a project token (a project's public, write-only browser credential) call this tool? Only for
   * tools that write events into, or read public config of, the token's own project. Default: no.
   */
  allowProjectToken?: boolean;
  /**
   * May a device's trackable token (a credential limited to writing one trackable's events) call this tool? Only for
   * the tool that records that trackable's usage; its handler checks the trackable. Default: no.
   */
  allowTrackableToken?: boolean;
  /**
   * May a caller without credentials call this tool, whatever its scope (a public route such as a QR code's scan
   * redirect)? The handler then finds the workspace from its input and must expose nothing beyond its answer. Default: no.
   */
  allowAnonymous?: boolean;
  handler: (input: z.output<I>, ctx: ToolContext) => Promise<z.input<O>>;
  /**
   * Example inputs, valid against `input`: shown to models and in OpenAPI, and run through every surface
   * by the contract tests (which seed a workspace with a project `my-site` and a few events first).
   */
  examples?: ReadonlyArray<Record<string, unknown>>;
  /**
   * A live variant of the tool for surfaces that hold a connection open (SSE, subscriptions): after the
   * same auth and input parsing as `handler`, yields items until the caller's signal aborts.
   */
  stream?: ToolStream<z.output<I>>;
  /**
   * For list-shaped answers: which array of the output holds the rows, where the output keeps its cursor, and the
   * cursor that continues after a given row. invoke() cuts an answer over the size budget at a row boundary with it
   * (`truncated: true` and that cursor); the output schema carries pageOutput() (tools/paging.ts).
   */
  page?: ToolPage<z.output<I>, z.output<O>>;
}

type ArrayKeys<Output> = { [K in keyof Output]-?: NonNullable<Output[K]> extends readonly unknown[] ? K : never }[keyof Output] & string;

type RowOf<Output, K extends keyof Output> = NonNullable<Output[K]> extends ReadonlyArray<infer Row> ? Row : never;

export type ToolPage<Input, Output> = {
  [K in ArrayKeys<Output>]: {
    rows: K;
    cursorKey: 'nextCursor' | 'next_cursor';
    cursorAfter: (row: RowOf<Output, K>, index: number, input: Input) => string;
    /** Fields computed from the rows (a count, totals), computed again for the rows kept when an answer is cut. */
    recount?: (rows: Array<RowOf<Output, K>>) => Partial<Output>;
    /**
     * Other arrays of the output paged by the same cursor, row for row beside `rows` (e.g. get_pages' entry and exit
     * pages): a cut keeps the same number of rows of each, so `cursorAfter` must depend on the index alone (an offset).
     */
    alongside?: ReadonlyArray<ArrayKeys<Output>>;
  };
}[ArrayKeys<Output>];

/** One message of a tool stream: an item with a sortable id (resume point), or a keep-alive. */
export type StreamMessage = { kind: 'item'; id: string; data: unknown } | { kind: 'heartbeat' };

export interface ToolStream<Input> {
  /** Schema of one item's `data`. */
  item: z.ZodType;
  /** Resolves once the subscription is in place (errors here are the call's errors); iterate to read. */
  subscribe: (input: Input, ctx: ToolContext & { signal: AbortSignal }) => Promise<AsyncIterable<StreamMessage>>;
}

/** An erased tool, as kept in the registry. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyTool = ToolDefinition<any, any>;

export function defineTool<I extends z.ZodType, O extends z.ZodType>(definition: ToolDefinition<I, O>): ToolDefinition<I, O> {
  if (!TOOL_NAME_PATTERN.test(definition.name)) {
    throw new Error(`Tool name '${definition.name}' must match ${TOOL_NAME_PATTERN}`);
  }
  for (const hint of ['readOnlyHint', 'destructiveHint', 'idempotentHint', 'openWorldHint'] as const) {
    if (typeof definition.annotations[hint] !== 'boolean') {
      throw new Error(`Tool '${definition.name}' must set annotations.${hint} explicitly`);
    }
  }
  return Object.freeze(definition);
}
