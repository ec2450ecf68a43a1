import { z } from 'zod';
import { defineTool } from '../../tool/define-tool.js';
import { projectIdentifier } from './schemas.js';

export const deleteProject = defineTool({
  name: 'delete_project',
  title: 'Delete project',
  description:
    'Permanently delete a project with its events, rollups and experiments; its token stops working at once. ' +
    'There is no undo: confirm with the user first.',
  toolset: 'projects',
  input: z.object({ id: projectIdentifier }),
  output: z.object({ deleted: z.literal(true), id: z.string(), name: z.string() }),
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: false },
  scope: 'admin',
  examples: [{ id: 'old-landing-page' }],
  async handler(input, ctx) {
    const deleted = await ctx.services.projects.delete(ctx.principal.workspaceId, input.id);
    return { deleted: true as const, id: deleted.id, name: deleted.name };
  },
});
