import { z } from 'zod';
import { packetSchema } from '../../domain/proofs/packet.js';
import { verifyPacket } from '../../domain/proofs/verify.js';
import { defineTool } from '../../tool/define-tool.js';
import { READ_ONLY } from '../shared.js';
import { EXAMPLE_PACKET } from './example-packet.js';

export const verifyProofTrail = defineTool({
  name: 'verify_proof_trail',
  title: 'Verify a proof trail packet',
  description:
    'Checks a proof packet with nothing but its own contents (no stored data, no server): every item\'s RFC 8785 bytes ' +
    'against its leaf hash, every inclusion proof against the signed root, the root recomputed from all items, and ' +
    'the DSSE Ed25519 signature with the packet\'s public key. Answers valid plus each failure naming the item (index, ' +
    'ref), its inclusion proof, the root or the signature. `ha proof-verify packet.json` runs it offline on a file. ' +
    'Compare keyId with the workspace\'s published key to know who signed.',
  toolset: 'proofs',
  input: z.object({ packet: packetSchema.describe('The whole packet, as get_proof_trail_packet answers it.') }),
  output: z.object({
    valid: z.boolean().describe('True when every check passed.'),
    packetId: z.string().describe('Packet id.'),
    treeSize: z.number().int().describe('Items in the packet.'),
    rootHash: z.string().describe('The root recomputed from the items, hex.'),
    keyId: z.string().describe('Id of the key the packet names.'),
    itemsChecked: z.number().int().describe('Items checked.'),
    failures: z
      .array(
        z.object({
          target: z.enum(['item', 'inclusionProof', 'root', 'signature', 'publicKey', 'statement']).describe('What failed.'),
          index: z.number().int().optional().describe('Leaf index of the item.'),
          ref: z.string().optional().describe('Id of the item.'),
          message: z.string().describe('What failed, in words.'),
        }),
      )
      .describe('Every failed check (at most 100), first the statement and signature, then items in order.'),
  }),
  annotations: READ_ONLY,
  scope: 'read',
  examples: [{ packet: EXAMPLE_PACKET }],
  async handler(input) {
    return verifyPacket(input.packet);
  },
});
