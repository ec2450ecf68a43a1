import { z } from 'zod';
import { INSIGHT_PERIODS } from '../../domain/analytics/stats.js';
import { defineTool } from '../../tool/define-tool.js';
import { comparisonSchema, flagsField, projectField, READ_ANNOTATIONS, scopeOf } from './schemas.js';

const window = z.object({ from: z.string(), to: z.string() });

export const getInsights = defineTool({
  name: 'get_insights',
  title: 'Period-over-period insights',
  description:
    'Compares the last `period` (24h/1d, 7d, 14d, 30d, 90d; default 7d) with the period before it: total events, unique ' +
    'users, sessions, bounce rate (0-1) and average session duration (ms), each as current/previous/change/change_pct ' +
    '(null when previous is 0), plus a trend (growing/stable/declining at ±10% events). `flags` carries ' +
    '`bounce_rate_spike` when bounce rate rose more than 20%. Next: get_stats with group_by hour to locate a change.',
  toolset: 'analytics',
  input: z.object({
    project: projectField,
    period: z.enum(INSIGHT_PERIODS).default('7d').describe('Comparison window.'),
  }),
  output: z.object({
    project: z.string(),
    period: z.enum(INSIGHT_PERIODS),
    current_period: window,
    previous_period: window,
    metrics: comparisonSchema,
    trend: z.enum(['growing', 'stable', 'declining']),
    flags: flagsField,
  }),
  examples: [{ project: 'my-site', period: '30d' }],
  annotations: READ_ANNOTATIONS,
  scope: 'read',
  async handler(input, ctx) {
    return ctx.services.analytics.insights(await scopeOf(ctx, input.project), input.period, ctx.clock());
  },
});
