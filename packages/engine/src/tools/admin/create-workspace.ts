import { z } from 'zod';
import { defineTool } from '../../tool/define-tool.js';
import { apiKeyInfo, workspace } from './schemas.js';

export const createWorkspace = defineTool({
  name: 'create_workspace',
  title: 'Create workspace',
  description:
    'Create a new workspace (a tenancy boundary with its own events, keys and a `default` business) and its first ' +
    'admin API key. The key is returned once, in `apiKey`: store it now. The caller gets no access to the new workspace.',
  toolset: 'admin',
  input: z.object({ name: z.string().min(1).max(200).describe('Workspace name, e.g. the company or brand.') }),
  output: z.object({ workspace, apiKey: z.string(), key: apiKeyInfo }),
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
  scope: 'admin',
  examples: [{ name: 'Roast & Origin' }],
  handler: (input, ctx) => ctx.services.tenancy.createWorkspace(input.name),
});
