import { z } from 'zod';
import { defineTool } from '../../tool/define-tool.js';
import { keysetCursor, pageInput, pageOutput, readKeysetCursor } from '../paging.js';
import { READ_ONLY } from '../shared.js';
import { providerField, syncOf, syncView } from './schemas.js';

export const listConnectorSyncs = defineTool({
  name: 'list_connector_syncs',
  title: 'List connector syncs',
  description:
    'Sync records, newest first: one per delivery (an ingest_connector_records call or a webhook) with its counts of ' +
    'records received, mapped, stored, updated, duplicate and failed, and the first failures. Use it to see connector ' +
    'load and why records were refused; get_connector_sync reads one. Pass `nextCursor` as `cursor` for older ones.',
  toolset: 'connectors',
  input: z.object({
    provider: providerField.optional(),
    connectorId: z.string().min(1).max(64).optional().describe('Only deliveries of this connector (con_…).'),
    ...pageInput(50, 200),
  }),
  output: z.object({ syncs: z.array(syncView), ...pageOutput() }),
  page: { rows: 'syncs', cursorKey: 'nextCursor', cursorAfter: (entry) => keysetCursor(Date.parse((entry as { createdAt: string }).createdAt), (entry as { id: string }).id) },
  annotations: READ_ONLY,
  scope: 'read',
  examples: [{}, { provider: 'shopify', limit: 10 }],
  async handler(input, ctx) {
    const before = readKeysetCursor(input.cursor);
    const found = await ctx.services.connectors.repo.listSyncs(ctx.principal.workspaceId, { provider: input.provider, connectorId: input.connectorId, before, limit: input.limit + 1 });
    const page = found.slice(0, input.limit);
    const last = page.at(-1);
    return { syncs: page.map(syncOf), nextCursor: found.length > input.limit && last ? keysetCursor(last.createdAt, last.id) : null };
  },
});
