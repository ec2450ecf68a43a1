import { z } from 'zod';
import { packetSchema } from '../../domain/proofs/packet.js';
import { defineTool } from '../../tool/define-tool.js';
import { READ_ONLY } from '../shared.js';
import { trailSchema, trailView } from './trail.js';

export const getProofTrail = defineTool({
  name: 'get_proof_trail',
  title: 'Get a proof trail packet',
  description:
    'One stored proof trail with its whole packet (items, leaf hashes, inclusion proofs, DSSE envelope, public key): ' +
    'save `packet` as a file and check it with `ha proof-verify packet.json` (offline) or verify_proof_trail. A large ' +
    'packet is over a model answer budget: read it over REST or the CLI with --out. list_proof_trails finds ids.',
  toolset: 'proofs',
  input: z.object({ id: z.string().min(1).max(200).describe('Packet id (from export_proof_trail or list_proof_trails).') }),
  output: z.object({ trail: trailSchema.describe('The trail summary and push receipt.'), packet: packetSchema.describe('The signed packet, as exported.') }),
  annotations: READ_ONLY,
  scope: 'read',
  examples: [{ id: 'prf_contract_example' }],
  async handler(input, ctx) {
    const { summary, packet } = await ctx.services.proofs.get(ctx.principal.workspaceId, input.id);
    return { trail: trailView(summary), packet };
  },
});
