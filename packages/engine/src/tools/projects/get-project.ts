import { z } from 'zod';
import { defineTool } from '../../tool/define-tool.js';
import { READ_ONLY } from '../shared.js';
import { project, projectIdentifier, projectOutput } from './schemas.js';

export const getProject = defineTool({
  name: 'get_project',
  title: 'Get project',
  description:
    'One project by id or name, with `usage_today` (events stored since 00:00 UTC) and `events_total`. Use it to ' +
    'verify a new project and note the usage baseline before sending a test event.',
  toolset: 'projects',
  input: z.object({ id: projectIdentifier }),
  output: project.extend({
    usage_today: z.object({ date: z.string().describe('UTC day, YYYY-MM-DD'), events: z.number().int() }),
    events_total: z.number().int(),
  }),
  annotations: READ_ONLY,
  scope: 'read',
  examples: [{ id: 'my-site' }],
  async handler(input, ctx) {
    const found = await ctx.services.projects.get(ctx.principal.workspaceId, input.id);
    const usage = await ctx.services.projects.usage(found);
    return {
      ...projectOutput(found, ctx.services.projects.trackerUrl(ctx.baseUrl)),
      usage_today: { date: new Date(ctx.clock()).toISOString().slice(0, 10), events: usage.eventsToday },
      events_total: usage.eventsTotal,
    };
  },
});
