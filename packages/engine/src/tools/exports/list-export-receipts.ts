import { z } from 'zod';
import { receiptOf, receiptView } from '../../domain/exports/destination.js';
import { defineTool } from '../../tool/define-tool.js';
import { keysetCursor, pageInput, pageOutput, readKeysetCursor } from '../paging.js';
import { READ_ONLY } from '../shared.js';

export const listExportReceipts = defineTool({
  name: 'list_export_receipts',
  title: 'List export receipts',
  description:
    'Receipts of export pushes, newest first: one per batch sent (delivered or failed), optionally of one saved ' +
    'destination. Use it to audit what left the workspace and to see why an export stopped; get_export_receipt ' +
    'reads one. Pass `nextCursor` as `cursor` for older receipts.',
  toolset: 'exports',
  input: z.object({
    destinationId: z.string().min(1).max(200).optional().describe('Only receipts of this saved destination (dst_…).'),
    ...pageInput(50, 200),
  }),
  output: z.object({ receipts: z.array(receiptView), ...pageOutput() }),
  page: { rows: 'receipts', cursorKey: 'nextCursor', cursorAfter: (entry) => keysetCursor(Date.parse((entry as { createdAt: string }).createdAt), (entry as { id: string }).id) },
  annotations: READ_ONLY,
  scope: 'read',
  examples: [{}, { destinationId: 'dst_warehouse', limit: 10 }],
  async handler(input, ctx) {
    const before = readKeysetCursor(input.cursor);
    const found = await ctx.services.exports.receipts(ctx.principal.workspaceId, { destinationId: input.destinationId, before, limit: input.limit + 1 });
    const page = found.slice(0, input.limit);
    const last = page.at(-1);
    return { receipts: page.map(receiptOf), nextCursor: found.length > input.limit && last ? keysetCursor(last.createdAt, last.id) : null };
  },
});
