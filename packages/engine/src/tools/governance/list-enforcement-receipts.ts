import { z } from 'zod';
import { OUTCOMES } from '../../domain/governance/model.js';
import { defineTool } from '../../tool/define-tool.js';
import { encodeCursor, decodeCursor, pageInput, pageOutput } from '../paging.js';
import { READ_ONLY } from '../shared.js';
import { receiptOutput, receiptView } from './views.js';

const seqCursor = z.strictObject({ s: z.number().int().min(1) });

export const listEnforcementReceipts = defineTool({
  name: 'list_enforcement_receipts',
  title: 'List enforcement receipts',
  description:
    'The workspace\'s EnforcementReceipts, newest first, optionally of one outcome or one DecisionObject. Receipts are ' +
    'append-only and hash-chained; verify_enforcement_receipts checks the chain, get_enforcement_receipt reads one. ' +
    'Pass `nextCursor` as `cursor` for older ones.',
  toolset: 'governance',
  input: z.object({
    outcome: z.enum(OUTCOMES).optional().describe('Only this outcome.'),
    decisionObjectId: z.string().min(1).max(200).optional().describe('Only receipts of this DecisionObject.'),
    ...pageInput(20, 100),
  }),
  output: z.object({ receipts: z.array(receiptOutput), ...pageOutput() }),
  page: { rows: 'receipts', cursorKey: 'nextCursor', cursorAfter: (row) => encodeCursor({ s: (row as { seq: number }).seq }) },
  annotations: READ_ONLY,
  scope: 'read',
  examples: [{}, { outcome: 'allow', limit: 5 }],
  async handler(input, ctx) {
    const beforeSeq = input.cursor === undefined ? undefined : decodeCursor(input.cursor, seqCursor).s;
    const found = await ctx.services.governance.listReceipts(ctx.principal.workspaceId, { beforeSeq, outcome: input.outcome, decisionId: input.decisionObjectId, limit: input.limit + 1 });
    const receipts = found.slice(0, input.limit).map((row) => receiptView(row.receipt));
    return { receipts, nextCursor: found.length > input.limit ? encodeCursor({ s: receipts.at(-1)!.seq }) : null };
  },
});
