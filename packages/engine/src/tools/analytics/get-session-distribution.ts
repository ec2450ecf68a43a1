import { z } from 'zod';
import { defineTool } from '../../tool/define-tool.js';
import { projectField, READ_ANNOTATIONS, scopeOf, sinceField, sinceFrom } from './schemas.js';

export const getSessionDistribution = defineTool({
  name: 'get_session_distribution',
  title: 'Session duration histogram',
  description:
    'Session durations since `since` (default 7d) in buckets 0s, 1-10s, 10-30s, 30-60s, 1-3m, 3-10m, 10m+ with sessions, ' +
    'bounces, average events and percent of sessions; the bucket holding the median session; and `engaged_pct`, the ' +
    'percent of sessions lasting 30 s or more. Empty projects give an empty list and a null median.',
  toolset: 'analytics',
  input: z.object({ project: projectField, since: sinceField }),
  output: z.object({
    project: z.string(),
    distribution: z.array(
      z.object({ bucket: z.string(), sessions: z.number().int(), bounces: z.number().int(), avg_events: z.number(), pct: z.number() }),
    ),
    median_bucket: z.string().nullable(),
    engaged_pct: z.number(),
  }),
  examples: [{ project: 'my-site', since: '30d' }],
  annotations: READ_ANNOTATIONS,
  scope: 'read',
  async handler(input, ctx) {
    return ctx.services.analytics.sessionDistribution(await scopeOf(ctx, input.project), sinceFrom(input.since, ctx.clock()));
  },
});
