/** Shapes of the generated tool catalog (src/generated/tool-catalog.ts). Plain JSON, no runtime imports. */
export type JsonSchema = Record<string, unknown>;

export interface ToolAnnotations {
  readOnlyHint: boolean;
  destructiveHint: boolean;
  idempotentHint: boolean;
  openWorldHint: boolean;
}

/** One tool as `GET /api/tools` lists it (and as the engine's registry describes it). */
export interface ToolDescriptor {
  name: string;
  title: string;
  description: string;
  toolset: string;
  scope: 'read' | 'write' | 'admin';
  annotations: ToolAnnotations;
  inputSchema: JsonSchema;
  outputSchema: JsonSchema;
}

/** A group of tools as `GET /api/tools` lists it: an MCP server offers or holds back a toolset as one. */
export interface ToolsetDescriptor {
  name: string;
  description: string;
  /** Offered by an MCP server given no toolset selection. */
  default: boolean;
  /** Names of its tools (those the caller may call, when listed for a key). */
  tools: string[];
}

/** One registry tool as the SDK knows it: enough to describe it to a model and to call it. */
export interface CatalogTool extends Omit<ToolDescriptor, 'outputSchema'> {
  /** The typed methods that call this tool: camelCase of the name, then the spec's names (`getApiUsage`). */
  methods: string[];
  /** Input fields that the typed method also takes as leading positional arguments. */
  pathFields: string[];
}

/** Per-call options of a typed method. */
export interface CallOptions {
  signal?: AbortSignal;
}
