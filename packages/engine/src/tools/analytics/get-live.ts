import { z } from 'zod';
import { defineTool } from '../../tool/define-tool.js';
import { projectField, READ_ANNOTATIONS, scopeOf } from './schemas.js';

export const getLive = defineTool({
  name: 'get_live',
  title: 'Live snapshot',
  description:
    'Who is on the site right now: distinct users and sessions with events in the last `window` seconds (10-300, ' +
    'default 60), events per minute, top pages and events, and the 10 latest events. Read from stored events, so it ' +
    'survives restarts. Use stream_events instead for a continuous feed of new events.',
  toolset: 'analytics',
  input: z.object({
    project: projectField,
    window: z.number().int().min(10).max(300).default(60).describe('Window in seconds.'),
  }),
  output: z.object({
    project: z.string(),
    window_seconds: z.number().int(),
    timestamp: z.number().int(),
    active_visitors: z.number().int(),
    active_sessions: z.number().int(),
    total_events: z.number().int(),
    events_per_minute: z.number().int(),
    top_pages: z.array(z.object({ path: z.string(), visitors: z.number().int() })),
    top_events: z.array(z.object({ event: z.string(), count: z.number().int() })),
    recent_events: z.array(
      z.object({
        event: z.string(),
        properties: z.record(z.string(), z.unknown()).nullable(),
        user_id: z.string().nullable(),
        session_id: z.string().nullable(),
        timestamp: z.number().int(),
      }),
    ),
  }),
  examples: [{ project: 'my-site', window: 60 }],
  annotations: READ_ANNOTATIONS,
  scope: 'read',
  async handler(input, ctx) {
    return ctx.services.analytics.live(await scopeOf(ctx, input.project), ctx.clock(), input.window);
  },
});
