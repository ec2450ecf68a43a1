import { z } from 'zod';
import { conflict, invalidInput, notFound } from '../../errors/engine-error.js';
import { defineTool } from '../../tool/define-tool.js';
import { apiKeyInfo } from '../admin/schemas.js';

export const rotateApiKey = defineTool({
  name: 'rotate_api_key',
  title: 'Rotate API key',
  description:
    'Revoke an API key and issue a replacement with the same name and scopes. Without `keyId` it rotates the key ' +
    'making this call. The new `api_key` is shown only in this response: save it immediately; the old key fails ' +
    'from now on. Use it when a key may be compromised; use revoke_api_key instead to retire a key without a replacement.',
  toolset: 'account',
  input: z.object({ keyId: z.string().min(1).optional().describe('Key to rotate (see list_api_keys); default: the calling key.') }),
  output: z.object({
    api_key: z.string().describe('The new secret key. Shown once.'),
    key: apiKeyInfo,
    revoked_key_id: z.string(),
  }),
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: false },
  scope: 'admin',
  examples: [{}, { keyId: 'key_01j0000000000000000000000' }],
  async handler(input, ctx) {
    const keyId = input.keyId ?? ctx.principal.keyId;
    if (keyId === null) {
      throw invalidInput('This caller has no API key of its own; give the `keyId` to rotate.', [
        { path: 'keyId', message: 'is required when not calling with an API key' },
      ]);
    }
    const tenancy = ctx.services.tenancy;
    const current = (await tenancy.listApiKeys(ctx.principal.workspaceId)).find((key) => key.id === keyId);
    if (!current) throw notFound('API key', keyId, 'list_api_keys lists them');
    if (current.revokedAt !== null) {
      throw conflict(`API key ${keyId} was already revoked; create a new key with create_api_key instead.`, { resource: 'api_key', id: keyId });
    }
    const revoked = await tenancy.revokeApiKey(ctx.principal.workspaceId, keyId);
    const { apiKey, key } = await tenancy.createApiKey(ctx.principal.workspaceId, {
      name: revoked.name,
      scopes: revoked.scopes,
      environment: revoked.environment,
    });
    return { api_key: apiKey, key, revoked_key_id: revoked.id };
  },
});
