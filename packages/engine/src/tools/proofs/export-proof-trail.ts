import { z } from 'zod';
import { MAX_PACKET_ITEMS } from '../../domain/proofs/proofs-service.js';
import { defineTool } from '../../tool/define-tool.js';
import { trailSchema, trailView } from './trail.js';

const ids = (what: string) => z.array(z.string().min(1).max(200)).max(MAX_PACKET_ITEMS).optional().describe(what);

export const exportProofTrail = defineTool({
  name: 'export_proof_trail',
  title: 'Export a proof trail',
  description:
    'Builds a signed proof packet anyone can verify offline: the given events (eventIds, or every event of a traceId), ' +
    'decisions (decisionIds), enforcement receipts (receiptIds) and supplied evidence objects, each canonicalized ' +
    '(RFC 8785) as a leaf of an RFC 9162 Merkle tree whose root is signed with the workspace Ed25519 key (DSSE ' +
    'envelope), with the public key and an inclusion proof per item. An id of another workspace or unknown is ' +
    `NOT_FOUND (nothing is built). At most ${MAX_PACKET_ITEMS} items. pushToSovereignProof also sends the packet to the ` +
    "operator's SovereignProof endpoint and records the push receipt. Answers the stored trail; get_proof_trail " +
    'pages its items, get_proof_trail_packet answers the whole packet as a file, verify_proof_trail checks one.',
  toolset: 'proofs',
  input: z.object({
    id: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,100}$/, 'letters, digits, _ and - only (at most 100)')
      .optional()
      .describe('Packet id to use (letters, digits, _ and -); default prf_<random>. An id already used is CONFLICT.'),
    title: z.string().min(1).max(200).describe('What the packet proves, e.g. "Campaign scale proof".'),
    receiptIds: ids('Enforcement receipt ids (from enforce_action or list_enforcement_receipts).'),
    decisionIds: ids('Decision object ids (from list_decision_objects).'),
    eventIds: ids('Event ids (from query_events or an ingest answer).'),
    traceId: z.string().min(1).max(200).optional().describe('Adds every event of this trace, oldest first.'),
    evidence: z
      .array(z.looseObject({ type: z.string().min(1).max(100).describe('What the evidence is, e.g. attribution_snapshot.') }))
      .max(1000)
      .optional()
      .describe('Evidence objects to include as given ({type, ...any JSON}); an `id` string names the item, else evidence-<n>.'),
    pushToSovereignProof: z.boolean().default(false).describe("Also POST the packet to the operator's SovereignProof endpoint (refused when none is configured)."),
  }),
  output: z.object({ trail: trailSchema.describe('The stored trail, with the push receipt when asked.'), treeSize: z.number().int().describe('Leaves in the packet.'), keyId: z.string().describe('Signing key id (JWK thumbprint).') }),
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
  scope: 'write',
  examples: [
    { title: 'Campaign scale proof', evidence: [{ type: 'attribution_snapshot', campaign: 'spring-roast', conversions: 42 }] },
    { title: 'Campaign scale proof', receiptIds: ['rcp_1'], pushToSovereignProof: true },
  ],
  async handler(input, ctx) {
    const { packet, push } = await ctx.services.proofs.export(ctx.principal.workspaceId, input);
    return {
      trail: trailView({ id: packet.id, title: packet.title, rootHash: packet.rootHash, itemCount: packet.treeSize, createdAt: Date.parse(packet.createdAt), push }),
      treeSize: packet.treeSize,
      keyId: packet.publicKey.keyId,
    };
  },
});
