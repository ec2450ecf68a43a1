import { z } from 'zod';
import { defineTool } from '../../tool/define-tool.js';
import { nameCursor, pageInput, pageOutput, readNameCursor } from '../paging.js';
import { READ_ONLY } from '../shared.js';
import { grantOutput, grantView } from './views.js';

export const listAuthorityGrants = defineTool({
  name: 'list_authority_grants',
  title: 'List AuthorityGrants',
  description: 'The workspace\'s AuthorityGrants in id order, revoked ones included (see revokedAt). get_authority_grant answers one. Pass `nextCursor` as `cursor`.',
  toolset: 'governance',
  input: z.object({ ...pageInput(50, 200) }),
  output: z.object({ grants: z.array(grantOutput), ...pageOutput() }),
  page: { rows: 'grants', cursorKey: 'nextCursor', cursorAfter: (row) => nameCursor((row as { id: string }).id) },
  annotations: READ_ONLY,
  scope: 'read',
  examples: [{}],
  async handler(input, ctx) {
    const found = await ctx.services.governance.listGrants(ctx.principal.workspaceId, { after: readNameCursor(input.cursor), limit: input.limit + 1 });
    const grants = found.slice(0, input.limit).map((item) => grantView(item, ctx.clock()));
    return { grants, nextCursor: found.length > input.limit ? nameCursor(grants.at(-1)!.id) : null };
  },
});
