import { z } from 'zod';
import type { ProofTrailSummary } from '../../domain/proofs/proofs-repo.js';
import { pushReceiptSchema } from '../../domain/proofs/sovereign-proof.js';

/** A stored proof trail's summary, as every proofs tool answers it. */
export const trailSchema = z
  .object({
    id: z.string().describe('Packet id (prf_…).'),
    title: z.string().describe('Title given at export.'),
    rootHash: z.string().describe('Signed Merkle tree head (RFC 9162, SHA-256), hex.'),
    itemCount: z.number().int().describe('Items (leaves) in the packet.'),
    createdAt: z.string().describe('When it was built (ISO 8601).'),
    push: pushReceiptSchema.nullable().describe('The SovereignProof push receipt, or null when no push was asked for.'),
  })
  .meta({ id: 'ProofTrail' });

export const trailView = (trail: ProofTrailSummary): z.input<typeof trailSchema> => ({
  id: trail.id,
  title: trail.title,
  rootHash: trail.rootHash,
  itemCount: trail.itemCount,
  createdAt: new Date(trail.createdAt).toISOString(),
  push: trail.push,
});
