import { z } from 'zod';
import { defineTool } from '../../tool/define-tool.js';
import { READ_ONLY } from '../shared.js';
import { decisionOutput, decisionView } from './views.js';

export const getDecisionObject = defineTool({
  name: 'get_decision_object',
  title: 'Get a DecisionObject',
  description:
    'One DecisionObject with its status, the legal next states, approvals and evidence. Use list_decision_objects to ' +
    'find ids, list_enforcement_receipts with decisionObjectId for what enforcement decided about it.',
  toolset: 'governance',
  input: z.object({ id: z.string().min(1).max(200).describe('DecisionObject id.') }),
  output: decisionOutput,
  annotations: READ_ONLY,
  scope: 'read',
  examples: [{ id: 'dec_seed_approved' }],
  async handler(input, ctx) {
    return decisionView(await ctx.services.governance.getDecision(ctx.principal.workspaceId, input.id), ctx.clock());
  },
});
