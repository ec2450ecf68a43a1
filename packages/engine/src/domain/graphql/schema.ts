import {
  GraphQLBoolean,
  GraphQLFloat,
  GraphQLInt,
  GraphQLList,
  GraphQLObjectType,
  GraphQLScalarType,
  GraphQLSchema,
  GraphQLString,
  Kind,
  type GraphQLFieldConfig,
  type GraphQLFieldConfigArgumentMap,
  type GraphQLOutputType,
  type GraphQLInputType,
  type ValueNode,
} from 'graphql';
import type { AnyTool } from '../../tool/define-tool.js';
import type { ToolRegistry } from '../../tool/registry.js';
import type { JsonSchema } from '../../tool/json-schema.js';

/**
 * The GraphQL schema, derived from the registry's read-only tools; no GraphQL type is written by hand.
 *
 * Rules (documented in the run_graphql description):
 * - Root field name: the tool name without a verb prefix (query_, get_, list_, analyze_), camelCased:
 *   query_events → events, list_tracking_plans → trackingPlans, get_business_health → businessHealth. A tool without
 *   such a prefix keeps its whole name camelCased. Collisions: the prefixes rank query_ < get_ < list_ < analyze_ and
 *   the tool of the first-ranked prefix keeps the short name; the others keep their whole name camelCased
 *   (analyze_funnel → analyzeFunnel beside query_funnel → funnel).
 * - Arguments: one per top-level input field, all nullable (the tool's own validation names a missing field).
 *   Strings and enums are String, integers bounded within 32 bits are Int, other numbers Float, booleans Boolean,
 *   everything else (objects, arrays, unions) the JSON scalar.
 * - Type: an object type per tool (`<RootField>Result`) whose fields are the top-level output fields, typed as above
 *   (numbers always Float); composite fields below it (arrays, objects: `metrics`, `nextActions`, `bySource`) are the
 *   JSON scalar and are selected without a subselection. A paged tool whose answer is nothing but its page (rows, nextCursor,
 *   truncated; e.g. query_events) answers the list of its rows instead (`events { event timestamp }`); the rows' own composite fields are JSON.
 */
export const JSONScalar = new GraphQLScalarType({
  name: 'JSON',
  description: 'Any JSON value: the composite fields (objects, arrays) of a tool\'s answer or input, as the tool defines them.',
  serialize: (value) => value,
  parseValue: (value) => value,
  parseLiteral: (node, variables) => literalValue(node, variables ?? undefined),
});

function literalValue(node: ValueNode, variables: Record<string, unknown> | undefined): unknown {
  switch (node.kind) {
    case Kind.STRING:
    case Kind.ENUM:
      return node.value;
    case Kind.BOOLEAN:
      return node.value;
    case Kind.INT:
    case Kind.FLOAT:
      return Number(node.value);
    case Kind.NULL:
      return null;
    case Kind.LIST:
      return node.values.map((value) => literalValue(value, variables));
    case Kind.OBJECT:
      return Object.fromEntries(node.fields.map((field) => [field.name.value, literalValue(field.value, variables)]));
    case Kind.VARIABLE:
      return variables?.[node.name.value];
  }
}

const VERB_PREFIXES = ['query_', 'get_', 'list_', 'analyze_'] as const;
const NAME = /^[_a-zA-Z][_a-zA-Z0-9]*$/;

function camel(name: string): string {
  return name.replace(/_([a-z0-9])/g, (_match, letter: string) => letter.toUpperCase());
}

function pascal(name: string): string {
  return name.charAt(0).toUpperCase() + name.slice(1);
}

/** Root field names of the read-only tools, by the rule above (collisions decided by prefix rank, then tool name). */
export function rootFieldNames(tools: readonly Pick<AnyTool, 'name'>[]): Map<string, string> {
  const ranked = tools
    .map((tool) => {
      const rank = VERB_PREFIXES.findIndex((prefix) => tool.name.startsWith(prefix));
      const short = camel(rank >= 0 ? tool.name.slice(VERB_PREFIXES[rank]!.length) : tool.name);
      return { tool: tool.name, short, rank: rank < 0 ? VERB_PREFIXES.length : rank };
    })
    .sort((a, b) => a.rank - b.rank || a.tool.localeCompare(b.tool));
  const names = new Map<string, string>();
  const taken = new Set<string>();
  for (const entry of ranked) {
    const name = taken.has(entry.short) ? camel(entry.tool) : entry.short;
    if (taken.has(name)) continue;
    taken.add(name);
    names.set(entry.tool, name);
  }
  return names;
}

function isInt32(schema: JsonSchema): boolean {
  const max = schema.maximum ?? schema.exclusiveMaximum;
  const min = schema.minimum ?? schema.exclusiveMinimum;
  return typeof max === 'number' && max <= 2 ** 31 - 1 && (typeof min !== 'number' || min >= -(2 ** 31));
}

function scalarOf(schema: JsonSchema | undefined, io: 'input' | 'output'): GraphQLInputType & GraphQLOutputType {
  if (!schema) return JSONScalar;
  const types = Array.isArray(schema.type) ? (schema.type as string[]).filter((type) => type !== 'null') : [schema.type];
  if (types.length === 0 && Array.isArray(schema.anyOf)) {
    const branches = (schema.anyOf as JsonSchema[]).filter((branch) => branch.type !== 'null');
    if (branches.length === 1) return scalarOf(branches[0], io);
  }
  if (types.length !== 1) return JSONScalar;
  switch (types[0]) {
    case 'string':
      return GraphQLString;
    case 'boolean':
      return GraphQLBoolean;
    case 'integer':
      return io === 'input' && isInt32(schema) ? GraphQLInt : GraphQLFloat;
    case 'number':
      return GraphQLFloat;
    default:
      return JSONScalar;
  }
}

/** The fields of a page beside its rows (tools/paging.ts). */
const PAGE_FIELDS = new Set(['nextCursor', 'next_cursor', 'truncated']);

function resolveRef(schema: JsonSchema | undefined, root: JsonSchema): JsonSchema | undefined {
  const ref = schema?.$ref;
  if (typeof ref !== 'string' || !ref.startsWith('#/$defs/')) return schema;
  return (root.$defs as Record<string, JsonSchema> | undefined)?.[ref.slice('#/$defs/'.length)];
}

function properties(schema: JsonSchema | undefined): Array<[string, JsonSchema]> {
  const props = (schema?.properties ?? {}) as Record<string, JsonSchema>;
  return Object.entries(props).filter(([name]) => NAME.test(name));
}

function objectType(name: string, schema: JsonSchema | undefined, description: string): GraphQLObjectType | undefined {
  const fields = properties(schema);
  if (fields.length === 0) return undefined;
  return new GraphQLObjectType({
    name,
    description,
    fields: Object.fromEntries(
      fields.map(([field, fieldSchema]) => [
        field,
        { type: scalarOf(fieldSchema, 'output'), ...(typeof fieldSchema.description === 'string' ? { description: fieldSchema.description } : {}) },
      ]),
    ),
  });
}

/**
 * Calls one tool as the GraphQL caller: the execution's context value. Resolvers go through it, so auth, scopes, rate
 * limits and metering apply per root field.
 */
export type CallTool = (tool: string, input: Record<string, unknown>) => Promise<unknown>;

export function buildSchema(registry: ToolRegistry, exclude: ReadonlySet<string>): GraphQLSchema {
  const tools = registry.list().filter((tool) => tool.annotations.readOnlyHint && !tool.stream && !exclude.has(tool.name));
  const names = rootFieldNames(tools);
  const fields: Record<string, GraphQLFieldConfig<unknown, unknown>> = {};
  for (const tool of tools) {
    const field = names.get(tool.name);
    if (!field) continue;
    const descriptor = registry.describe(tool.name)!;
    const input = descriptor.inputSchema as JsonSchema;
    const output = descriptor.outputSchema as JsonSchema;
    const args: GraphQLFieldConfigArgumentMap = Object.fromEntries(
      properties(input).map(([arg, argSchema]) => [
        arg,
        { type: scalarOf(argSchema, 'input'), ...(typeof argSchema.description === 'string' ? { description: argSchema.description } : {}) },
      ]),
    );
    const pageRows = tool.page?.rows as string | undefined;
    const onlyRows = properties(output).every(([name]) => name === pageRows || PAGE_FIELDS.has(name));
    const rows = pageRows && onlyRows ? pageRows : undefined;
    const rowSchema = rows ? resolveRef((output.properties as Record<string, JsonSchema>)[rows]?.items as JsonSchema | undefined, output) : undefined;
    const typeName = `${pascal(field)}${rows ? 'Row' : 'Result'}`;
    const typed = objectType(typeName, rows ? rowSchema : output, `${rows ? 'One row' : 'The answer'} of the tool ${tool.name}.`);
    const type: GraphQLOutputType = typed ? (rows ? new GraphQLList(typed) : typed) : JSONScalar;
    fields[field] = {
      type,
      args,
      description: `${tool.title}: the tool ${tool.name} (scope ${tool.scope}). ${tool.description}`,
      resolve: async (_source, fieldArgs: Record<string, unknown>, context) => {
        const answer = (await (context as CallTool)(tool.name, fieldArgs)) as Record<string, unknown>;
        return rows ? answer[rows] : answer;
      },
    };
  }
  return new GraphQLSchema({ query: new GraphQLObjectType({ name: 'Query', fields }) });
}
