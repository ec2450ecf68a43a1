import { z } from 'zod';
import { defineTool } from '../../tool/define-tool.js';
import { keysetCursor, pageInput, pageOutput, readKeysetCursor } from '../paging.js';
import { READ_ONLY } from '../shared.js';
import { apiKeyInfo } from './schemas.js';

export const listApiKeys = defineTool({
  name: 'list_api_keys',
  title: 'List API keys',
  description:
    'List this workspace\'s API keys, oldest first, with their prefixes, scopes and revocation times (never the ' +
    'secrets). Pass `nextCursor` as `cursor` for more keys.',
  toolset: 'admin',
  input: z.object({ ...pageInput(100, 1000) }),
  output: z.object({ keys: z.array(apiKeyInfo), ...pageOutput() }),
  // Oldest first by creation time, then id: a page continues after the last one (keyset).
  page: { rows: 'keys', cursorKey: 'nextCursor', cursorAfter: (row) => keysetCursor(row.createdAt, row.id) },
  annotations: READ_ONLY,
  scope: 'admin',
  examples: [{}],
  async handler(input, ctx) {
    const found = await ctx.services.tenancy.listApiKeys(ctx.principal.workspaceId, { after: readKeysetCursor(input.cursor), limit: input.limit + 1 });
    const keys = found.slice(0, input.limit);
    const last = keys.at(-1);
    return { keys, nextCursor: found.length > input.limit && last ? keysetCursor(last.createdAt, last.id) : null };
  },
});
