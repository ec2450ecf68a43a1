import { z } from 'zod';
import { defineTool } from '../../tool/define-tool.js';
import { keysetCursor, omitFields, pageInput, pageOutput, readKeysetCursor, responseFormatField } from '../paging.js';
import { projectField, READ_ANNOTATIONS, scopeOf, sinceField, sinceFrom } from './schemas.js';

/** Left out of concise rows. */
const WIDE = ['project_id', 'end_time', 'exit_page', 'date'] as const;

export const listSessions = defineTool({
  name: 'list_sessions',
  title: 'List sessions',
  description:
    'Sessions that started since `since` (default 7d), newest first: duration (ms), entry/exit page, event count and ' +
    'bounce (1 = a one-event session). Sessions come from `session_id`, or are derived per user after 30 minutes of ' +
    'inactivity. Filter by `user_id` or `is_bounce`. See get_session_distribution for the histogram. Pass `next_cursor` ' +
    'as `cursor` for older sessions.',
  toolset: 'analytics',
  input: z.object({
    project: projectField,
    since: sinceField,
    ...pageInput(40, 1000, 'next_cursor'),
    user_id: z.string().min(1).max(256).optional().describe('Only sessions of this user.'),
    is_bounce: z.union([z.literal(0), z.literal(1)]).optional().describe('1: only bounced sessions; 0: only engaged ones.'),
    response_format: responseFormatField('detailed', `leave out ${WIDE.join(', ')}`),
  }),
  output: z.object({
    project: z.string(),
    sessions: z.array(
      z.object({
        session_id: z.string(),
        user_id: z.string().nullable(),
        project_id: z.string().optional(),
        start_time: z.number().int(),
        end_time: z.number().int().optional(),
        duration: z.number().int(),
        entry_page: z.string().nullable(),
        exit_page: z.string().nullable().optional(),
        event_count: z.number().int(),
        is_bounce: z.union([z.literal(0), z.literal(1)]),
        date: z.string().optional(),
      }),
    ),
    ...pageOutput('next_cursor'),
  }),
  page: { rows: 'sessions', cursorKey: 'next_cursor', cursorAfter: (row) => keysetCursor(row.start_time, row.session_id) },
  examples: [{ project: 'my-site', limit: 20 }, { project: 'my-site', is_bounce: 1 }],
  annotations: READ_ANNOTATIONS,
  scope: 'read',
  async handler(input, ctx) {
    const from = sinceFrom(input.since, ctx.clock());
    const after = readKeysetCursor(input.cursor);
    const found = await ctx.services.analytics.sessions(await scopeOf(ctx, input.project), { from, limit: input.limit, after, user_id: input.user_id, is_bounce: input.is_bounce });
    const last = found.sessions.at(-1);
    const sessions = input.response_format === 'concise' ? found.sessions.map((row) => omitFields(row, WIDE)) : found.sessions;
    return { project: found.project, sessions, next_cursor: found.more && last ? keysetCursor(last.start_time, last.session_id) : null };
  },
});
