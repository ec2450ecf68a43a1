import { z } from 'zod';
import { defineTool } from '../../tool/define-tool.js';
import { apiKeyInfo } from './schemas.js';

export const revokeApiKey = defineTool({
  name: 'revoke_api_key',
  title: 'Revoke API key',
  description:
    'Revoke an API key of this workspace by id (see list_api_keys). Requests with it fail from now on. Revoking twice ' +
    'keeps the first revocation time.',
  toolset: 'admin',
  input: z.object({ keyId: z.string().min(1) }),
  output: z.object({ key: apiKeyInfo }),
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false },
  scope: 'admin',
  examples: [{ keyId: 'key_01j0000000000000000000000' }],
  handler: async (input, ctx) => ({ key: await ctx.services.tenancy.revokeApiKey(ctx.principal.workspaceId, input.keyId) }),
});
