import { z } from 'zod';
import { packetSchema } from '../../domain/proofs/packet.js';
import { defineTool } from '../../tool/define-tool.js';
import { READ_ONLY } from '../shared.js';

export const getProofTrailPacket = defineTool({
  name: 'get_proof_trail_packet',
  title: 'Download a whole proof packet',
  description:
    'The whole signed packet of a proof trail, exactly as exported (every item, leaf hash and inclusion proof, the ' +
    'DSSE envelope and public key), as a file to keep or hand to an auditor: `ha proof-packet <id> --out packet.json` ' +
    'then `ha proof-verify packet.json` checks it offline. A packet of more than a few dozen items is over a model\'s ' +
    'answer budget: a model reads it with get_proof_trail, a page of items at a time; REST, the SDK and the CLI with ' +
    '--out get it whole.',
  toolset: 'proofs',
  input: z.object({ id: z.string().min(1).max(200).describe('Packet id (from export_proof_trail or list_proof_trails).') }),
  output: packetSchema.describe('The signed packet, as exported.'),
  annotations: READ_ONLY,
  scope: 'read',
  examples: [{ id: 'prf_contract_example' }],
  async handler(input, ctx) {
    return (await ctx.services.proofs.get(ctx.principal.workspaceId, input.id)).packet;
  },
});
