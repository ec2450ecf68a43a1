import { z } from 'zod';
import { defineTool } from '../../tool/define-tool.js';
import { allowedOrigins, project, projectName, projectOutput } from './schemas.js';

export const createProject = defineTool({
  name: 'create_project',
  title: 'Create project',
  description:
    'Create a project (a site or app to track) and get its public `project_token` and tracking snippet. Creating a ' +
    'name that already exists returns that project with `existing: true` (HTTP 200 instead of 201), so retries are ' +
    'safe. Fails with FORBIDDEN (403) past the account\'s projects_limit (see get_account). Next: paste `snippet` into ' +
    'the site, or send events with POST /track and the token, then verify with get_project.',
  toolset: 'projects',
  input: z.object({
    name: projectName,
    allowed_origins: allowedOrigins.optional(),
  }),
  output: project.extend({ existing: z.boolean().describe('true when a project with this name already existed.') }),
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  scope: 'write',
  examples: [{ name: 'docs.my-site.com', allowed_origins: ['https://docs.my-site.com'] }, { name: 'my-site' }],
  async handler(input, ctx) {
    const limits = await ctx.services.account.limits(ctx.principal.workspaceId);
    const { project: created, existing } = await ctx.services.projects.create(
      ctx.principal.workspaceId,
      { name: input.name, allowedOrigins: input.allowed_origins ?? [] },
      limits.projectsLimit,
    );
    return { ...projectOutput(created, ctx.services.projects.trackerUrl(ctx.baseUrl)), existing };
  },
});
