import {
  AGENT_ANALYTICS_CODES,
  agentAnalyticsCodesByStatus,
  ENGINE_VERSION,
  ERROR_CODES,
  ERROR_TABLE,
  MAX_INPUT_DEPTH,
  type JsonSchema,
  type RestAlias,
  type RestResponse,
  type ToolDescriptor,
  type ToolRegistry,
} from '@headlessanalytics/engine';
import { APPLICATION_JSON, GRAPHQL_PATH, GRAPHQL_RESPONSE_JSON, GRAPHQL_TOOL } from './graphql-http.js';
import { BODY_METHODS, OPENAPI_PATH, TOOLS_PATH } from './router.js';
import { omitProperties, pathFieldOf, pathParamsOf, SchemaComponents } from './openapi-schemas.js';

export interface OpenApiOptions {
  /** Base URL of the deployment, e.g. `https://api.example.com`. */
  serverUrl?: string;
  title?: string;
  version?: string;
}

export type OpenApiDocument = Record<string, unknown> & { paths: Record<string, Record<string, Operation>> };
type Operation = Record<string, unknown>;

const SECURITY: Record<NonNullable<RestAlias['auth']>, Array<Record<string, string[]>>> = {
  bearer: [{ bearerAuth: [] }],
  'agent-analytics': [{ bearerAuth: [] }, { apiKey: [] }],
  none: [{}, { bearerAuth: [] }],
};

const camel = (name: string): string => name.replace(/_([a-z0-9])/g, (_, letter: string) => letter.toUpperCase());
const pascal = (name: string): string => camel(name).replace(/^[a-z]/, (letter) => letter.toUpperCase());

type ErrorRefs = Record<string, { $ref: string }>;

/**
 * One shared response per HTTP status of the error table, each listing the codes it carries: the engine's codes
 * (`Error400`, …, body `Error`) and the Agent Analytics routes' (`AgentAnalyticsError400`, …, body `AgentAnalyticsError`).
 */
function errorResponses(): { components: Record<string, unknown>; refs: ErrorRefs; agentAnalyticsRefs: ErrorRefs } {
  const byStatus = new Map<number, string[]>();
  for (const code of ERROR_CODES) {
    const status = ERROR_TABLE[code].httpStatus;
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  const components: Record<string, unknown> = {};
  const add = (prefix: string, schema: string, statuses: Iterable<[number, readonly string[]]>): ErrorRefs => {
    const refs: ErrorRefs = {};
    for (const [status, codes] of [...statuses].sort(([a], [b]) => a - b)) {
      const name = `${prefix}${status}`;
      const headers: Record<string, unknown> = {};
      if (status === 429) headers['Retry-After'] = { description: 'Seconds to wait before retrying.', schema: { type: 'integer' } };
      if (status === 401) headers['WWW-Authenticate'] = { description: 'Bearer challenge.', schema: { type: 'string' } };
      components[name] = {
        description: codes.join(' or '),
        ...(Object.keys(headers).length > 0 ? { headers } : {}),
        content: { 'application/json': { schema: { $ref: `#/components/schemas/${schema}` } } },
      };
      refs[String(status)] = { $ref: `#/components/responses/${name}` };
    }
    return refs;
  };
  const refs = add('Error', 'Error', byStatus);
  const agentAnalyticsRefs = add('AgentAnalyticsError', 'AgentAnalyticsError', agentAnalyticsCodesByStatus());
  return { components, refs, agentAnalyticsRefs };
}

const ERROR_SCHEMA: JsonSchema = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message', 'details', 'requestId'],
      properties: {
        code: { type: 'string', enum: [...ERROR_CODES] },
        message: { type: 'string' },
        details: { type: 'object', description: '`issues[]` (field `path` and `message`) for INVALID_INPUT; `retryAfterSeconds` for RATE_LIMITED.' },
        requestId: { type: 'string' },
      },
    },
  },
};

const AGENT_ANALYTICS_ERROR_SCHEMA: JsonSchema = {
  type: 'object',
  required: ['error', 'message', 'requestId'],
  properties: {
    error: { type: 'string', enum: [...AGENT_ANALYTICS_CODES] },
    message: { type: 'string' },
    requestId: { type: 'string' },
    details: { type: 'object', description: '`issues[]` (field `path` and `message`) for input errors; `retryAfterSeconds` for RATE_LIMITED. Absent when empty.' },
  },
};

/** The rules every operation's input follows, stated once here instead of in each schema. */
const INPUT_RULES =
  `Every operation: \`null\` for an optional field means the field is absent (its default applies); \`null\` for a ` +
  'required field is an error naming it; a field whose description says so takes `null` as a value (e.g. to clear ' +
  `it). Objects and arrays in an input nest at most ${MAX_INPUT_DEPTH} levels. Errors on /api routes are ` +
  '`{"error": {"code", "message", "details", "requestId"}}`; on the Agent Analytics routes (outside /api) ' +
  '`{"error": "<CODE>", "message", "requestId", "details"}`, as that API answers them.';

function queryParameters(input: JsonSchema, skip: ReadonlySet<string>): unknown[] {
  const properties = (input.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((input.required ?? []) as string[]);
  return Object.entries(properties)
    .filter(([name]) => !skip.has(name))
    .map(([name, schema]) => {
      const isObject = schema.type === 'object' || typeof schema.$ref === 'string';
      const { description, ...rest } = schema;
      return {
        name,
        in: 'query',
        required: required.has(name),
        ...(typeof description === 'string' ? { description } : {}),
        ...(isObject ? { content: { 'application/json': { schema: rest } } } : { schema: rest, explode: true }),
      };
    });
}

/** The input schema with each field that the route also takes under a documented wire name saying so. */
function withWireNames(input: JsonSchema, fields: Record<string, string> | undefined): JsonSchema {
  if (!fields) return input;
  const properties = { ...((input.properties ?? {}) as Record<string, JsonSchema>) };
  for (const [wire, field] of Object.entries(fields)) {
    const property = properties[field];
    if (property) properties[field] = { ...property, description: `${String(property.description ?? '')} Also accepted as \`${wire}\`.`.trim() };
  }
  return { ...input, properties };
}

/** JSON of the output, or what an alias's special response sends (an event stream, a raw text field). */
function successContent(special: RestResponse | undefined, output: JsonSchema): Record<string, unknown> {
  if (special?.kind === 'sse') {
    return { 'text/event-stream': { schema: { type: 'string', description: 'Server-Sent Events: `id:` per item, `data:` the item as JSON.' } } };
  }
  if (special?.kind === 'raw') return { [special.contentType]: { schema: special.encoding === 'base64' ? { type: 'string', format: 'binary' } : { type: 'string' } } };
  if (special?.kind === 'redirect') {
    return special.body ? { [special.body.contentType]: { schema: { type: 'string' } }, 'application/json': { schema: output } } : { 'application/json': { schema: output } };
  }
  return { 'application/json': { schema: output } };
}

function operationOf(
  tool: ToolDescriptor,
  schemas: SchemaComponents,
  errors: ErrorRefs,
  route: { alias?: RestAlias; method: string; operationId: string; divertedTo?: ToolDescriptor | undefined },
): Operation {
  const alias = route.alias;
  let input = withWireNames(schemas.hoist(tool.inputSchema), alias?.fields);
  let output = schemas.hoist(tool.outputSchema);
  const diverted = alias?.divert ? route.divertedTo : undefined;
  if (alias?.divert && diverted) {
    const flag = {
      type: 'boolean',
      default: false,
      description: `true: runs ${diverted.name} instead (${diverted.scope} scope): ${diverted.description}`,
    };
    input = { ...input, properties: { ...((input.properties ?? {}) as Record<string, JsonSchema>), [alias.divert.field]: flag } };
    output = { anyOf: [output, schemas.hoist(diverted.outputSchema)] };
  }
  const pathParams = alias ? pathParamsOf(alias.path) : [];
  const pathFields = new Set(pathParams.map((name) => pathFieldOf(alias!, name)));
  // Fields the route fills from the request itself: documented as the headers they come from, not as query or body.
  const fromRequest = alias?.requestFields ?? [];
  const requestFields = new Set(fromRequest.map((spec) => spec.field));
  const properties = (input.properties ?? {}) as Record<string, JsonSchema>;
  const parameters: unknown[] = pathParams.map((name) => ({
    name,
    in: 'path',
    required: true,
    schema: properties[pathFieldOf(alias!, name)] ?? { type: 'string' },
  }));
  for (const spec of fromRequest) {
    if (!('header' in spec)) continue;
    const { description, ...schema } = properties[spec.field] ?? { type: 'string' };
    parameters.push({ name: spec.header, in: 'header', required: false, ...(typeof description === 'string' ? { description } : {}), schema });
  }
  const skipped = new Set([...pathFields, ...requestFields]);
  let requestBody: unknown;
  const raw = fromRequest.find((spec) => 'rawBody' in spec);
  if (raw && BODY_METHODS.has(route.method)) {
    // The body is taken as sent (a webhook's signature covers its bytes); the other input comes from the query.
    const { description } = properties[raw.field] ?? {};
    requestBody = { required: true, content: { '*/*': { schema: { type: 'string', ...(typeof description === 'string' ? { description } : {}) } } } };
    parameters.push(...queryParameters(input, skipped));
  } else if (BODY_METHODS.has(route.method)) {
    const body = omitProperties(input, skipped);
    requestBody = { required: ((body.required ?? []) as string[]).length > 0, content: { 'application/json': { schema: body } } };
  } else parameters.push(...queryParameters(input, skipped));
  const status = typeof alias?.status === 'number' ? String(alias.status) : typeof alias?.status === 'function' ? '2XX' : '200';
  const redirect =
    alias?.response?.kind === 'redirect'
      ? { '302': { description: 'Redirect to the answer\'s target (never cached).', headers: { Location: { description: 'The target URL.', schema: { type: 'string', format: 'uri' } } } } }
      : {};
  return {
    operationId: route.operationId,
    summary: tool.title,
    description: tool.description,
    tags: [tool.toolset],
    security: SECURITY[alias?.auth ?? 'bearer'],
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(requestBody ? { requestBody } : {}),
    responses: { ...redirect, [status]: { description: tool.title, content: successContent(alias?.response, output) }, ...errors },
    'x-tool-name': tool.name,
    'x-scope': tool.scope,
  };
}

/**
 * `/api/graphql` speaks GraphQL over HTTP rather than the REST conventions (graphql-http.ts): its POST (derived from
 * run_graphql's alias like any route) answers in both media types, a request error (a document that does not parse
 * or validate, a variable of the wrong type) is a GraphQL response too — 400 for application/graphql-response+json,
 * 200 for application/json — and a GET takes the same request as URL parameters (queries only).
 */
function documentGraphqlOverHttp(route: Record<string, Operation> | undefined): void {
  const post = route?.post;
  if (!route || !post || post['x-tool-name'] !== GRAPHQL_TOOL) return;
  const responses = post.responses as Record<string, { description: string; content: Record<string, { schema: unknown }> }>;
  const schema = responses['200']!.content[APPLICATION_JSON]!.schema;
  const graphqlResponse = { [GRAPHQL_RESPONSE_JSON]: { schema }, [APPLICATION_JSON]: { schema } };
  const { '400': _restInvalid, ...otherErrors } = responses;
  const common = {
    '200': { description: 'A GraphQL response: `data` (a failing field is null) and `errors`, in the media type the Accept header ranks first.', content: graphqlResponse },
    '400': {
      description: 'With Accept: application/graphql-response+json, a request error (the document does not parse or validate, a variable does not coerce): `errors` without `data`.',
      content: { [GRAPHQL_RESPONSE_JSON]: { schema } },
    },
    ...Object.fromEntries(Object.entries(otherErrors).filter(([status]) => status !== '200')),
  };
  route.post = { ...post, description: `${String(post.description)} GraphQL over HTTP: POST application/json {query, variables, operationName}, or GET with the same as URL parameters (queries only).`, responses: common };
  const jsonParam = (name: string, description: string) => ({ name, in: 'query', required: false, description, schema: { type: 'string' } });
  const { requestBody: _body, ...postWithoutBody } = post;
  route.get = {
    ...postWithoutBody,
    operationId: `${String(post.operationId)}Get`,
    description: 'A GraphQL query over GET (no mutation may run over GET: 405). The same document, variables and limits as the POST.',
    parameters: [
      { name: 'query', in: 'query', required: true, description: 'The GraphQL document.', schema: { type: 'string' } },
      { name: 'operationName', in: 'query', required: false, description: 'Which operation of the document to run.', schema: { type: 'string' } },
      jsonParam('variables', 'The variables as URL-encoded JSON, e.g. {"limit":5}.'),
      jsonParam('extensions', 'Request extensions as URL-encoded JSON (read and ignored).'),
    ],
    responses: { ...common, '405': { description: 'A mutation or subscription over GET.' } },
  };
}

/** OpenAPI 3.1 from the registry: one operation per REST alias and per generic tool route. Nothing hand-written per tool. */
export function buildOpenApiDocument(registry: ToolRegistry, options: OpenApiOptions = {}): OpenApiDocument {
  const schemas = new SchemaComponents({ Error: ERROR_SCHEMA, AgentAnalyticsError: AGENT_ANALYTICS_ERROR_SCHEMA });
  const errors = errorResponses();
  const paths: OpenApiDocument['paths'] = {};
  const add = (path: string, method: string, operation: Operation) => ((paths[path] ??= {})[method.toLowerCase()] = operation);
  const aliasCount = new Map<string, number>();
  for (const alias of registry.restAliases()) {
    const tool = registry.describe(alias.tool)!;
    const seen = aliasCount.get(alias.tool) ?? 0;
    aliasCount.set(alias.tool, seen + 1);
    const operationId = seen === 0 ? camel(tool.name) : `${camel(tool.name)}${pascal(alias.method.toLowerCase())}${pascal(alias.path.replace(/[^a-z0-9]+/gi, '_').replace(/^_|_$/g, '').toLowerCase())}`;
    const refs = alias.auth === 'agent-analytics' ? errors.agentAnalyticsRefs : errors.refs;
    const divertedTo = alias.divert ? registry.describe(alias.divert.tool) : undefined;
    add(alias.path, alias.method, operationOf(tool, schemas, refs, { alias, method: alias.method, operationId, divertedTo }));
  }
  documentGraphqlOverHttp(paths[GRAPHQL_PATH]);
  const catalogue = registry.descriptors();
  for (const tool of catalogue) {
    add(`${TOOLS_PATH}/${tool.name}`, 'POST', operationOf(tool, schemas, errors.refs, { method: 'POST', operationId: `call${pascal(tool.name)}` }));
  }
  const json = (schema: JsonSchema) => ({ content: { 'application/json': { schema } } });
  add(TOOLS_PATH, 'GET', {
    operationId: 'listTools',
    summary: 'List tools',
    description: 'Every tool with its JSON Schemas; call one with POST /api/tools/{name}.',
    tags: ['meta'],
    security: SECURITY.none,
    responses: { '200': { description: 'Tool descriptors', ...json({ type: 'object', required: ['tools'], properties: { tools: { type: 'array', items: { type: 'object' } } } }) }, ...errors.refs },
  });
  add(OPENAPI_PATH, 'GET', {
    operationId: 'getOpenApiDocument',
    summary: 'OpenAPI document',
    description: 'This document.',
    tags: ['meta'],
    security: [{}],
    responses: { '200': { description: 'OpenAPI 3.1 document', ...json({ type: 'object' }) } },
  });
  const toolsets = [...new Set(catalogue.map((tool) => tool.toolset)), 'meta'];
  return {
    openapi: '3.1.0',
    info: {
      title: options.title ?? 'HeadlessAnalytics API',
      version: options.version ?? ENGINE_VERSION,
      description: `API-first analytics and operating intelligence. Generated from the tool registry. ${INPUT_RULES}`,
    },
    servers: [{ url: options.serverUrl ?? '/' }],
    security: SECURITY.bearer,
    tags: toolsets.map((name) => ({ name })),
    paths,
    components: {
      schemas: schemas.all(),
      responses: errors.components,
      securitySchemes: {
        bearerAuth: { type: 'http', scheme: 'bearer', description: 'Workspace API key: `Authorization: Bearer ha_live_…`.' },
        apiKey: { type: 'apiKey', in: 'header', name: 'X-API-Key', description: 'Workspace API key (Agent Analytics routes).' },
      },
    },
  };
}
