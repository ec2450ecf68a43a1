import { z } from 'zod';
import { defineTool } from '../../tool/define-tool.js';
import { limitField, projectField, READ_ANNOTATIONS, scopeOf, sinceField, sinceFrom } from './schemas.js';

export const listSessions = defineTool({
  name: 'list_sessions',
  title: 'List sessions',
  description:
    'Sessions that started since `since` (default 7d), newest first: duration (ms), entry/exit page, event count and ' +
    'bounce (1 = a one-event session). Sessions come from `session_id`, or are derived per user after 30 minutes of ' +
    'inactivity. Filter by `user_id` or `is_bounce`. See get_session_distribution for the histogram.',
  toolset: 'analytics',
  input: z.object({
    project: projectField,
    since: sinceField,
    limit: limitField(100),
    user_id: z.string().min(1).max(256).optional(),
    is_bounce: z.union([z.literal(0), z.literal(1)]).optional().describe('1: only bounced sessions; 0: only engaged ones.'),
  }),
  output: z.object({
    project: z.string(),
    sessions: z.array(
      z.object({
        session_id: z.string(),
        user_id: z.string().nullable(),
        project_id: z.string(),
        start_time: z.number().int(),
        end_time: z.number().int(),
        duration: z.number().int(),
        entry_page: z.string().nullable(),
        exit_page: z.string().nullable(),
        event_count: z.number().int(),
        is_bounce: z.union([z.literal(0), z.literal(1)]),
        date: z.string(),
      }),
    ),
  }),
  examples: [{ project: 'my-site', limit: 20 }, { project: 'my-site', is_bounce: 1 }],
  annotations: READ_ANNOTATIONS,
  scope: 'read',
  async handler(input, ctx) {
    const from = sinceFrom(input.since, ctx.clock());
    return ctx.services.analytics.sessions(await scopeOf(ctx, input.project), { from, limit: input.limit, user_id: input.user_id, is_bounce: input.is_bounce });
  },
});
