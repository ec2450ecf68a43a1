import { Engine } from '@headlessanalytics/engine';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RestRouter } from './router.js';

describe('RestRouter', () => {
  let engine: Engine;
  let router: RestRouter;
  beforeAll(async () => {
    engine = await Engine.open({ databaseUrl: ':memory:' });
    router = new RestRouter(engine.registry);
  });
  afterAll(() => engine.close());

  it('matches every alias of the registry, templates included', () => {
    for (const alias of engine.registry.restAliases()) {
      const path = alias.path.replace(/\{([^}]+)\}/g, (_, name: string) => `value-of-${name}`);
      const match = router.match(alias.method, path);
      expect(match, `${alias.method} ${alias.path}`).toMatchObject({ kind: 'alias', tool: alias.tool, auth: alias.auth ?? 'bearer' });
    }
    expect(router.match('DELETE', '/api/keys/key_1')).toMatchObject({ kind: 'alias', tool: 'revoke_api_key', pathParams: { keyId: 'key_1' } });
  });

  it('serves the generic routes and tells 404 from 405', () => {
    expect(router.match('GET', '/api/tools')).toEqual({ kind: 'list-tools' });
    expect(router.match('GET', '/api/openapi')).toEqual({ kind: 'openapi' });
    expect(router.match('POST', '/api/tools/query_funnel')).toEqual({ kind: 'tool', tool: 'query_funnel', auth: 'bearer' });
    expect(router.match('POST', '/api/tools/get_runtime_health')).toMatchObject({ kind: 'tool', auth: 'none' });
    expect(router.match('GET', '/api/nothing')).toEqual({ kind: 'not-found' });
    expect(router.match('DELETE', '/api/ingest')).toEqual({ kind: 'method-not-allowed', allow: ['POST'] });
    expect(router.allowedMethods('/api/keys').sort()).toEqual(['GET', 'POST']);
    expect(router.match('POST', '/api/ingest/')).toMatchObject({ kind: 'alias', tool: 'ingest_event' });
  });
});
