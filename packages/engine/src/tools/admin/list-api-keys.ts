import { z } from 'zod';
import { defineTool } from '../../tool/define-tool.js';
import { READ_ONLY } from '../shared.js';
import { apiKeyInfo } from './schemas.js';

export const listApiKeys = defineTool({
  name: 'list_api_keys',
  title: 'List API keys',
  description: 'List this workspace\'s API keys with their prefixes, scopes and revocation times (never the secrets).',
  toolset: 'admin',
  input: z.object({}),
  output: z.object({ keys: z.array(apiKeyInfo) }),
  annotations: READ_ONLY,
  scope: 'admin',
  examples: [{}],
  handler: async (_input, ctx) => ({ keys: await ctx.services.tenancy.listApiKeys(ctx.principal.workspaceId) }),
});
