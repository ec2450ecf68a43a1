import { z } from 'zod';
import { defineTool } from '../../tool/define-tool.js';
import { READ_ONLY } from '../shared.js';
import { project, projectOutput } from './schemas.js';

export const listProjects = defineTool({
  name: 'list_projects',
  title: 'List projects',
  description:
    'All projects of the account with their tokens, allowed_origins and `has_api_key` (whether an active API key can ' +
    'read the project; every active key of the account can). Use get_project for one project\'s usage today.',
  toolset: 'projects',
  input: z.object({}),
  output: z.object({
    projects: z.array(project.extend({ has_api_key: z.boolean() })),
    count: z.number().int(),
  }),
  annotations: READ_ONLY,
  scope: 'read',
  examples: [{}],
  async handler(_input, ctx) {
    const [projects, keys] = await Promise.all([
      ctx.services.projects.list(ctx.principal.workspaceId),
      ctx.services.tenancy.listApiKeys(ctx.principal.workspaceId),
    ]);
    const hasApiKey = keys.some((key) => key.revokedAt === null && key.scopes.length > 0);
    return {
      projects: projects.map((value) => ({ ...projectOutput(value, ctx.services.projects.trackerUrl(ctx.baseUrl)), has_api_key: hasApiKey })),
      count: projects.length,
    };
  },
});
