import { z } from 'zod';
import { SCOPES } from '../../tool/define-tool.js';

export const apiKeyInfo = z
  .object({
    id: z.string(),
    workspaceId: z.string(),
    name: z.string(),
    prefix: z.string().describe('First characters of the key, to recognise it; the full key is never shown again.'),
    scopes: z.array(z.enum(SCOPES)),
    environment: z.enum(['live', 'test']),
    createdAt: z.number().int(),
    revokedAt: z.number().int().nullable(),
  })
  .meta({ id: 'ApiKey' });

export const workspace = z
  .object({ id: z.string(), name: z.string(), createdAt: z.number().int(), defaultBusinessId: z.string() })
  .meta({ id: 'Workspace' });
