import { BlockList, isIP } from 'node:net';

/**
 * Which addresses an outbound request may reach. Public unicast addresses always; private, loopback, link-local
 * (cloud metadata 169.254.169.254 included), unique-local, CGNAT and "this network" addresses only when the
 * operator's allow-list names them (a host name, an address, or a CIDR block).
 */
export interface OutboundPolicy {
  /** Host names (exact, lower case), addresses and CIDR blocks the operator allows even when private. */
  allow: readonly string[];
}

/** Reads the operator allow-list: `HA_OUTBOUND_ALLOW`, entries separated by commas or spaces (e.g. `127.0.0.1,10.0.0.0/8,peer.internal`). */
export function outboundPolicyFromEnv(env: NodeJS.ProcessEnv = process.env, extra: readonly string[] = []): OutboundPolicy {
  const fromEnv = (env.HA_OUTBOUND_ALLOW ?? '').split(/[\s,]+/).filter((entry) => entry !== '');
  return { allow: [...fromEnv, ...extra] };
}

const BLOCKED = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  BLOCKED.addSubnet(network, prefix, 'ipv4');
}
for (const [network, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['fe80::', 10],
  ['fc00::', 7],
  ['ff00::', 8],
] as const) {
  BLOCKED.addSubnet(network, prefix, 'ipv6');
}

/** The IPv4 address inside an IPv4-mapped (::ffff:a.b.c.d or ::ffff:xxxx:xxxx) or IPv4-compatible IPv6 form, else undefined. */
export function embeddedIpv4(address: string): string | undefined {
  const lower = address.toLowerCase();
  const dotted = /^(?:::ffff:(?:0:)?|::)(\d+\.\d+\.\d+\.\d+)$/.exec(lower);
  if (dotted) return dotted[1];
  const hex = /^(?:::ffff:(?:0:)?)([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(lower);
  if (hex) {
    const high = Number.parseInt(hex[1] as string, 16);
    const low = Number.parseInt(hex[2] as string, 16);
    return `${high >> 8}.${high & 255}.${low >> 8}.${low & 255}`;
  }
  return undefined;
}

/** True when the address is private, loopback, link-local, unique-local, multicast or unspecified (IPv4-mapped forms included). */
export function isNonPublicAddress(address: string): boolean {
  const bare = address.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  const family = isIP(bare);
  if (family === 0) return true;
  if (family === 4) return BLOCKED.check(bare, 'ipv4');
  const mapped = embeddedIpv4(bare);
  if (mapped !== undefined) return BLOCKED.check(mapped, 'ipv4');
  return BLOCKED.check(bare, 'ipv6');
}

/** Compiles the allow-list once: names, and a BlockList of the allowed addresses and blocks. */
export class CompiledPolicy {
  private readonly names = new Set<string>();
  private readonly addresses = new BlockList();

  constructor(policy: OutboundPolicy) {
    for (const raw of policy.allow) {
      const entry = raw.trim().toLowerCase().replace(/^\[|\]$/g, '');
      if (entry === '') continue;
      const slash = entry.indexOf('/');
      if (slash > 0) {
        const network = entry.slice(0, slash).replace(/^\[|\]$/g, '');
        const prefix = Number(entry.slice(slash + 1));
        const family = isIP(network);
        if (family === 0 || !Number.isInteger(prefix)) throw new Error(`Outbound allow-list entry '${raw}' is not a CIDR block`);
        this.addresses.addSubnet(network, prefix, family === 4 ? 'ipv4' : 'ipv6');
      } else if (isIP(entry) !== 0) {
        this.addresses.addAddress(entry, isIP(entry) === 4 ? 'ipv4' : 'ipv6');
      } else {
        this.names.add(entry);
      }
    }
  }

  /** The operator named this host (exact name). */
  allowsName(host: string): boolean {
    return this.names.has(host.toLowerCase());
  }

  /** The address may be reached: public, or inside an allowed address/block. */
  allowsAddress(address: string): boolean {
    const bare = address.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
    const family = isIP(bare);
    if (family === 0) return false;
    if (this.addresses.check(bare, family === 4 ? 'ipv4' : 'ipv6')) return true;
    const mapped = family === 6 ? embeddedIpv4(bare) : undefined;
    if (mapped !== undefined && this.addresses.check(mapped, 'ipv4')) return true;
    return !isNonPublicAddress(bare);
  }
}
