/** Shapes of the generated tool catalog (src/generated/tool-catalog.ts). Plain JSON, no runtime imports. */
export type JsonSchema = Record<string, unknown>;

export interface ToolAnnotations {
  readOnlyHint: boolean;
  destructiveHint: boolean;
  idempotentHint: boolean;
  openWorldHint: boolean;
}

/** One registry tool as the SDK knows it: enough to describe it to a model and to call it. */
export interface CatalogTool {
  name: string;
  title: string;
  description: string;
  toolset: string;
  scope: 'read' | 'write' | 'admin';
  annotations: ToolAnnotations;
  /** The typed methods that call this tool: camelCase of the name, then the spec's names (`getApiUsage`). */
  methods: string[];
  /** Input fields that the typed method also takes as leading positional arguments. */
  pathFields: string[];
  inputSchema: JsonSchema;
}

/** Per-call options of a typed method. */
export interface CallOptions {
  signal?: AbortSignal;
}
