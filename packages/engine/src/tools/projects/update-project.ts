import { z } from 'zod';
import { defineTool } from '../../tool/define-tool.js';
import { allowedOrigins, project, projectIdentifier, projectName, projectOutput } from './schemas.js';

export const updateProject = defineTool({
  name: 'update_project',
  title: 'Update project',
  description:
    'Change a project\'s `allowed_origins` (the browser origins its token is accepted from; [] allows any) and/or ' +
    'rename it. Renaming to another project\'s name fails with CONFLICT (409) naming that project. Returns the project.',
  toolset: 'projects',
  input: z
    .object({ id: projectIdentifier, name: projectName.optional(), allowed_origins: allowedOrigins.optional() })
    .refine((value) => value.name !== undefined || value.allowed_origins !== undefined, {
      message: 'give `allowed_origins` and/or `name` to change',
      path: ['allowed_origins'],
    }),
  output: project,
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  scope: 'write',
  examples: [{ id: 'my-site', allowed_origins: ['https://my-site.com', 'https://*.my-site.com'] }],
  async handler(input, ctx) {
    const updated = await ctx.services.projects.update(ctx.principal.workspaceId, input.id, {
      ...(input.name === undefined ? {} : { name: input.name }),
      ...(input.allowed_origins === undefined ? {} : { allowedOrigins: input.allowed_origins }),
    });
    return projectOutput(updated, ctx.services.projects.trackerUrl(ctx.baseUrl));
  },
});
