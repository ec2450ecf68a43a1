import { z } from 'zod';
import { defineTool } from '../../tool/define-tool.js';

export const deleteConnector = defineTool({
  name: 'delete_connector',
  title: 'Delete a connector',
  description: 'Delete a connector and its sealed secret: its webhook route refuses deliveries from then on (its events and sync records stay). Confirm with the user first.',
  toolset: 'connectors',
  input: z.object({ id: z.string().min(1).max(64).describe('Connector id (con_…).') }),
  output: z.object({ deleted: z.literal(true).describe('Always true.'), id: z.string().describe('The deleted connector.') }),
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: false },
  scope: 'admin',
  examples: [{ id: 'con_scratch' }],
  async handler(input, ctx) {
    await ctx.services.connectors.configs.delete(ctx.principal.workspaceId, input.id);
    return { deleted: true as const, id: input.id };
  },
});
