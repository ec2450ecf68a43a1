import { z } from 'zod';
import { invalidInput } from '../../errors/engine-error.js';
import { defineTool } from '../../tool/define-tool.js';
import { READ_ONLY } from '../shared.js';
import { receiptOutput, receiptView } from './views.js';

export const getEnforcementReceipt = defineTool({
  name: 'get_enforcement_receipt',
  title: 'Get an enforcement receipt',
  description:
    'One EnforcementReceipt: input hashes, outcome, reasons, the grant/contract/decision versions judged, principal, ' +
    'prevHash and hash. Use list_enforcement_receipts to find ids, verify_enforcement_receipts to check the chain.',
  toolset: 'governance',
  input: z.object({
    id: z.string().min(1).max(200).optional().describe('Receipt id (rcpt_…), from enforce_action or list_enforcement_receipts.'),
    seq: z.number().int().min(1).optional().describe('Or its position in the workspace\'s chain (1 is the first receipt).'),
  }),
  output: receiptOutput,
  annotations: READ_ONLY,
  scope: 'read',
  examples: [{ seq: 1 }],
  async handler(input, ctx) {
    if (input.id === undefined && input.seq === undefined) throw invalidInput('Give `id` or `seq`', [{ path: 'id', message: 'is required unless seq is given' }]);
    return receiptView(await ctx.services.governance.getReceipt(ctx.principal.workspaceId, input.id ?? input.seq!));
  },
});
