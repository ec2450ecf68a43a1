/**
 * The SSRF-guarded outbound client every domain that calls out uses (destination exports, proof anchoring, webhooks).
 * Configure the operator allow-list with `HA_OUTBOUND_ALLOW` (host names, addresses, CIDR blocks) via
 * `outboundPolicyFromEnv`, or build an `OutboundPolicy` by hand.
 */
declare module '../../engine.js' {
  interface EngineOptions {
    /**
     * The operator's outbound allow-list (`HA_OUTBOUND_ALLOW`, entries separated by commas or spaces): host names,
     * addresses and CIDR blocks that destination exports and proof pushes may reach even though they are private,
     * loopback or link-local (e.g. `["127.0.0.1", "10.0.0.0/8", "peer.internal"]`). Public addresses are always
     * allowed. Unset: `HA_OUTBOUND_ALLOW` is read at each call.
     */
    outboundAllow?: readonly string[];
  }
}

export { CompiledPolicy, embeddedIpv4, isNonPublicAddress, outboundPolicyFromEnv, type OutboundPolicy } from './address-policy.js';
export {
  checkOutboundUrl,
  guardedAgents,
  guardedLookup,
  outboundFetch,
  outboundRefused,
  resolveChecked,
  systemResolver,
  type OutboundInit,
  type OutboundOptions,
  type Resolver,
} from './outbound-fetch.js';
