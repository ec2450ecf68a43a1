import { z } from 'zod';
import { defineTool } from '../../tool/define-tool.js';
import { decisionOutput, decisionView } from './views.js';

export const revokeDecisionObject = defineTool({
  name: 'revoke_decision_object',
  title: 'Revoke a DecisionObject',
  description:
    'Revoke an open DecisionObject (draft, pending_approval, approved, escrowed or released) so it can never be ' +
    'executed; enforce_action then denies it. A terminal one (executed, denied, revoked, expired) is CONFLICT.',
  toolset: 'governance',
  input: z.object({ id: z.string().min(1).max(200).describe('DecisionObject id.'), note: z.string().max(1000).optional().describe('Why.') }),
  output: decisionOutput,
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: false },
  scope: 'write',
  examples: [{ id: 'dec_seed_revocable' }],
  async handler(input, ctx) {
    return decisionView(await ctx.services.governance.updateDecision(ctx.principal, input.id, { status: 'revoked', note: input.note }), ctx.clock());
  },
});
