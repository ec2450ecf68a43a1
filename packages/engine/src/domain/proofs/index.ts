import type { EngineOptions } from '../../engine.js';
import { EngineError } from '../../errors/engine-error.js';
import { PROOFS_MIGRATIONS } from '../../store/libsql/proofs-migrations.js';
import { libsqlProofsRepo } from '../../store/libsql/proofs.js';
import type { Services } from '../../services.js';
import { proofsAliases, proofsTools } from '../../tools/proofs/index.js';
import { defineDomain } from '../define-domain.js';
import { ProofsService, type GovernanceRecords } from './proofs-service.js';
import { sovereignProofFromEnv, type SovereignProofConfig } from './sovereign-proof.js';

export { buildPacket, canonicalJson, pae, PROOF_PAYLOAD_TYPE, type ProofPacket } from './packet.js';
export { leafHash, merkleRoot, merkleTree, nodeHash, verifyInclusion } from './merkle.js';
export { verifyPacket, type VerifyFailure, type VerifyResult } from './verify.js';
export { ProofsService } from './proofs-service.js';

declare module '../../services.js' {
  interface Services {
    /** Proof trails: signed RFC 9162 Merkle packets over events, decisions, receipts and evidence. */
    proofs: ProofsService;
  }
}

declare module '../../engine.js' {
  interface EngineOptions {
    /**
     * The SovereignProof HTTPS endpoint `pushToSovereignProof: true` sends packets to: `url` (`HA_SOVEREIGNPROOF_URL`),
     * an optional bearer `token` (`HA_SOVEREIGNPROOF_TOKEN`) and the outbound allow-list for it (default
     * `outboundAllow`, else `HA_OUTBOUND_ALLOW`). Unset: the environment variables; without a URL a push is refused.
     */
    sovereignProof?: SovereignProofConfig;
  }
}

interface GovernanceReads {
  getDecision(workspaceId: string, id: string): Promise<unknown>;
  getReceipt(workspaceId: string, id: string): Promise<unknown>;
}

/** An unknown id (or another workspace's) reads as absent, so the export names it NOT_FOUND with its input path. */
async function orAbsent(load: () => Promise<unknown>): Promise<unknown> {
  try {
    return await load();
  } catch (error) {
    if (EngineError.isInstance(error) && error.code === 'NOT_FOUND') return undefined;
    throw error;
  }
}

/** The governance domain's decisions and receipts (as it stores them), when that domain is registered before this one. */
function governanceOf(services: Services): GovernanceRecords | undefined {
  const governance = (services as unknown as { governance?: Partial<GovernanceReads> }).governance;
  if (!governance || typeof governance.getDecision !== 'function' || typeof governance.getReceipt !== 'function') return undefined;
  const reads = governance as GovernanceReads;
  return {
    decision: (workspaceId, id) => orAbsent(() => reads.getDecision(workspaceId, id)),
    receipt: (workspaceId, id) => orAbsent(() => reads.getReceipt(workspaceId, id)),
  };
}

/** The configured endpoint (else the environment's), guarded by the engine's allow-list when it names none. */
function sovereignProofOf(options: Readonly<EngineOptions>): SovereignProofConfig | undefined {
  const config = options.sovereignProof ?? sovereignProofFromEnv(process.env);
  if (!config || config.policy !== undefined || options.outboundAllow === undefined) return config;
  return { ...config, policy: { allow: options.outboundAllow } };
}

export const proofsDomain = defineDomain({
  id: 'proofs',
  toolsets: [
    {
      name: 'proofs',
      default: false,
      description:
        'Proof trails: signed packets (RFC 8785 items, RFC 9162 Merkle tree, DSSE Ed25519 signature, inclusion proofs) over events, decisions, receipts and evidence, verifiable offline.',
    },
  ],
  tools: proofsTools,
  aliases: proofsAliases,
  migrations: PROOFS_MIGRATIONS,
  services: ({ store, clock, options, services }) =>
    new ProofsService(libsqlProofsRepo(store), services.signing, clock, sovereignProofOf(options), () => governanceOf(services)),
});
