import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serverAudits, type AuditResult } from 'graphql-http';
import { startBridge, type Bridge } from './rest-harness.js';

/**
 * The GraphQL over HTTP conformance audits of the `graphql-http` package against `/api/graphql` on a started server,
 * each request carrying the admin key as `Authorization: Bearer` (the endpoint takes no anonymous callers).
 *
 * No MUST audit may fail. The SHOULD and MAY audits that do not pass are listed below with the reason, so that a
 * regression (or a fix) changes the list and fails this test.
 */
const EXPECTED_WARN: Record<string, string> = {
  // None: every SHOULD audit passes.
};

const EXPECTED_NOTICE: Record<string, string> = {
  // None: every MAY audit passes.
};

let bridge: Bridge;
let results: AuditResult[];

beforeAll(async () => {
  bridge = await startBridge();
  const fetchFn: typeof fetch = (input, init = {}) => {
    const headers = new Headers(init.headers);
    headers.set('authorization', `Bearer ${bridge.adminKey}`);
    return fetch(input, { ...init, headers });
  };
  const audits = serverAudits({ url: `${bridge.url}/api/graphql`, fetchFn });
  results = [];
  for (const audit of audits) results.push(await audit.fn());
});
afterAll(() => bridge.close());

async function describeFailure(result: AuditResult): Promise<string> {
  if (result.status === 'ok') return `${result.id} ${result.name}`;
  let body = '';
  try {
    body = await result.response.clone().text();
  } catch {
    body = '(body already read)';
  }
  return `${result.id} ${result.name}: ${result.reason} (status ${result.response.status}, ${result.response.headers.get('content-type')}) ${body.slice(0, 300)}`;
}

describe('graphql-http server audits on /api/graphql', () => {
  it('runs the whole audit suite', () => {
    expect(results.length).toBeGreaterThan(50);
  });

  it('passes every MUST audit', async () => {
    const errors = await Promise.all(results.filter((result) => result.status === 'error').map(describeFailure));
    expect(errors).toEqual([]);
  });

  it('fails only the documented SHOULD audits', async () => {
    const warned = results.filter((result) => result.status === 'warn');
    expect(Object.fromEntries(await Promise.all(warned.map(async (result) => [result.id, await describeFailure(result)])))).toEqual(
      Object.fromEntries(Object.keys(EXPECTED_WARN).map((id) => [id, expect.any(String)])),
    );
  });

  it('fails only the documented MAY audits', async () => {
    const noticed = results.filter((result) => result.status === 'notice');
    expect(Object.fromEntries(await Promise.all(noticed.map(async (result) => [result.id, await describeFailure(result)])))).toEqual(
      Object.fromEntries(Object.keys(EXPECTED_NOTICE).map((id) => [id, expect.any(String)])),
    );
  });
});

interface GraphqlBody {
  data?: unknown;
  errors: Array<{ message: string; path?: unknown[]; extensions?: Record<string, unknown> }>;
}

describe('/api/graphql protocol details the audits do not reach', () => {
  const post = (body: unknown, accept = 'application/graphql-response+json') =>
    fetch(`${bridge.url}/api/graphql`, {
      method: 'POST',
      headers: { authorization: `Bearer ${bridge.adminKey}`, 'content-type': 'application/json', accept },
      body: JSON.stringify(body),
    });

  it('a variable that does not coerce is a request error: 400 without data for application/graphql-response+json, 200 for application/json', async () => {
    const body = { query: 'query Rows($n: Int!) { events(limit: $n) { event } }', variables: { n: null } };
    const strict = await post(body);
    expect(strict.status).toBe(400);
    expect(strict.headers.get('content-type')).toBe('application/graphql-response+json; charset=utf-8');
    const answer = (await strict.json()) as GraphqlBody;
    expect(answer).not.toHaveProperty('data');
    expect(answer.errors[0]!.message).toMatch(/\$n/);
    const legacy = await post(body, 'application/json');
    expect(legacy.status).toBe(200);
    expect(await legacy.json()).not.toHaveProperty('data');
  });

  it('a field error keeps 200 and its data for application/graphql-response+json', async () => {
    const reply = await post({ query: '{ events(limit: 0) { event } }' });
    expect(reply.status).toBe(200);
    const answer = (await reply.json()) as GraphqlBody;
    expect(answer.data).toEqual({ events: null });
    expect(answer.errors[0]).toMatchObject({ path: ['events'], extensions: { code: 'INVALID_INPUT', tool: 'query_events' } });
  });

  it('refuses a mutation over GET with 405 and Allow: POST; other methods get 405 with Allow: GET, POST', async () => {
    const url = new URL(`${bridge.url}/api/graphql`);
    url.searchParams.set('query', 'query Read { __typename } mutation Write { __typename }');
    url.searchParams.set('operationName', 'Write');
    const mutation = await fetch(url, { headers: { authorization: `Bearer ${bridge.adminKey}` } });
    expect(mutation.status).toBe(405);
    expect(mutation.headers.get('allow')).toBe('POST');
    expect(((await mutation.json()) as GraphqlBody).errors[0]!.message).toMatch(/only query operations run over GET/);
    url.searchParams.set('operationName', 'Read');
    const read = await fetch(url, { headers: { authorization: `Bearer ${bridge.adminKey}` } });
    expect(read.status).toBe(200);
    expect(await read.json()).toEqual({ data: { __typename: 'Query' } });
    const put = await fetch(`${bridge.url}/api/graphql`, { method: 'PUT', headers: { authorization: `Bearer ${bridge.adminKey}` } });
    expect(put.status).toBe(405);
    expect(put.headers.get('allow')).toBe('GET, POST');
  });

  it('answers protocol errors in the GraphQL format with the engine error code: 415, 400, 401', async () => {
    const text = await fetch(`${bridge.url}/api/graphql`, {
      method: 'POST',
      headers: { authorization: `Bearer ${bridge.adminKey}`, 'content-type': 'text/plain' },
      body: '{ __typename }',
    });
    expect(text.status).toBe(415);
    expect(((await text.json()) as GraphqlBody).errors[0]!.extensions).toMatchObject({ code: 'INVALID_INPUT' });
    const latin1 = await fetch(`${bridge.url}/api/graphql`, {
      method: 'POST',
      headers: { authorization: `Bearer ${bridge.adminKey}`, 'content-type': 'application/json; charset=latin1' },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(latin1.status).toBe(415);
    const batch = await post([{ query: '{ __typename }' }]);
    expect(batch.status).toBe(400);
    expect(((await batch.json()) as GraphqlBody).errors[0]).toMatchObject({ message: expect.stringMatching(/JSON object/), extensions: { code: 'INVALID_INPUT' } });
    const anonymous = await fetch(`${bridge.url}/api/graphql?query=%7B__typename%7D`);
    expect(anonymous.status).toBe(401);
    expect(((await anonymous.json()) as GraphqlBody).errors[0]!.extensions).toMatchObject({ code: 'UNAUTHENTICATED' });
  });

  it('lists GET and POST in the CORS preflight', async () => {
    const preflight = await fetch(`${bridge.url}/api/graphql`, { method: 'OPTIONS', headers: { origin: 'https://app.example', 'access-control-request-method': 'GET' } });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('allow')).toBe('GET, POST, OPTIONS');
  });
});
