import type { IncomingMessage, OutgoingHttpHeaders } from 'node:http';
import { EngineError } from '@headlessanalytics/engine';

/**
 * The HTTP protocol details of `/api/graphql` (GraphQL over HTTP): media types, GET requests, request parameters and
 * the status code of a GraphQL response. What a document means and how it runs stays with the engine's run_graphql.
 */

export const GRAPHQL_PATH = '/api/graphql';
export const GRAPHQL_TOOL = 'run_graphql';
/** Methods the GraphQL endpoint answers (besides OPTIONS). */
export const GRAPHQL_METHODS = ['GET', 'POST'] as const;

export const GRAPHQL_RESPONSE_JSON = 'application/graphql-response+json';
export const APPLICATION_JSON = 'application/json';
export type GraphqlMediaType = typeof GRAPHQL_RESPONSE_JSON | typeof APPLICATION_JSON;

export const isGraphqlPath = (pathname: string): boolean => pathname === GRAPHQL_PATH || pathname === `${GRAPHQL_PATH}/`;

/**
 * The media type of the answer from the Accept header: `application/graphql-response+json` when the client ranks it
 * at least as high as `application/json` (or a wildcard), else `application/json`, which is also the answer to a
 * request without Accept or accepting neither (a legacy client still gets a readable JSON body).
 */
export function negotiateMediaType(accept: string | undefined): GraphqlMediaType {
  if (accept === undefined || accept.trim() === '') return APPLICATION_JSON;
  let best: GraphqlMediaType = APPLICATION_JSON;
  let bestQuality = -1;
  for (const part of accept.split(',')) {
    const [range = '', ...params] = part.split(';').map((piece) => piece.trim().toLowerCase());
    let quality = 1;
    for (const param of params) {
      const [name, value] = param.split('=').map((piece) => piece.trim());
      if (name === 'q' && value !== undefined) quality = Number(value);
    }
    if (!Number.isFinite(quality) || quality <= 0) continue;
    const type: GraphqlMediaType | undefined =
      range === GRAPHQL_RESPONSE_JSON ? GRAPHQL_RESPONSE_JSON : range === APPLICATION_JSON || range === 'application/*' || range === '*/*' ? APPLICATION_JSON : undefined;
    // Earlier entries win ties, as the client listed them.
    if (type !== undefined && quality > bestQuality) {
      best = type;
      bestQuality = quality;
    }
  }
  return best;
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

function invalid(path: string, message: string, status?: number): EngineError {
  const error = new EngineError('INVALID_INPUT', `${path ? `${path}: ` : ''}${message}`, { details: { issues: [{ path, message }] } });
  if (status !== undefined) (error as EngineError & { httpStatus?: number }).httpStatus = status;
  return error;
}

/** The HTTP status an error of this route takes when it is not the error table's (415 for a media type, 405 for a mutation over GET). */
export const statusOverrideOf = (error: unknown): number | undefined => (error as { httpStatus?: number } | null)?.httpStatus;

/** A POST body must be `application/json` (utf-8, the default when no charset is named). */
export function checkContentType(request: IncomingMessage): void {
  const header = request.headers['content-type'];
  const [type = '', ...params] = (header ?? '').split(';').map((piece) => piece.trim().toLowerCase());
  if (type !== APPLICATION_JSON) {
    throw invalid('', `a GraphQL request over POST must have Content-Type: application/json${header ? ` (not ${header})` : ''}.`, 415);
  }
  for (const param of params) {
    const [name, value = ''] = param.split('=').map((piece) => piece.trim());
    if (name === 'charset' && value.replace(/^"|"$/g, '') !== 'utf-8') throw invalid('', `the request body must be utf-8 (not charset=${value}).`, 415);
  }
}

/** The request parameters of a GET: `query`, `operationName`, and `variables` / `extensions` as URL-encoded JSON. */
export function paramsOfQuery(query: URLSearchParams | undefined): Record<string, unknown> {
  const params: Record<string, unknown> = {};
  if (!query) return params;
  for (const name of ['query', 'operationName'] as const) {
    const value = query.get(name);
    if (value !== null) params[name] = value;
  }
  for (const name of ['variables', 'extensions'] as const) {
    const value = query.get(name);
    if (value === null || value === '') continue;
    try {
      params[name] = JSON.parse(value);
    } catch (error) {
      throw invalid(name, `must be a JSON object (${(error as Error).message}).`);
    }
  }
  return params;
}

/**
 * The tool input of a GraphQL request's parameters: `query` a string, `operationName` a string, `variables` and
 * `extensions` maps, each of the last three optional and null meaning absent. `extensions` is read and dropped (no
 * extension is implemented). Other fields of a POST body are passed on, so the tool's strict input still names them.
 */
export function graphqlInput(params: unknown): Record<string, unknown> {
  if (params === undefined) throw invalid('query', 'the request has no body; send {"query": "<GraphQL document>"}.');
  if (!isPlainObject(params)) throw invalid('', 'the request body must be a JSON object with a query (batches are not supported).');
  const { query, operationName, variables, extensions, ...rest } = params;
  if (query === undefined || query === null) throw invalid('query', 'a GraphQL document string is required.');
  if (typeof query !== 'string') throw invalid('query', 'must be a string holding the GraphQL document.');
  if (operationName !== undefined && operationName !== null && typeof operationName !== 'string') throw invalid('operationName', 'must be a string or null.');
  if (variables !== undefined && variables !== null && !isPlainObject(variables)) throw invalid('variables', 'must be a map of variable values or null.');
  if (extensions !== undefined && extensions !== null && !isPlainObject(extensions)) throw invalid('extensions', 'must be a map or null.');
  return {
    ...rest,
    query,
    ...(typeof operationName === 'string' ? { operationName } : {}),
    ...(isPlainObject(variables) ? { variables } : {}),
  };
}

/** Refuses a mutation or subscription over GET (405, `Allow: POST`): a GET must not change anything. */
export function checkGetOperation(query: string, operationName: string | undefined): void {
  const operations = operationsOf(query);
  if (!operations) return;
  const chosen = operationName === undefined ? (operations.length === 1 ? operations[0] : undefined) : operations.find((operation) => operation.name === operationName);
  if (chosen && chosen.type !== 'query') {
    throw invalid('query', `a ${chosen.type} cannot be sent with GET; only query operations run over GET.`, 405);
  }
}

interface OperationHead {
  type: 'query' | 'mutation' | 'subscription';
  name: string | undefined;
}

const NAME = /[_A-Za-z][_0-9A-Za-z]*/y;

/**
 * The operations of a document (type and name), from its top-level definitions; undefined when the text does not
 * lex, which the engine then reports as a syntax error. Only the heads are read: the engine parses the document.
 */
export function operationsOf(text: string): OperationHead[] | undefined {
  const operations: OperationHead[] = [];
  let depth = 0;
  /** Between definitions; in the head of an operation (`mutation Name($v: T) @d`); or in a fragment's head. */
  let state: 'between' | 'operation-head' | 'other-head' = 'between';
  let current: OperationHead | undefined;
  let index = 0;
  while (index < text.length) {
    const char = text[index]!;
    if (char === '#') {
      while (index < text.length && text[index] !== '\n' && text[index] !== '\r') index += 1;
      continue;
    }
    if (char === '"') {
      if (text.startsWith('"""', index)) {
        index += 3;
        while (index < text.length && !text.startsWith('"""', index)) index += text[index] === '\\' && text.startsWith('\\"""', index) ? 4 : 1;
        if (index >= text.length) return undefined;
        index += 3;
      } else {
        index += 1;
        while (index < text.length && text[index] !== '"') {
          if (text[index] === '\n' || text[index] === '\r') return undefined;
          index += text[index] === '\\' ? 2 : 1;
        }
        if (index >= text.length) return undefined;
        index += 1;
      }
      continue;
    }
    if (char === '{' || char === '(' || char === '[') {
      if (char === '{' && depth === 0) {
        if (state === 'between') operations.push({ type: 'query', name: undefined });
        state = 'between';
        current = undefined;
      }
      depth += 1;
      index += 1;
      continue;
    }
    if (char === '}' || char === ')' || char === ']') {
      depth -= 1;
      if (depth < 0) return undefined;
      index += 1;
      continue;
    }
    NAME.lastIndex = index;
    const name = NAME.exec(text)?.[0];
    if (name !== undefined) {
      if (depth === 0) {
        if (state === 'between') {
          if (name === 'query' || name === 'mutation' || name === 'subscription') {
            current = { type: name, name: undefined };
            operations.push(current);
            state = 'operation-head';
          } else state = 'other-head';
        } else if (state === 'operation-head' && current && current.name === undefined) {
          current.name = name;
        }
      }
      index += name.length;
      continue;
    }
    // `@directive` and `$variable` mark the end of an operation's name position; skip their sigil.
    if (depth === 0 && state === 'operation-head' && current && (char === '@' || char === '$') && current.name === undefined) current.name = '';
    index += 1;
  }
  if (depth !== 0) return undefined;
  return operations.map((operation) => (operation.name === '' ? { ...operation, name: undefined } : operation));
}

export interface GraphqlAnswer {
  data?: unknown;
  errors?: Array<{ path?: unknown }>;
}

/**
 * The status and body of a GraphQL response. A request error (the document does not parse or validate, or variables
 * do not coerce, so nothing executed) has no data entry: 400 for `application/graphql-response+json`, 200 for
 * `application/json` (whose clients read the body of any 200). Field errors always carry a path; an answer whose
 * data is null and whose errors have none is such a request error, and is sent without the null data.
 */
export function graphqlResponse(output: unknown, mediaType: GraphqlMediaType): { status: number; body: unknown } {
  const answer = (isPlainObject(output) ? output : {}) as GraphqlAnswer;
  const errors = Array.isArray(answer.errors) ? answer.errors : [];
  const requestError =
    errors.length > 0 && (answer.data === undefined || (answer.data === null && errors.every((error) => !isPlainObject(error) || error.path === undefined)));
  if (!requestError) return { status: 200, body: output };
  const { data: _data, ...body } = answer;
  return { status: mediaType === GRAPHQL_RESPONSE_JSON ? 400 : 200, body };
}

/** `Vary: Accept` added to the headers (the answer's media type follows the Accept header). */
export function withVaryAccept(headers: OutgoingHttpHeaders): OutgoingHttpHeaders {
  const vary = headers.vary;
  return { ...headers, vary: vary === undefined ? 'Accept' : `${Array.isArray(vary) ? vary.join(', ') : String(vary)}, Accept` };
}
