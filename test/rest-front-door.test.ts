import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBridge, type Bridge } from './rest-harness.js';

/** A JSON text of `{"event":"deep","properties":{"a": …}}` with `depth` levels of objects (or arrays) inside. */
function deepBody(depth: number, kind: 'object' | 'array'): string {
  const [open, close] = kind === 'object' ? ['{"a":', '}'] : ['[', ']'];
  return `{"event":"deep","properties":{"a":${open.repeat(depth)}1${close.repeat(depth)}}}`;
}

describe('bad input found in the front-door walk is a 400 that says why, and changes nothing', () => {
  let bridge: Bridge;
  let projectToken: string;
  beforeAll(async () => {
    bridge = await startBridge();
    projectToken = (await bridge.request('POST', '/projects', { body: { name: 'site' } })).body.project_token;
  });
  afterAll(() => bridge.close());

  const stored = async () => (await bridge.request('GET', '/api/events?limit=1000')).body.events.length as number;

  it.each([
    ['/api/ingest', 10_000, 'object'],
    ['/api/ingest', 10_000, 'array'],
    ['/api/ingest', 100_000, 'object'],
    ['/track', 10_000, 'object'],
    ['/track', 100_000, 'array'],
  ] as const)('%s with properties nested %i levels (%s) → 400 naming the nesting limit', async (path, depth, kind) => {
    const raw = path === '/track' ? deepBody(depth, kind).replace('{"event"', `{"project":"site","token":"${projectToken}","event"`) : deepBody(depth, kind);
    const reply = await bridge.request('POST', path, { raw, headers: { 'content-type': 'application/json' } });
    expect(reply.status).toBe(400);
    expect(JSON.stringify(reply.body)).toContain('more than 64 levels deep');
    expect(await stored()).toBe(0);
  });

  it('accepts properties nested within the envelope\'s own limit (6 levels), and names that limit past it', async () => {
    const deeper = await bridge.request('POST', '/api/ingest', { raw: deepBody(40, 'object'), headers: { 'content-type': 'application/json' } });
    expect(deeper.body.error.details.issues).toEqual([{ path: 'properties', message: 'is nested deeper than 6 levels' }]);
    const reply = await bridge.request('POST', '/api/ingest', { raw: deepBody(4, 'object'), headers: { 'content-type': 'application/json' } });
    expect(reply.status, JSON.stringify(reply.body)).toBe(200);
    expect(await stored()).toBe(1);
  });

  it.each(['__proto__', 'constructor', 'toString'])('a query filter on a field named %s → 400 naming the field', async (field) => {
    const reply = await bridge.request('POST', '/query', {
      body: { project: 'site', metrics: ['event_count'], filters: [{ field, op: 'eq', value: 'x' }] },
    });
    expect(reply.status).toBe(400);
    expect(JSON.stringify(reply.body)).toContain('filters[0].field');
  });

  it('a missing key on an Agent Analytics route names that API\'s ways to send one', async () => {
    const reply = await bridge.request('GET', '/stats?project=site', { key: null });
    expect(reply.status).toBe(401);
    expect(JSON.stringify(reply.body)).toContain('X-API-Key');
    expect(JSON.stringify(reply.body)).toContain('?key=');
  });

  it('answers an OPTIONS preflight without Origin with the CORS policy', async () => {
    const reply = await bridge.request('OPTIONS', '/track', { key: null });
    expect(reply.status).toBe(204);
    expect(reply.headers.get('access-control-allow-origin')).toBe('*');
    expect(reply.headers.get('access-control-allow-methods')).toContain('POST');
    expect(reply.headers.get('access-control-allow-headers')).toContain('Content-Type');
  });
});
