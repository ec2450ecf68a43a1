import { z } from 'zod';
import { destinationView, viewOf } from '../../domain/exports/destination.js';
import { defineTool } from '../../tool/define-tool.js';
import { READ_ONLY } from '../shared.js';

export const getExportDestination = defineTool({
  name: 'get_export_destination',
  title: 'Get an export destination',
  description:
    'One saved export destination: kind, config without secrets (secretFields names the ones set), and its cursor ' +
    '(the event order key of the last acknowledged event). Use list_export_receipts for what each push did.',
  toolset: 'exports',
  input: z.object({ id: z.string().min(1).max(200).describe('Destination id (dst_…).') }),
  output: destinationView,
  annotations: READ_ONLY,
  scope: 'read',
  examples: [{ id: 'dst_warehouse' }],
  async handler(input, ctx) {
    return viewOf(await ctx.services.exports.get(ctx.principal.workspaceId, input.id));
  },
});
