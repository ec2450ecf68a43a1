import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { EngineError } from '../../errors/engine-error.js';
import { CompiledPolicy, type OutboundPolicy } from './address-policy.js';

/** Resolves a name to every address (node:dns lookup with `all`). Injectable so tests can play a rebinding resolver. */
export type Resolver = (host: string) => Promise<LookupAddress[]>;

export const systemResolver: Resolver = (host) =>
  new Promise((resolve, reject) => dnsLookup(host, { all: true, verbatim: true }, (error, addresses) => (error ? reject(error) : resolve(addresses))));

export interface OutboundOptions {
  policy: OutboundPolicy;
  /** Redirects followed by hand, each hop re-checked (default 5). */
  maxRedirects?: number;
  /** Milliseconds for the whole exchange of one hop (default 30 s). */
  timeoutMs?: number;
  resolver?: Resolver;
}

export interface OutboundInit {
  method?: string;
  headers?: Record<string, string>;
  body?: string | Uint8Array;
  signal?: AbortSignal;
}

/** Refusal of a destination the guard will not reach (FORBIDDEN, with the host and the address that was refused). */
export function outboundRefused(host: string, reason: string, address?: string): EngineError {
  return new EngineError('FORBIDDEN', `Outbound request to '${host}' refused: ${reason}. An operator may allow it with HA_OUTBOUND_ALLOW.`, {
    details: { outbound: { host, ...(address === undefined ? {} : { address }), reason } },
  });
}

const compiledCache = new WeakMap<OutboundPolicy, CompiledPolicy>();
function compile(policy: OutboundPolicy): CompiledPolicy {
  let compiled = compiledCache.get(policy);
  if (!compiled) {
    compiled = new CompiledPolicy(policy);
    compiledCache.set(policy, compiled);
  }
  return compiled;
}

/**
 * Resolves `host` and checks every address it resolves to: all must be public or allowed by the operator's list
 * (a host the list names by name may resolve anywhere). Returns the checked addresses; the connection uses them.
 */
export async function resolveChecked(host: string, policy: OutboundPolicy, resolver: Resolver = systemResolver): Promise<LookupAddress[]> {
  const compiled = compile(policy);
  const bare = host.replace(/^\[|\]$/g, '');
  if (isIP(bare) !== 0) {
    if (!compiled.allowsAddress(bare)) throw outboundRefused(host, 'the address is not public', bare);
    return [{ address: bare, family: isIP(bare) }];
  }
  let addresses: LookupAddress[];
  try {
    addresses = await resolver(bare);
  } catch (error) {
    throw new EngineError('UNAVAILABLE', `Outbound host '${host}' could not be resolved`, { cause: error, details: { outbound: { host, reason: 'dns' } } });
  }
  if (addresses.length === 0) throw new EngineError('UNAVAILABLE', `Outbound host '${host}' resolved to no address`);
  if (compiled.allowsName(bare)) return addresses;
  for (const { address } of addresses) {
    if (!compiled.allowsAddress(address)) throw outboundRefused(host, 'it resolves to a non-public address', address);
  }
  return addresses;
}

/** Checks a URL before it is handed to an SDK client (endpoint overrides of S3, GCS, BigQuery, Redshift). */
export async function checkOutboundUrl(url: string | URL, policy: OutboundPolicy, resolver?: Resolver): Promise<URL> {
  const parsed = typeof url === 'string' ? new URL(url) : url;
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') throw outboundRefused(parsed.host, `protocol ${parsed.protocol} is not http(s)`);
  await resolveChecked(parsed.hostname, policy, resolver);
  return parsed;
}

/**
 * A `lookup` for node:net that resolves and checks in one step, so the socket connects to exactly the address that was
 * checked (a DNS answer that changes between check and connect cannot switch it).
 */
export function guardedLookup(policy: OutboundPolicy, resolver: Resolver = systemResolver): LookupFunction {
  return ((hostname: string, options: { all?: boolean } | number, callback: (...args: unknown[]) => void) => {
    const all = typeof options === 'object' && options !== null && options.all === true;
    resolveChecked(hostname, policy, resolver).then(
      (addresses) => {
        if (all) callback(null, addresses);
        else callback(null, (addresses[0] as LookupAddress).address, (addresses[0] as LookupAddress).family);
      },
      (error: unknown) => callback(error),
    );
  }) as unknown as LookupFunction;
}

/** http/https agents whose every connection goes through the guard (for SDK request handlers that take agents). */
export function guardedAgents(policy: OutboundPolicy, resolver?: Resolver): { httpAgent: http.Agent; httpsAgent: https.Agent } {
  const lookup = guardedLookup(policy, resolver);
  return { httpAgent: new http.Agent({ keepAlive: true, lookup }), httpsAgent: new https.Agent({ keepAlive: true, lookup }) };
}

function once(url: URL, init: OutboundInit, options: OutboundOptions, lookup: LookupFunction): Promise<Response> {
  return new Promise((resolve, reject) => {
    const transport = url.protocol === 'https:' ? https : http;
    const request = transport.request(
      url,
      { method: init.method ?? 'GET', headers: init.headers ?? {}, lookup, timeout: options.timeoutMs ?? 30_000, signal: init.signal, agent: false },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', reject);
        response.on('end', () => {
          const headers = new Headers();
          for (const [name, value] of Object.entries(response.headers)) {
            if (Array.isArray(value)) for (const item of value) headers.append(name, item);
            else if (value !== undefined) headers.set(name, value);
          }
          const status = response.statusCode ?? 502;
          const noBody = status === 204 || status === 205 || status === 304 || (status >= 100 && status < 200);
          const answer = new Response(noBody ? null : Buffer.concat(chunks), { status, statusText: response.statusMessage ?? '', headers });
          Object.defineProperty(answer, 'url', { value: url.toString() });
          resolve(answer);
        });
      },
    );
    request.on('timeout', () => request.destroy(new EngineError('UNAVAILABLE', `Outbound request to '${url.host}' timed out`)));
    request.on('error', reject);
    if (init.body !== undefined) request.write(init.body);
    request.end();
  });
}

/**
 * fetch-like outbound HTTP(S) through the SSRF guard: http or https only; the host is resolved and every address
 * checked (private, loopback, link-local/metadata, unique-local, CGNAT, IPv4-mapped forms refused unless the
 * operator's allow-list names them); the socket is pinned to the checked address; redirects are followed by hand (at
 * most `maxRedirects`, default 5), each hop checked again, credentials dropped when the origin changes.
 */
export async function outboundFetch(input: string | URL, init: OutboundInit, options: OutboundOptions): Promise<Response> {
  const lookup = guardedLookup(options.policy, options.resolver);
  const maxRedirects = options.maxRedirects ?? 5;
  let url = typeof input === 'string' ? new URL(input) : new URL(input.toString());
  let current: OutboundInit = { ...init, headers: { ...(init.headers ?? {}) } };
  for (let hop = 0; ; hop += 1) {
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw outboundRefused(url.host, `protocol ${url.protocol} is not http(s)`);
    if (url.username !== '' || url.password !== '') throw outboundRefused(url.host, 'credentials in the URL are not sent');
    // Check before connecting too, so a refusal is a FORBIDDEN answer rather than a socket error.
    await resolveChecked(url.hostname, options.policy, options.resolver);
    const response = await once(url, current, options, lookup);
    const location = response.headers.get('location');
    if (![301, 302, 303, 307, 308].includes(response.status) || location === null) return response;
    if (hop >= maxRedirects) throw new EngineError('UNAVAILABLE', `Outbound request to '${url.host}' redirected more than ${maxRedirects} times`);
    const next = new URL(location, url);
    const headers = { ...(current.headers ?? {}) };
    if (next.origin !== url.origin) {
      for (const name of Object.keys(headers)) if (/^(authorization|cookie|proxy-authorization)$/i.test(name)) delete headers[name];
    }
    const keepBody = response.status === 307 || response.status === 308;
    if (!keepBody) {
      for (const name of Object.keys(headers)) if (/^content-(type|length|encoding)$/i.test(name)) delete headers[name];
      current = { method: current.method === 'HEAD' ? 'HEAD' : 'GET', headers, ...(current.signal ? { signal: current.signal } : {}) };
    } else {
      current = { ...current, headers };
    }
    url = next;
  }
}
