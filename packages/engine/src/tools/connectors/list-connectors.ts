import { z } from 'zod';
import { connectorView, viewOf } from '../../domain/connectors/configs.js';
import { defineTool } from '../../tool/define-tool.js';
import { nameCursor, pageInput, pageOutput, readNameCursor } from '../paging.js';
import { READ_ONLY } from '../shared.js';
import { providerField } from './schemas.js';

export const listConnectors = defineTool({
  name: 'list_connectors',
  title: 'List connectors',
  description: 'The workspace\'s connectors in id order, optionally of one provider, each without its secret. Pass `nextCursor` as `cursor` for the next page; get_connector reads one.',
  toolset: 'connectors',
  input: z.object({ provider: providerField.optional(), ...pageInput(50, 200) }),
  output: z.object({ connectors: z.array(connectorView), ...pageOutput() }),
  page: { rows: 'connectors', cursorKey: 'nextCursor', cursorAfter: (entry) => nameCursor((entry as { id: string }).id) },
  annotations: READ_ONLY,
  scope: 'read',
  examples: [{}, { provider: 'shopify', limit: 10 }],
  async handler(input, ctx) {
    const after = readNameCursor(input.cursor) ?? '';
    const found = await ctx.services.connectors.configs.list(ctx.principal.workspaceId, { provider: input.provider, after, limit: input.limit + 1 });
    const connectors = found.slice(0, input.limit).map(viewOf);
    const last = connectors.at(-1);
    return { connectors, nextCursor: found.length > input.limit && last ? nameCursor(last.id) : null };
  },
});
