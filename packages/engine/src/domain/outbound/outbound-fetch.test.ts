import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EngineError } from '../../errors/engine-error.js';
import { isNonPublicAddress, outboundPolicyFromEnv } from './address-policy.js';
import { checkOutboundUrl, outboundFetch, type Resolver } from './outbound-fetch.js';

let server: Server;
let port = 0;
const seen: string[] = [];

beforeAll(async () => {
  server = createServer((request, response) => {
    seen.push(`${request.method} ${request.url} auth=${request.headers.authorization ?? ''}`);
    if (request.url === '/to-metadata') return response.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' }).end();
    if (request.url === '/to-self') return response.writeHead(307, { location: `http://127.0.0.1:${port}/echo` }).end();
    if (request.url === '/loop') return response.writeHead(302, { location: '/loop' }).end();
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ method: request.method, body })));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

async function refusal(promise: Promise<unknown>): Promise<EngineError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(EngineError.isInstance(error)).toBe(true);
  return error as EngineError;
}

describe('address policy', () => {
  it('classifies private, loopback, link-local, unique-local, CGNAT and IPv4-mapped addresses as non-public', () => {
    for (const address of ['10.1.2.3', '172.16.0.1', '172.31.255.255', '192.168.1.1', '100.64.0.1', '127.0.0.1', '169.254.169.254', '0.0.0.0', '::1', 'fe80::1', 'fd00::1', 'fc00::2', '::ffff:127.0.0.1', '::ffff:7f00:1', '::ffff:169.254.169.254', '::']) {
      expect(isNonPublicAddress(address), address).toBe(true);
    }
    for (const address of ['8.8.8.8', '172.32.0.1', '100.128.0.1', '2606:4700::1111', '::ffff:8.8.8.8']) expect(isNonPublicAddress(address), address).toBe(false);
  });

  it('reads HA_OUTBOUND_ALLOW entries separated by commas or spaces', () => {
    expect(outboundPolicyFromEnv({ HA_OUTBOUND_ALLOW: '127.0.0.1, 10.0.0.0/8 peer.internal' }).allow).toEqual(['127.0.0.1', '10.0.0.0/8', 'peer.internal']);
  });
});

describe('outboundFetch', () => {
  const closed = { allow: [] as string[] };
  const allowLoopback = { allow: ['127.0.0.1'] };

  it('refuses loopback, metadata, IPv6 loopback, IPv4-mapped loopback and a name resolving to loopback without the allow-list', async () => {
    for (const url of [`http://127.0.0.1:${port}/echo`, 'http://169.254.169.254/latest/meta-data/', `http://[::1]:${port}/`, `http://[::ffff:127.0.0.1]:${port}/`, `http://localhost:${port}/`]) {
      const error = await refusal(outboundFetch(url, {}, { policy: closed }));
      expect(error.code, url).toBe('FORBIDDEN');
    }
    expect(seen).toEqual([]);
  });

  it('reaches an allowed address, sending method and body', async () => {
    const response = await outboundFetch(`http://127.0.0.1:${port}/echo`, { method: 'POST', body: '{"a":1}', headers: { 'content-type': 'application/json' } }, { policy: allowLoopback });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ method: 'POST', body: '{"a":1}' });
  });

  it('re-checks every redirect hop: an allowed peer redirecting to the metadata address is refused', async () => {
    const error = await refusal(outboundFetch(`http://127.0.0.1:${port}/to-metadata`, {}, { policy: allowLoopback }));
    expect(error.code).toBe('FORBIDDEN');
    expect(error.details?.outbound).toMatchObject({ host: '169.254.169.254' });
  });

  it('follows a 307 keeping method and body, and stops after maxRedirects', async () => {
    const response = await outboundFetch(`http://127.0.0.1:${port}/to-self`, { method: 'PUT', body: 'x' }, { policy: allowLoopback });
    expect(await response.json()).toEqual({ method: 'PUT', body: 'x' });
    const error = await refusal(outboundFetch(`http://127.0.0.1:${port}/loop`, {}, { policy: allowLoopback, maxRedirects: 2 }));
    expect(error.code).toBe('UNAVAILABLE');
  });

  it('refuses a name when any address it resolves to is private, and pins the connection to the checked answer', async () => {
    const mixed: Resolver = async () => [
      { address: '93.184.216.34', family: 4 },
      { address: '10.0.0.7', family: 4 },
    ];
    expect((await refusal(outboundFetch('http://peer.example/', {}, { policy: closed, resolver: mixed }))).code).toBe('FORBIDDEN');
    // A rebinding resolver: the first answer is allowed, later ones private. Check and connect share one resolution.
    let calls = 0;
    const rebinding: Resolver = async () => (calls++ === 0 ? [{ address: '127.0.0.1', family: 4 }] : [{ address: '169.254.169.254', family: 4 }]);
    const error = await refusal(outboundFetch(`http://peer.example:${port}/echo`, {}, { policy: allowLoopback, resolver: rebinding }));
    expect(error.code).toBe('FORBIDDEN');
    expect(seen.some((line) => line.includes('peer.example'))).toBe(false);
  });

  it('checks SDK endpoint URLs with the same resolver', async () => {
    expect((await refusal(checkOutboundUrl(`http://localhost:${port}`, closed))).code).toBe('FORBIDDEN');
    await expect(checkOutboundUrl(`http://127.0.0.1:${port}`, allowLoopback)).resolves.toBeInstanceOf(URL);
    expect((await refusal(checkOutboundUrl('file:///etc/passwd', allowLoopback))).code).toBe('FORBIDDEN');
  });
});
