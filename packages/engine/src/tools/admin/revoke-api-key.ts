import { z } from 'zod';
import { defineTool } from '../../tool/define-tool.js';
import { apiKeyInfo } from './schemas.js';

export const revokeApiKey = defineTool({
  name: 'revoke_api_key',
  title: 'Revoke API key',
  description:
    'Revoke an API key of this workspace by `keyId` (see list_api_keys): requests with it fail from now on; revoking ' +
    'twice keeps the first revocation time. Use rotate_api_key instead to replace a key by a new one with the same ' +
    'name and scopes.',
  toolset: 'admin',
  input: z.object({ keyId: z.string().min(1).describe('Id of the key to revoke (`key_…`, see list_api_keys).') }),
  output: z.object({ key: apiKeyInfo }),
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false },
  scope: 'admin',
  examples: [{ keyId: 'key_01j0000000000000000000000' }],
  handler: async (input, ctx) => ({ key: await ctx.services.tenancy.revokeApiKey(ctx.principal.workspaceId, input.keyId) }),
});
