import { execute, GraphQLError, parse, specifiedRules, validate, type DocumentNode, type GraphQLSchema } from 'graphql';
import type { ToolContext } from '../../context.js';
import type { ToolRegistry } from '../../tool/registry.js';
import { invoke } from '../../tool/invoke.js';
import { limitsRule } from './limits.js';
import { buildSchema } from './schema.js';

export interface GraphqlRequest {
  query: string;
  variables?: Record<string, unknown> | undefined;
  operationName?: string | undefined;
}

export interface GraphqlError {
  message: string;
  locations?: Array<{ line: number; column: number }>;
  path?: Array<string | number>;
  extensions?: Record<string, unknown>;
}

export interface GraphqlAnswer {
  data?: Record<string, unknown> | null;
  errors?: GraphqlError[];
}

const MAX_CACHED_DOCUMENTS = 200;

/** Tools that are not root fields: the GraphQL tool itself. */
const NOT_ROOT_FIELDS = new Set(['run_graphql']);

function plain(error: GraphQLError): GraphqlError {
  const json = error.toJSON() as GraphqlError;
  return JSON.parse(JSON.stringify(json)) as GraphqlError;
}

/**
 * Executes GraphQL documents over the registry's read tools. The schema is derived once, from a registry of the same
 * tool definitions the engine registers (built lazily, so tools of any domain are included); each root field calls
 * its tool through invoke() with the caller's principal and surface: the same scopes, tenancy, rate limits and usage
 * metering as a REST call of that tool.
 */
export class GraphqlService {
  #registry: ToolRegistry | undefined;
  #schema: GraphQLSchema | undefined;

  async schema(): Promise<{ schema: GraphQLSchema; registry: ToolRegistry }> {
    if (!this.#schema || !this.#registry) {
      const { createToolRegistry } = await import('../../engine.js');
      const registry = createToolRegistry();
      this.#registry = registry;
      this.#schema = buildSchema(registry, NOT_ROOT_FIELDS);
    }
    return { schema: this.#schema, registry: this.#registry };
  }

  /** Parsed and validated documents by their text (a valid document is the same for every caller), newest kept. */
  readonly #documents = new Map<string, DocumentNode>();

  #check(schema: GraphQLSchema, query: string): { document: DocumentNode } | { errors: GraphqlError[] } {
    const cached = this.#documents.get(query);
    if (cached) return { document: cached };
    let document: DocumentNode;
    try {
      document = parse(query, { maxTokens: 10_000 });
    } catch (thrown) {
      if (thrown instanceof GraphQLError) return { errors: [plain(thrown)] };
      throw thrown;
    }
    const invalid = validate(schema, document, [...specifiedRules, limitsRule], { maxErrors: 50 });
    if (invalid.length > 0) return { errors: invalid.map(plain) };
    if (this.#documents.size >= MAX_CACHED_DOCUMENTS) this.#documents.delete(this.#documents.keys().next().value!);
    this.#documents.set(query, document);
    return { document };
  }

  async run(request: GraphqlRequest, ctx: ToolContext): Promise<GraphqlAnswer> {
    const { schema, registry } = await this.schema();
    const checked = this.#check(schema, request.query);
    if ('errors' in checked) return { errors: checked.errors };
    const { document } = checked;
    const runtime = { registry, services: ctx.services, clock: ctx.clock, logger: ctx.logger };
    const callTool = async (tool: string, input: Record<string, unknown>): Promise<unknown> => {
      const result = await invoke(runtime, tool, input, {
        principal: ctx.principal,
        surface: ctx.surface,
        requestId: ctx.requestId,
        ...(ctx.signal ? { signal: ctx.signal } : {}),
        ...(ctx.baseUrl ? { baseUrl: ctx.baseUrl } : {}),
      });
      if (result.ok) return result.output;
      const { error } = result;
      throw new GraphQLError(error.message, {
        extensions: { code: error.code, tool, ...(error.details !== undefined ? { details: error.details } : {}) },
      });
    };
    const result = await execute({
      schema,
      document,
      variableValues: request.variables ?? null,
      operationName: request.operationName ?? null,
      contextValue: callTool,
    });
    const answer: GraphqlAnswer = {};
    if (result.errors?.length) answer.errors = result.errors.map(plain);
    answer.data = (result.data as Record<string, unknown> | null | undefined) ?? null;
    return answer;
  }
}
