import { z } from 'zod';
import { defineTool } from '../../tool/define-tool.js';
import { keysetCursor, pageInput, pageOutput, readKeysetCursor } from '../paging.js';
import { READ_ONLY } from '../shared.js';
import { project, projectOutput } from './schemas.js';

export const listProjects = defineTool({
  name: 'list_projects',
  title: 'List projects',
  description:
    'All projects of the account with their tokens, allowed_origins and `has_api_key` (whether an active API key can ' +
    'read the project; every active key of the account can), oldest first. Use get_project for one project\'s usage ' +
    'today. Pass `next_cursor` as `cursor` for more projects.',
  toolset: 'projects',
  input: z.object({ ...pageInput(100, 1000, 'next_cursor') }),
  output: z.object({
    projects: z.array(project.extend({ has_api_key: z.boolean() })),
    count: z.number().int().describe('Projects in this answer.'),
    ...pageOutput('next_cursor'),
  }),
  // Oldest first by creation time, then id: a page continues after the last one (keyset).
  page: {
    rows: 'projects',
    cursorKey: 'next_cursor',
    cursorAfter: (row) => keysetCursor(row.created_at, row.id),
    recount: (rows) => ({ count: rows.length }),
  },
  annotations: READ_ONLY,
  scope: 'read',
  examples: [{}],
  async handler(input, ctx) {
    const after = readKeysetCursor(input.cursor);
    const [found, keys] = await Promise.all([
      ctx.services.projects.list(ctx.principal.workspaceId, { after, limit: input.limit + 1 }),
      ctx.services.tenancy.listApiKeys(ctx.principal.workspaceId),
    ]);
    const projects = found.slice(0, input.limit);
    const last = projects.at(-1);
    const hasApiKey = keys.some((key) => key.revokedAt === null && key.scopes.length > 0);
    return {
      projects: projects.map((value) => ({ ...projectOutput(value, ctx.services.projects.trackerUrl(ctx.baseUrl)), has_api_key: hasApiKey })),
      count: projects.length,
      next_cursor: found.length > input.limit && last ? keysetCursor(last.createdAt, last.id) : null,
    };
  },
});
