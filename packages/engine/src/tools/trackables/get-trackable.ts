import { z } from 'zod';
import { defineTool } from '../../tool/define-tool.js';
import { READ_ONLY } from '../shared.js';
import { trackable, trackableId, trackableOutput } from './schemas.js';

export const getTrackable = defineTool({
  name: 'get_trackable',
  title: 'Get trackable',
  description:
    'One trackable by id: kind, name, eventName, targetUrl, metadata, status, its scan link and GS1 Digital Link, its ' +
    'barcode or SGTIN-96, and whether a device token is live. Use list_trackables instead to find trackables by kind, ' +
    'status, id prefix or batch; get_trackable_stats for its scans; get_trackable_code for its image.',
  toolset: 'trackables',
  input: z.object({ id: trackableId }),
  output: trackable.extend({ hasToken: z.boolean().describe('A device token is live (rotate_trackable_token, revoke_trackable_token).') }),
  annotations: READ_ONLY,
  scope: 'read',
  examples: [{ id: 'ethiopia-bag-001' }],
  async handler(input, ctx) {
    const found = await ctx.services.trackables.service.get(ctx.principal.workspaceId, input.id);
    return { ...trackableOutput(found, ctx), hasToken: await ctx.services.trackables.service.hasLiveToken(ctx.principal.workspaceId, found.id) };
  },
});
