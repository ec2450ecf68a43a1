import { z } from 'zod';
import { notFound } from '../../errors/engine-error.js';
import { defineTool } from '../../tool/define-tool.js';
import { READ_ONLY } from '../shared.js';
import { syncOf, syncView } from './schemas.js';

export const getConnectorSync = defineTool({
  name: 'get_connector_sync',
  title: 'Get a connector sync',
  description: 'One delivery\'s sync record: status, counts of records received, mapped, stored, updated, duplicate and failed, and the first 100 failures with their reasons. list_connector_syncs finds ids.',
  toolset: 'connectors',
  input: z.object({ id: z.string().min(1).max(200).describe('Sync id (sync_<provider>_<n>, from ingest_connector_records or list_connector_syncs).') }),
  output: syncView,
  annotations: READ_ONLY,
  scope: 'read',
  examples: [{ id: 'sync_shopify_1' }],
  async handler(input, ctx) {
    const sync = await ctx.services.connectors.repo.getSync(ctx.principal.workspaceId, input.id);
    if (!sync) throw notFound('connector sync', input.id, 'list_connector_syncs lists them');
    return syncOf(sync);
  },
});
