import { z } from 'zod';
import { defineTool } from '../../tool/define-tool.js';
import { grantOutput, grantView } from './views.js';

export const revokeAuthorityGrant = defineTool({
  name: 'revoke_authority_grant',
  title: 'Revoke an AuthorityGrant',
  description: 'Revoke an AuthorityGrant: from now on enforce_action gives a deny reason for it (its version goes up; receipts keep the version they judged). Revoking twice answers the same revoked object.',
  toolset: 'governance',
  input: z.object({ id: z.string().min(1).max(200).describe('AuthorityGrant id.') }),
  output: grantOutput,
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false },
  scope: 'admin',
  examples: [{ id: 'grant_seed_revocable' }],
  async handler(input, ctx) {
    return grantView(await ctx.services.governance.revokeGrant(ctx.principal.workspaceId, input.id), ctx.clock());
  },
});
