import { z } from 'zod';
import { defineTool } from '../../tool/define-tool.js';
import { keysetCursor, pageInput, pageOutput, readKeysetCursor, responseFormatField } from '../paging.js';
import { projectField, READ_ANNOTATIONS, scopeOf, sinceField, sinceFrom } from './schemas.js';

export const analyticsEventRow = z
  .object({
    id: z.string(),
    project_id: z.string(),
    event: z.string(),
    properties: z.record(z.string(), z.unknown()).nullable().optional().describe('Left out of concise rows.'),
    user_id: z.string().nullable(),
    session_id: z.string().nullable().describe('Given by the client, or derived (s_…) from a 30-minute gap per user.'),
    timestamp: z.number().int(),
    date: z.string(),
    country: z.string().nullable(),
  })
  .meta({ id: 'AnalyticsEventRow' });

export const listEvents = defineTool({
  name: 'list_events',
  title: 'Raw event log',
  description:
    'Raw events of a project, newest first, since `since` (default 7d), optionally only one `event` name, one ' +
    '`session_id` ("all events of a session") or one `user_id`. Page back with `cursor` = the answer\'s `next_cursor`. ' +
    'For counts use get_stats or run_query; use query_events instead for canonical envelopes across the workspace (by ' +
    'traceId, actor or business).',
  toolset: 'analytics',
  input: z.object({
    project: projectField,
    event: z.string().min(1).max(256).optional().describe('Only events with this name.'),
    session_id: z.string().min(1).max(256).optional().describe('Only events of this session.'),
    user_id: z.string().min(1).max(256).optional().describe('Only events of this user.'),
    since: sinceField,
    ...pageInput(50, 1000, 'next_cursor'),
    response_format: responseFormatField('detailed', 'leave out `properties`'),
  }),
  output: z.object({ project: z.string(), events: z.array(analyticsEventRow), ...pageOutput('next_cursor') }),
  page: { rows: 'events', cursorKey: 'next_cursor', cursorAfter: (row) => keysetCursor(row.timestamp, row.id) },
  examples: [{ project: 'my-site', limit: 20 }, { project: 'my-site', event: 'page_view', since: '30d' }],
  annotations: READ_ANNOTATIONS,
  scope: 'read',
  async handler(input, ctx) {
    const from = sinceFrom(input.since, ctx.clock());
    const { project, since: _since, cursor, response_format, ...filters } = input;
    const found = await ctx.services.analytics.eventLog(await scopeOf(ctx, project), { ...filters, from, after: readKeysetCursor(cursor) });
    const events = response_format === 'concise' ? found.events.map(({ properties: _properties, ...row }) => row) : found.events;
    const last = found.events.at(-1);
    return { project: found.project, events, next_cursor: found.more && last ? keysetCursor(last.timestamp, last.id) : null };
  },
});
