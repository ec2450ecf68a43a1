import { z } from 'zod';
import { defineTool } from '../../tool/define-tool.js';
import { decisionOutput, decisionView } from './views.js';

export const rejectDecisionObject = defineTool({
  name: 'reject_decision_object',
  title: 'Reject a DecisionObject',
  description: 'Reject a pending_approval or escrowed DecisionObject (→ denied, terminal). Only an admin-scoped key or the local operator may, and never the key that requested it (FORBIDDEN). Use approve_decision_object to approve it instead.',
  toolset: 'governance',
  input: z.object({ id: z.string().min(1).max(200).describe('DecisionObject id.'), note: z.string().max(1000).optional().describe('The approver\'s note.') }),
  output: decisionOutput,
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
  scope: 'admin',
  examples: [{ id: 'dec_seed_rejectable' }],
  async handler(input, ctx) {
    return decisionView(await ctx.services.governance.decide(ctx.principal, input.id, 'reject', input.note), ctx.clock());
  },
});
