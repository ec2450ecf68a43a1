import { z } from 'zod';
import { packetItemSchema, packetSchema } from '../../domain/proofs/packet.js';
import { defineTool } from '../../tool/define-tool.js';
import { afterOffset, offsetWindow, pageInput, pageOutput, readOffsetCursor } from '../paging.js';
import { READ_ONLY } from '../shared.js';
import { trailSchema, trailView } from './trail.js';

/** The packet without its items: what a page of items is checked against (signed root, tree size, key, envelope). */
const packetHeaderSchema = packetSchema.omit({ items: true }).describe('The signed packet without its items.');

export const getProofTrail = defineTool({
  name: 'get_proof_trail',
  title: 'Get a proof trail, a page of its items at a time',
  description:
    'One stored proof trail: its summary, the signed packet header (format, signed root, tree size, public key, DSSE ' +
    'envelope) and a page of its items, each with its canonical JSON, leaf hash and inclusion proof (pass `nextCursor` ' +
    'as `cursor` for the next page). The whole packet, as one file for `ha proof-verify packet.json` (offline) or ' +
    'verify_proof_trail, is get_proof_trail_packet (`ha proof-packet <id> --out packet.json`, GET ' +
    '/api/proof-event-trails/{id}/packet). list_proof_trails finds ids.',
  toolset: 'proofs',
  input: z.object({ id: z.string().min(1).max(200).describe('Packet id (from export_proof_trail or list_proof_trails).'), ...pageInput(50, 500) }),
  output: z.object({
    trail: trailSchema.describe('The trail summary and push receipt.'),
    header: packetHeaderSchema,
    items: z.array(packetItemSchema).describe('This page of the packet\'s items, in leaf order.'),
    ...pageOutput(),
    download: z
      .object({ tool: z.literal('get_proof_trail_packet'), rest: z.string().describe('GET path answering the whole packet.'), cli: z.string().describe('The ha command saving it as a file.') })
      .describe('Where the whole packet comes from as one file.'),
  }),
  page: { rows: 'items', cursorKey: 'nextCursor', cursorAfter: afterOffset },
  annotations: READ_ONLY,
  scope: 'read',
  examples: [{ id: 'prf_contract_example' }],
  async handler(input, ctx) {
    const { summary, packet } = await ctx.services.proofs.get(ctx.principal.workspaceId, input.id);
    const { items, ...header } = packet;
    const page = offsetWindow(items, readOffsetCursor(input.cursor), input.limit);
    return {
      trail: trailView(summary),
      header,
      items: page.rows,
      nextCursor: page.next,
      download: { tool: 'get_proof_trail_packet' as const, rest: `/api/proof-event-trails/${encodeURIComponent(packet.id)}/packet`, cli: `ha proof-packet ${packet.id} --out packet.json` },
    };
  },
});
