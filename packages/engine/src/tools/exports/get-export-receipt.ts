import { z } from 'zod';
import { receiptOf, receiptView } from '../../domain/exports/destination.js';
import { defineTool } from '../../tool/define-tool.js';
import { READ_ONLY } from '../shared.js';

export const getExportReceipt = defineTool({
  name: 'get_export_receipt',
  title: 'Get an export receipt',
  description:
    'One push of an export: status, our request id (the idempotency key), the peer\'s status and id, the error, the ' +
    'sha-256 of the body sent, row count and cursor range. list_export_receipts finds ids.',
  toolset: 'exports',
  input: z.object({ id: z.string().min(1).max(200).describe('Receipt id (rcpt_…, from export_to_destination or list_export_receipts).') }),
  output: receiptView,
  annotations: READ_ONLY,
  scope: 'read',
  examples: [{ id: 'rcpt_warehouse_1' }],
  async handler(input, ctx) {
    return receiptOf(await ctx.services.exports.receipt(ctx.principal.workspaceId, input.id));
  },
});
