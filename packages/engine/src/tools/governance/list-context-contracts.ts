import { z } from 'zod';
import { defineTool } from '../../tool/define-tool.js';
import { nameCursor, pageInput, pageOutput, readNameCursor } from '../paging.js';
import { READ_ONLY } from '../shared.js';
import { contractOutput, contractView } from './views.js';

export const listContextContracts = defineTool({
  name: 'list_context_contracts',
  title: 'List ContextContracts',
  description: 'The workspace\'s ContextContracts in id order, revoked ones included (see revokedAt). get_context_contract answers one. Pass `nextCursor` as `cursor`.',
  toolset: 'governance',
  input: z.object({ ...pageInput(50, 200) }),
  output: z.object({ contracts: z.array(contractOutput), ...pageOutput() }),
  page: { rows: 'contracts', cursorKey: 'nextCursor', cursorAfter: (row) => nameCursor((row as { id: string }).id) },
  annotations: READ_ONLY,
  scope: 'read',
  examples: [{}],
  async handler(input, ctx) {
    const found = await ctx.services.governance.listContracts(ctx.principal.workspaceId, { after: readNameCursor(input.cursor), limit: input.limit + 1 });
    const contracts = found.slice(0, input.limit).map((item) => contractView(item));
    return { contracts, nextCursor: found.length > input.limit ? nameCursor(contracts.at(-1)!.id) : null };
  },
});
