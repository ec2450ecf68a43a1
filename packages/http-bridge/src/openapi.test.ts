import { Validator } from '@seriousme/openapi-schema-validator';
import { Engine } from '@headlessanalytics/engine';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOpenApiDocument, type OpenApiDocument } from './openapi.js';

type Operation = Record<string, unknown> & { parameters?: Array<{ name: string; in: string }> };

describe('buildOpenApiDocument', () => {
  let engine: Engine;
  let document: OpenApiDocument;
  beforeAll(async () => {
    engine = await Engine.open({ databaseUrl: ':memory:' });
    document = buildOpenApiDocument(engine.registry, { serverUrl: 'https://api.example.com' });
  });
  afterAll(() => engine.close());

  const operations = (): Array<[string, string, Operation]> =>
    Object.entries(document.paths).flatMap(([path, methods]) => Object.entries(methods).map(([method, operation]): [string, string, Operation] => [path, method, operation]));

  it('is a valid OpenAPI 3.1 document', async () => {
    const result = await new Validator().validate(structuredClone(document));
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(document.openapi).toBe('3.1.0');
    const broken = await new Validator().validate({ ...structuredClone(document), info: { title: 'no version' } });
    expect(broken.valid).toBe(false);
  });

  it('has a generic route for every registry tool and an operation for every REST alias', () => {
    for (const tool of engine.registry.descriptors()) {
      expect(document.paths[`/api/tools/${tool.name}`]?.post?.['x-tool-name']).toBe(tool.name);
    }
    for (const alias of engine.registry.restAliases()) {
      expect(document.paths[alias.path]?.[alias.method.toLowerCase()]?.['x-tool-name']).toBe(alias.tool);
    }
  });

  it('documents /api/graphql as GraphQL over HTTP: POST and GET, both media types, request errors as GraphQL responses', () => {
    const route = document.paths['/api/graphql']! as Record<string, Operation & { responses: Record<string, { content?: Record<string, unknown> }> }>;
    for (const method of ['post', 'get']) {
      const { responses } = route[method]!;
      expect(Object.keys(responses['200']!.content!).sort(), method).toEqual(['application/graphql-response+json', 'application/json']);
      // A request error is {errors} in the GraphQL format, not the REST error body.
      expect(responses['400']!.content, method).toEqual({ 'application/graphql-response+json': { schema: (responses['200']!.content!['application/json'] as { schema: unknown }).schema } });
      expect(route[method]!['x-tool-name']).toBe('run_graphql');
    }
    expect(route.get!.parameters!.map((parameter) => `${parameter.in}:${parameter.name}`)).toEqual(['query:query', 'query:operationName', 'query:variables', 'query:extensions']);
    expect(route.get!.requestBody).toBeUndefined();
    expect(route.get!.responses['405']).toBeDefined();
  });

  it('documents a route that takes its body as sent (a webhook) with a raw body and the rest of its input as query parameters', () => {
    const withRawBody = engine.registry.restAliases().filter((alias) => alias.requestFields?.some((spec) => 'rawBody' in spec));
    expect(withRawBody.length).toBeGreaterThan(0);
    for (const alias of withRawBody) {
      const operation = document.paths[alias.path]![alias.method.toLowerCase()]! as Operation & { requestBody: { content: Record<string, { schema: { type: string } }> } };
      expect(Object.keys(operation.requestBody.content), alias.path).toEqual(['*/*']);
      expect(operation.requestBody.content['*/*']!.schema.type).toBe('string');
      const filled = new Set(alias.requestFields!.map((spec) => spec.field));
      expect(operation.parameters!.filter((parameter) => filled.has(parameter.name)), alias.path).toEqual([]);
      expect(operation.parameters!.filter((parameter) => parameter.in === 'query').length, alias.path).toBeGreaterThan(0);
    }
  });

  it('uses unique operation ids derived from tool names, tags by toolset', () => {
    const ids = operations().map(([, , operation]) => operation.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(document.paths['/api/ingest']?.post).toMatchObject({ operationId: 'ingestEvent', tags: ['events'] });
    expect(document.paths['/api/tools/ingest_event']?.post).toMatchObject({ operationId: 'callIngestEvent', tags: ['events'] });
  });

  it('declares every path parameter, takes GET input as query parameters and security per alias auth', () => {
    for (const [path, , operation] of operations()) {
      const declared = (operation.parameters ?? []).filter((parameter) => parameter.in === 'path').map((parameter) => parameter.name);
      expect(declared.sort()).toEqual([...path.matchAll(/\{([^}]+)\}/g)].map((match) => match[1]).sort());
    }
    const events = document.paths['/api/events']?.get as Operation;
    expect(events.parameters?.map((parameter) => parameter.name)).toContain('limit');
    expect(events.requestBody).toBeUndefined();
    expect(document.paths['/api/health']?.get?.security).toEqual([{}, { bearerAuth: [] }]);
    expect(document.paths['/api/ingest']?.post?.security).toEqual([{ bearerAuth: [] }]);
    expect(Object.keys((document.components as { securitySchemes: object }).securitySchemes)).toEqual(['bearerAuth', 'apiKey']);
  });

  it('points every $ref at an existing component and maps errors by the error table', () => {
    const text = JSON.stringify(document);
    expect(text).not.toContain('#/$defs/');
    const components = document.components as { schemas: Record<string, unknown>; responses: Record<string, unknown> };
    for (const [, kind, name] of text.matchAll(/"#\/components\/(schemas|responses)\/([^"]+)"/g)) {
      expect(components[kind as 'schemas' | 'responses'][name!], `${kind}/${name}`).toBeDefined();
    }
    const responses = document.paths['/api/ingest']?.post?.responses as Record<string, unknown>;
    expect(Object.keys(responses)).toEqual(expect.arrayContaining(['200', '400', '401', '403', '404', '409', '413', '429', '500', '503']));
    expect(components.responses.Error429).toMatchObject({ headers: { 'Retry-After': expect.any(Object) } });
  });

  it('gives the Agent Analytics routes that API\'s error body and codes, and states the input rules once', () => {
    const components = document.components as { schemas: Record<string, { properties?: Record<string, { enum?: string[] }> }>; responses: Record<string, { description: string }> };
    const track = document.paths['/track']?.post?.responses as Record<string, { $ref: string }>;
    expect(track['403']).toEqual({ $ref: '#/components/responses/AgentAnalyticsError403' });
    expect(document.paths['/api/ingest']?.post?.responses).toMatchObject({ '403': { $ref: '#/components/responses/Error403' } });
    expect(components.schemas.AgentAnalyticsError?.properties?.error?.enum).toEqual(expect.arrayContaining(['AUTH_REQUIRED', 'PROJECT_REQUIRED', 'INVALID_METRIC', 'RATE_LIMITED']));
    expect(components.responses.AgentAnalyticsError400?.description).toContain('PROJECT_REQUIRED');
    expect(components.responses.AgentAnalyticsError401?.description).toBe('AUTH_REQUIRED');
    const description = (document.info as { description: string }).description;
    expect(description).toContain('`null` for an optional field means the field is absent');
    expect(description).toContain('nest at most 64 levels');
    expect(JSON.stringify(document.paths['/funnel']?.post?.requestBody)).not.toContain('"null"');
  });
});
