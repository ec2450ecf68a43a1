import { z } from 'zod';
import { defineTool } from '../../tool/define-tool.js';
import { limitField, projectField, READ_ANNOTATIONS, scopeOf, sinceField, sinceFrom } from './schemas.js';

export const analyticsEventRow = z
  .object({
    id: z.string(),
    project_id: z.string(),
    event: z.string(),
    properties: z.record(z.string(), z.unknown()).nullable(),
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
    '`session_id` ("all events of a session") or one `user_id`. No cursor: page back by moving `since` (or narrowing). ' +
    'For counts use get_stats or run_query.',
  toolset: 'analytics',
  input: z.object({
    project: projectField,
    event: z.string().min(1).max(256).optional(),
    session_id: z.string().min(1).max(256).optional(),
    user_id: z.string().min(1).max(256).optional(),
    since: sinceField,
    limit: limitField(100),
  }),
  output: z.object({ project: z.string(), events: z.array(analyticsEventRow) }),
  examples: [{ project: 'my-site', limit: 20 }, { project: 'my-site', event: 'page_view', since: '30d' }],
  annotations: READ_ANNOTATIONS,
  scope: 'read',
  async handler(input, ctx) {
    const from = sinceFrom(input.since, ctx.clock());
    const { project, since: _since, ...filters } = input;
    return ctx.services.analytics.eventLog(await scopeOf(ctx, project), { ...filters, from });
  },
});
