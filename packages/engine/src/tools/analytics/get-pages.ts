import { z } from 'zod';
import { PAGE_TYPES } from '../../domain/analytics/sessions.js';
import { defineTool } from '../../tool/define-tool.js';
import { limitField, projectField, READ_ANNOTATIONS, scopeOf, sinceField, sinceFrom } from './schemas.js';

const pageRow = z.object({
  page: z.string(),
  sessions: z.number().int(),
  bounces: z.number().int(),
  bounce_rate: z.number().describe('0-1'),
  avg_duration: z.number().describe('ms'),
  avg_events: z.number(),
});

export const getPages = defineTool({
  name: 'get_pages',
  title: 'Entry and exit pages',
  description:
    'Which pages sessions start (entry) or end (exit) on since `since` (default 7d), by sessions, with bounces, bounce ' +
    'rate (0-1), average session duration (ms) and events per session. The page is `properties.path` (else `url`). ' +
    '"Which pages do users land on most?" → type entry.',
  toolset: 'analytics',
  input: z.object({
    project: projectField,
    type: z.enum(PAGE_TYPES).default('entry').describe('entry pages, exit pages, or both.'),
    since: sinceField,
    limit: limitField(20),
  }),
  output: z.object({ project: z.string(), entry_pages: z.array(pageRow).optional(), exit_pages: z.array(pageRow).optional() }),
  examples: [{ project: 'my-site', type: 'both' }],
  annotations: READ_ANNOTATIONS,
  scope: 'read',
  async handler(input, ctx) {
    const from = sinceFrom(input.since, ctx.clock());
    return ctx.services.analytics.pages(await scopeOf(ctx, input.project), { type: input.type, from, limit: input.limit });
  },
});
