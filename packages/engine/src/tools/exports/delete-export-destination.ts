import { z } from 'zod';
import { defineTool } from '../../tool/define-tool.js';

export const deleteExportDestination = defineTool({
  name: 'delete_export_destination',
  title: 'Delete an export destination',
  description:
    'Delete a saved export destination with its sealed secrets and cursor (its receipts stay). Nothing already ' +
    'pushed is recalled at the peer. Confirm with the user first.',
  toolset: 'exports',
  input: z.object({ id: z.string().min(1).max(200).describe('Destination id (dst_…).') }),
  output: z.object({ deleted: z.literal(true).describe('Always true.'), id: z.string().describe('The deleted destination.') }),
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: false },
  scope: 'admin',
  examples: [{ id: 'dst_scratch' }],
  async handler(input, ctx) {
    await ctx.services.exports.delete(ctx.principal.workspaceId, input.id);
    return { deleted: true as const, id: input.id };
  },
});
