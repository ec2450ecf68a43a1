import { z } from 'zod';
import { defineTool, SCOPES } from '../../tool/define-tool.js';
import { apiKeyInfo } from './schemas.js';

export const createApiKey = defineTool({
  name: 'create_api_key',
  title: 'Create API key',
  description:
    'Create an API key for this workspace with the given scopes (`read`, `write`, `admin`; admin implies both others). ' +
    'Use `write` alone for SDKs that only send events. The secret is returned once in `apiKey` and stored only hashed.',
  toolset: 'admin',
  input: z.object({
    name: z.string().min(1).max(200).describe('Label to recognise the key by, e.g. `sdk writer`.'),
    scopes: z.array(z.enum(SCOPES)).min(1).default(['read', 'write']).describe('What the key may call: read, write, admin (admin implies both).'),
    environment: z.enum(['live', 'test']).default('live').describe('`live` keys start ha_live_, `test` keys ha_test_.'),
  }),
  output: z.object({ apiKey: z.string(), key: apiKeyInfo }),
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
  scope: 'admin',
  examples: [{ name: 'sdk writer', scopes: ['write'] }],
  handler: (input, ctx) => ctx.services.tenancy.createApiKey(ctx.principal.workspaceId, input),
});
