import { z } from 'zod';
import { defineTool } from '../../tool/define-tool.js';
import { decisionOutput, decisionView } from './views.js';

export const approveDecisionObject = defineTool({
  name: 'approve_decision_object',
  title: 'Approve or release a DecisionObject',
  description: 'Approve a pending_approval DecisionObject (→ approved) or release an escrowed one (→ released), so enforce_action can allow it. Only an admin-scoped key or the local operator may, and never the key that requested it: an agent cannot approve its own request (FORBIDDEN). Use reject_decision_object to deny it instead.',
  toolset: 'governance',
  input: z.object({ id: z.string().min(1).max(200).describe('DecisionObject id.'), note: z.string().max(1000).optional().describe('The approver\'s note.') }),
  output: decisionOutput,
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
  scope: 'admin',
  examples: [{ id: 'dec_seed_pending' }],
  async handler(input, ctx) {
    return decisionView(await ctx.services.governance.decide(ctx.principal, input.id, 'approve', input.note), ctx.clock());
  },
});
