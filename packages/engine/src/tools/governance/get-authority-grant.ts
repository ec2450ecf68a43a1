import { z } from 'zod';
import { defineTool } from '../../tool/define-tool.js';
import { READ_ONLY } from '../shared.js';
import { grantOutput, grantView } from './views.js';

export const getAuthorityGrant = defineTool({
  name: 'get_authority_grant',
  title: 'Get an AuthorityGrant',
  description: 'One AuthorityGrant with its version and revocation. Use list_authority_grants to find ids; enforcement receipts name the version they judged.',
  toolset: 'governance',
  input: z.object({ id: z.string().min(1).max(200).describe('AuthorityGrant id.') }),
  output: grantOutput,
  annotations: READ_ONLY,
  scope: 'read',
  examples: [{ id: 'grant_seed' }],
  async handler(input, ctx) {
    return grantView(await ctx.services.governance.getGrant(ctx.principal.workspaceId, input.id), ctx.clock());
  },
});
