import { z } from 'zod';
import { defineTool } from '../../tool/define-tool.js';
import { trackableId } from './schemas.js';

export const rotateTrackableToken = defineTool({
  name: 'rotate_trackable_token',
  title: 'Rotate trackable token',
  description:
    'Issue a device token for a trackable (a sensor, robot, agent, MCP server, CLI workflow, or any kind) and revoke ' +
    'the ones it had: the first call just issues one. The token (`ha_dev_…`, shown once, stored hashed) is sent as ' +
    '`Authorization: Bearer` and may only record this trackable\'s usage (POST /api/track, record_trackable_usage); ' +
    'every other tool answers FORBIDDEN. Use revoke_trackable_token instead to cut a device off without a new token.',
  toolset: 'trackables',
  input: z.object({ id: trackableId }),
  output: z.object({
    trackableId: z.string(),
    token: z.string().describe('The new token; shown once.'),
    tokenId: z.string(),
    prefix: z.string().describe('Its first characters, to recognise it.'),
    createdAt: z.number().int(),
    revoked: z.number().int().describe('Tokens of this trackable revoked by the rotation.'),
  }),
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: false },
  scope: 'write',
  async handler(input, ctx) {
    const issued = await ctx.services.trackables.service.rotateToken(ctx.principal.workspaceId, input.id);
    return { trackableId: input.id, token: issued.token, tokenId: issued.info.id, prefix: issued.info.prefix, createdAt: issued.info.createdAt, revoked: issued.revoked };
  },
});
