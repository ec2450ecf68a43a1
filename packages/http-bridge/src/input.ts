import { EngineError, type JsonSchema, type RestAlias } from '@headlessanalytics/engine';
import { coerceField, coerceQuery } from './coerce-query.js';
import { CREDENTIAL_FIELDS } from './credentials.js';
import type { AuthMode } from './router.js';

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/** Credential fields (`key`, `token`) of Agent Analytics routes that the tool's input does not declare. */
export function credentialFieldsToOmit(mode: AuthMode, inputSchema: JsonSchema): ReadonlySet<string> {
  if (mode !== 'agent-analytics') return EMPTY;
  const properties = (inputSchema.properties ?? {}) as Record<string, unknown>;
  return new Set(Object.values(CREDENTIAL_FIELDS).filter((name) => !Object.hasOwn(properties, name)));
}

const EMPTY: ReadonlySet<string> = new Set();

function without(body: Record<string, unknown>, omit: ReadonlySet<string>): Record<string, unknown> {
  if (omit.size === 0 || !Object.keys(body).some((name) => omit.has(name))) return body;
  return Object.fromEntries(Object.entries(body).filter(([name]) => !omit.has(name)));
}

/** Input of a generic `POST /api/tools/{name}` call: the body itself. */
export function toolInput(body: unknown, omit: ReadonlySet<string>): unknown {
  if (body === undefined) return {};
  return isPlainObject(body) ? without(body, omit) : body;
}

/**
 * Input of an alias call: query parameters, then the JSON body, then path parameters (which win), each
 * query and path value coerced by the tool's input JSON Schema.
 */
export function aliasInput(
  alias: RestAlias,
  inputSchema: JsonSchema,
  body: unknown,
  query: URLSearchParams | undefined,
  pathParams: Record<string, string>,
  omit: ReadonlySet<string>,
): unknown {
  const properties = (inputSchema.properties ?? {}) as Record<string, JsonSchema>;
  if (alias.fields) ({ body, query } = withFieldNames(alias.fields, body, query));
  const fromQuery = query ? coerceQuery(query, inputSchema, omit) : undefined;
  let fromPath: Record<string, unknown> | undefined;
  for (const [param, value] of Object.entries(pathParams)) {
    const field = alias.params?.[param] ?? param;
    (fromPath ??= {})[field] = coerceField([value], Object.hasOwn(properties, field) ? properties[field] : undefined, inputSchema);
  }
  const hasParams = (fromQuery && Object.keys(fromQuery).length > 0) || fromPath !== undefined;
  if (body !== undefined && !isPlainObject(body)) {
    if (!hasParams) return body;
    throw new EngineError('INVALID_INPUT', 'Request body must be a JSON object on this route.', {
      details: { issues: [{ path: '', message: 'body must be a JSON object' }] },
    });
  }
  if (!hasParams) return body === undefined ? {} : without(body, omit);
  return { ...fromQuery, ...(body === undefined ? {} : without(body, omit)), ...fromPath };
}

/** Query and body with the route's documented wire names (RestAlias.fields) renamed to the tool's fields; a field given under both names keeps the tool's. */
function withFieldNames(fields: Record<string, string>, body: unknown, query: URLSearchParams | undefined) {
  let renamedQuery = query;
  let renamedBody = body;
  for (const [wire, field] of Object.entries(fields)) {
    if (renamedQuery?.has(wire)) {
      renamedQuery = new URLSearchParams(renamedQuery);
      const values = renamedQuery.getAll(wire);
      renamedQuery.delete(wire);
      if (!renamedQuery.has(field)) for (const value of values) renamedQuery.append(field, value);
    }
    if (isPlainObject(renamedBody) && Object.hasOwn(renamedBody, wire)) {
      const { [wire]: value, ...rest } = renamedBody;
      renamedBody = Object.hasOwn(rest, field) ? rest : { ...rest, [field]: value };
    }
  }
  return { body: renamedBody, query: renamedQuery };
}

/**
 * An error of an alias call, naming the fields the request sent under a documented wire name by that name (issue
 * paths and message), so a client of that API reads the name it sent.
 */
export function inWireNames(error: EngineError, alias: RestAlias, body: unknown, query: URLSearchParams | undefined): EngineError {
  const used = Object.entries(alias.fields ?? {}).filter(([wire]) => query?.has(wire) || (isPlainObject(body) && Object.hasOwn(body, wire)));
  if (used.length === 0) return error;
  const rename = (text: string) =>
    used.reduce((out, [wire, field]) => out.replace(new RegExp(`(?<![\\w.])${field}(?![\\w])`, 'g'), wire), text);
  const issues = error.details?.issues?.map((issue) => ({ ...issue, path: rename(issue.path) }));
  const renamed = new EngineError(error.code, rename(error.message), {
    ...(error.details ? { details: { ...error.details, ...(issues ? { issues } : {}) } } : {}),
    cause: error.cause,
  });
  renamed.requestId = error.requestId;
  return renamed;
}
