import type { IncomingHttpHeaders } from 'node:http';

/** Hostnames allowed when no `allowedHosts` are given: loopback only (DNS-rebinding protection). */
export const LOOPBACK_HOSTNAMES: readonly string[] = ['localhost', '127.0.0.1', '[::1]'];

export interface HostPolicy {
  /** Hostnames (any port) or `host:port` values accepted in `Host`; `'*'` accepts any. Default: loopback. */
  allowedHosts?: readonly string[] | undefined;
  /** Exact origins accepted in `Origin`; `'*'` accepts any. Default: origins whose hostname is an allowed host. */
  allowedOrigins?: readonly string[] | undefined;
}

function hostnameOf(url: string): string | undefined {
  try {
    return new URL(url).hostname;
  } catch {
    return undefined;
  }
}

/** True when `host` is a loopback name or address (the default allow-list, also used to gate `--no-auth`). */
export function isLoopbackHost(host: string): boolean {
  const bracketed = host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
  const hostname = hostnameOf(`http://${bracketed}`);
  return hostname !== undefined && (LOOPBACK_HOSTNAMES.includes(hostname) || /^127\.\d+\.\d+\.\d+$/.test(hostname));
}

/**
 * Checks `Host` and `Origin` against the policy, port-agnostic like the MCP SDK's host-header middleware.
 * Returns why the request is rejected, or undefined when it may proceed.
 */
export function rejectedHostOrOrigin(headers: IncomingHttpHeaders, policy: HostPolicy): string | undefined {
  const hosts = policy.allowedHosts ?? LOOPBACK_HOSTNAMES;
  const anyHost = hosts.includes('*');
  if (!anyHost) {
    const host = headers.host;
    if (!host) return 'Missing Host header.';
    const hostname = hostnameOf(`http://${host}`);
    if (!hostname || !(hosts.includes(hostname) || hosts.includes(host.toLowerCase()))) {
      return `Host '${host}' is not allowed (DNS-rebinding protection). Allowed: ${hosts.join(', ')}.`;
    }
  }
  const origin = headers.origin;
  if (origin === undefined) return undefined;
  if (policy.allowedOrigins) {
    return policy.allowedOrigins.includes('*') || policy.allowedOrigins.includes(origin) ? undefined : `Origin '${origin}' is not allowed.`;
  }
  if (anyHost) return undefined;
  const hostname = hostnameOf(origin);
  return hostname && hosts.includes(hostname) ? undefined : `Origin '${origin}' is not allowed (DNS-rebinding protection).`;
}
