import { z } from 'zod';
import { connectorView, viewOf } from '../../domain/connectors/configs.js';
import { defineTool } from '../../tool/define-tool.js';
import { READ_ONLY } from '../shared.js';

export const getConnector = defineTool({
  name: 'get_connector',
  title: 'Get a connector',
  description: 'One connector: provider, business, signature scheme, how its secret is kept (never the secret) and its webhook path. list_connectors finds ids; list_connector_syncs shows its deliveries.',
  toolset: 'connectors',
  input: z.object({ id: z.string().min(1).max(64).describe('Connector id (con_…).') }),
  output: connectorView,
  annotations: READ_ONLY,
  scope: 'read',
  examples: [{ id: 'con_contract_shop' }],
  async handler(input, ctx) {
    return viewOf(await ctx.services.connectors.configs.get(ctx.principal.workspaceId, input.id));
  },
});
