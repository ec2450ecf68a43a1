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
    /** The SovereignProof endpoint packets are pushed to (default: HA_SOVEREIGNPROOF_URL, HA_SOVEREIGNPROOF_TOKEN, HA_OUTBOUND_ALLOW). */
    sovereignProof?: SovereignProofConfig;
  }
}

/** The governance domain's records, when it is registered before this one. */
function governanceOf(services: Services): GovernanceRecords | undefined {
  const governance = (services as unknown as { governance?: Partial<GovernanceRecords> }).governance;
  if (!governance || typeof governance.decision !== 'function' || typeof governance.receipt !== 'function') return undefined;
  return governance as GovernanceRecords;
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
    new ProofsService(libsqlProofsRepo(store), services.signing, clock, options.sovereignProof ?? sovereignProofFromEnv(process.env), () => governanceOf(services)),
});
