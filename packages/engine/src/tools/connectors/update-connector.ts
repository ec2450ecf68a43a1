import { z } from 'zod';
import { connectorView, viewOf } from '../../domain/connectors/configs.js';
import { defineTool } from '../../tool/define-tool.js';
import { connectorFields } from './create-connector.js';

export const updateConnector = defineTool({
  name: 'update_connector',
  title: 'Update a connector',
  description:
    'Change a connector\'s name, business, scheme, tolerance or webhook secret (a new secret replaces the old one at ' +
    'once: rotate it at the provider in the same step). null clears the business, secret or tolerance. Fields left ' +
    'out stay. create_connector makes one; get_connector reads it.',
  toolset: 'connectors',
  input: z.object({
    id: z.string().min(1).max(64).describe('Connector id (con_…).'),
    name: connectorFields.name.optional(),
    businessId: connectorFields.businessId.optional(),
    scheme: connectorFields.scheme.optional(),
    secret: connectorFields.secret.optional(),
    toleranceSeconds: connectorFields.toleranceSeconds.optional(),
  }),
  output: connectorView,
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  scope: 'admin',
  examples: [{ id: 'con_contract_shop', name: 'Main shop' }],
  async handler({ id, ...patch }, ctx) {
    return viewOf(await ctx.services.connectors.configs.update(ctx.principal.workspaceId, id, patch));
  },
});
