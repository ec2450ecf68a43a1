import { z } from 'zod';
import { defineTool } from '../../tool/define-tool.js';
import { trackableId } from './schemas.js';

export const revokeTrackableToken = defineTool({
  name: 'revoke_trackable_token',
  title: 'Revoke trackable token',
  description:
    'Revoke every device token of a trackable: from now on they answer UNAUTHENTICATED (in this process at once, in ' +
    'other server processes within 5 seconds). Use rotate_trackable_token instead to replace a token with a new one.',
  toolset: 'trackables',
  input: z.object({ id: trackableId }),
  output: z.object({ trackableId: z.string(), revoked: z.number().int().describe('Tokens revoked (0 when it had none).') }),
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false },
  scope: 'write',
  examples: [{ id: 'ethiopia-bag-001' }],
  async handler(input, ctx) {
    return { trackableId: input.id, revoked: await ctx.services.trackables.service.revokeTokens(ctx.principal.workspaceId, input.id) };
  },
});
