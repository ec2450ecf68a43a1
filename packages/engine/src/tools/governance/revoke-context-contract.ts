import { z } from 'zod';
import { defineTool } from '../../tool/define-tool.js';
import { contractOutput, contractView } from './views.js';

export const revokeContextContract = defineTool({
  name: 'revoke_context_contract',
  title: 'Revoke a ContextContract',
  description: 'Revoke a ContextContract: from now on enforce_action gives a deny reason for it (its version goes up; receipts keep the version they judged). Revoking twice answers the same revoked object.',
  toolset: 'governance',
  input: z.object({ id: z.string().min(1).max(200).describe('ContextContract id.') }),
  output: contractOutput,
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false },
  scope: 'admin',
  examples: [{ id: 'ctr_seed_revocable' }],
  async handler(input, ctx) {
    return contractView(await ctx.services.governance.revokeContract(ctx.principal.workspaceId, input.id));
  },
});
