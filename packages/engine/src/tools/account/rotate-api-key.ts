import { z } from 'zod';
import { conflict, invalidInput, notFound } from '../../errors/engine-error.js';
import { defineTool } from '../../tool/define-tool.js';
import { apiKeyInfo } from '../admin/schemas.js';

export const rotateApiKey = defineTool({
  name: 'rotate_api_key',
  title: 'Rotate API key',
  description:
    'Revoke an API key and issue a replacement with the same name and scopes. Without `key_id` it rotates the key ' +
    'making this call. The new `api_key` is shown only in this response: save it immediately; the old key fails ' +
    'from now on. Use it when a key may be compromised.',
  toolset: 'account',
  input: z.object({ key_id: z.string().min(1).optional().describe('Key to rotate (see list_api_keys); default: the calling key.') }),
  output: z.object({
    api_key: z.string().describe('The new secret key. Shown once.'),
    key: apiKeyInfo,
    revoked_key_id: z.string(),
  }),
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: false },
  scope: 'admin',
  examples: [{}, { key_id: 'key_01j0000000000000000000000' }],
  async handler(input, ctx) {
    const keyId = input.key_id ?? ctx.principal.keyId;
    if (keyId === null) {
      throw invalidInput('This caller has no API key of its own; give the `key_id` to rotate.', [
        { path: 'key_id', message: 'is required when not calling with an API key' },
      ]);
    }
    const tenancy = ctx.services.tenancy;
    const current = (await tenancy.listApiKeys(ctx.principal.workspaceId)).find((key) => key.id === keyId);
    if (!current) throw notFound('API key', keyId);
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
