/**
 * The SSRF-guarded outbound client every domain that calls out uses (destination exports, proof anchoring, webhooks).
 * Configure the operator allow-list with `HA_OUTBOUND_ALLOW` (host names, addresses, CIDR blocks) via
 * `outboundPolicyFromEnv`, or build an `OutboundPolicy` by hand.
 */
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
