import { existsSync, readdirSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine, httpStatusOf, SURFACES, toEngineError, type Surface } from '@headlessanalytics/engine';
import { createSandbox, errorOf, ha, outputOf, type Sandbox } from './ha-process.js';

/** A deployment's tool routes (`GET /api/tools`, `POST /api/tools/{name}`) over a real engine. */
function toolServer(engine: Engine): Server {
  const readBody = async (request: IncomingMessage): Promise<unknown> => {
    let text = '';
    for await (const chunk of request) text += String(chunk);
    return text ? JSON.parse(text) : {};
  };
  return createServer((request, response) => {
    const send = (status: number, body: unknown) => {
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(JSON.stringify(body));
    };
    void (async () => {
      const apiKey = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1];
      const principal = await engine.authenticate({ apiKey });
      if (request.method === 'GET' && request.url === '/api/tools') return send(200, { tools: engine.registry.descriptors() });
      const name = /^\/api\/tools\/([a-z0-9_]+)$/.exec(request.url ?? '')?.[1];
      if (request.method !== 'POST' || !name) return send(404, { error: { code: 'NOT_FOUND', message: 'No such route' } });
      const header = String(request.headers['x-ha-surface'] ?? '');
      const surface: Surface = (SURFACES as readonly string[]).includes(header) ? (header as Surface) : 'rest';
      const result = await engine.invoke(name, await readBody(request), { principal, surface });
      if (result.ok) send(200, result.output);
      else send(httpStatusOf(result.error.code), { error: result.error.toJSON() });
    })().catch((thrown: unknown) => {
      const error = toEngineError(thrown);
      send(httpStatusOf(error.code), { error: error.toJSON() });
    });
  });
}

let sandbox: Sandbox;
let engine: Engine;
let server: Server;
let apiUrl: string;
let adminKey: string;
const remote = (args: string[], apiKey = adminKey) => ha(args, { cwd: sandbox.dir, env: { HA_API_URL: apiUrl, HA_API_KEY: apiKey } });

beforeAll(async () => {
  sandbox = createSandbox();
  engine = await Engine.open({ databaseUrl: `file:${join(sandbox.dir, 'server.db')}` });
  const boot = await engine.bootstrap();
  adminKey = boot.apiKey!;
  server = toolServer(engine);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  apiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await engine.close();
  sandbox.remove();
});

describe('remote mode (HA_API_URL + HA_API_KEY)', () => {
  it('runs the spec commands against the deployment and opens no local database', async () => {
    outputOf(await remote(['track', 'order.created', '{"revenue":22}']));
    outputOf(await remote(['track', 'order.created', '{"revenue":20}']));
    const metrics = outputOf(await remote(['metric-query', '{"eventName":"order.created"}']));
    expect(metrics.metrics).toEqual([{ event: 'order.created', count: 2, sums: { 'properties.revenue': 42 } }]);

    const usage = outputOf(await remote(['usage', '--tool', 'ingest_event']));
    expect(usage.rows).toEqual([expect.objectContaining({ tool: 'ingest_event', surface: 'cli', calls: 2, keyId: expect.any(String) })]);
    expect(existsSync(join(sandbox.dir, '.headless'))).toBe(false);
    expect(readdirSync(sandbox.dir).filter((name) => name.startsWith('ha.db'))).toEqual([]);
  });

  it('lists the deployment tools and offers their commands', async () => {
    const { tools } = outputOf(await remote(['tools']));
    expect(tools.map((tool: { name: string }) => tool.name).sort()).toEqual(engine.registry.descriptors().map((tool) => tool.name).sort());
    const help = await remote(['funnel-query', '--help']);
    expect(help.stdout).toContain('--conversion-window-hours <number>');
  });

  it('maps the deployment errors to exit codes: unauthenticated 3, forbidden 3, invalid 2', async () => {
    const wrongKey = await remote(['usage'], 'ha_live_not_a_real_key_0000000000');
    expect(wrongKey.code).toBe(3);
    expect(errorOf(wrongKey).code).toBe('UNAUTHENTICATED');

    const created = await engine.invoke('create_api_key', { name: 'reader', scopes: ['read'] }, { principal: await engine.authenticate({ apiKey: adminKey }), surface: 'internal' });
    const readKey = (created as { ok: true; output: { apiKey: string } }).output.apiKey;
    const forbidden = await remote(['track', 'order.created'], readKey);
    expect(forbidden.code).toBe(3);
    expect(errorOf(forbidden).code).toBe('FORBIDDEN');

    const invalid = await remote(['metric-query', '{"limit":0}']);
    expect(invalid.code).toBe(2);
    expect(errorOf(invalid).details.issues).toEqual([expect.objectContaining({ path: 'limit' })]);
  });

  it('needs HA_API_KEY with HA_API_URL, and says when the deployment is unreachable', async () => {
    const noKey = await ha(['usage'], { cwd: sandbox.dir, env: { HA_API_URL: apiUrl } });
    expect(noKey.code).toBe(3);
    expect(errorOf(noKey).message).toContain('HA_API_KEY');

    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const deadUrl = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`;
    await new Promise((resolve) => closed.close(resolve));
    const unreachable = await ha(['usage'], { cwd: sandbox.dir, env: { HA_API_URL: deadUrl, HA_API_KEY: adminKey } });
    expect(unreachable.code).toBe(7);
    expect(errorOf(unreachable).code).toBe('UNAVAILABLE');
    const version = await ha(['--version'], { cwd: sandbox.dir, env: { HA_API_URL: deadUrl, HA_API_KEY: adminKey } });
    expect(version.code).toBe(0);
  });
});
