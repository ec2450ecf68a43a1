import { z } from 'zod';
import { GROUP_BYS } from '../../domain/analytics/stats.js';
import { defineTool } from '../../tool/define-tool.js';
import { nameCursor, pageInput, pageOutput, readNameCursor } from '../paging.js';
import { aggregateFrom, comparisonSchema, flagsField, projectField, READ_ANNOTATIONS, scopeOf, sinceField } from './schemas.js';

const count = z.number().int();
const paging = pageInput(1000, 10_000, 'next_cursor');

export const getStats = defineTool({
  name: 'get_stats',
  title: 'Traffic stats overview',
  description:
    'Overview of a project since `since` (default 7d, on the hour): totals (events, unique users), a time series by ' +
    '`group_by` hour/day/week/month (UTC; weeks start Monday), the top 20 events, session metrics (bounce rate = share of ' +
    'one-event sessions, durations in ms), and `metrics`: each KPI against the previous window of the same length ' +
    '(`change_pct` is null when the previous value is 0). `flags` warns of anonymous-only tracking. Next: get_insights for ' +
    'fixed periods, get_breakdown for why. Use run_query instead for other metrics, groupings or filters. A long series ' +
    'comes `limit` buckets at a time, oldest first: pass `next_cursor` as `cursor` for the next ones.',
  toolset: 'analytics',
  input: z.object({
    project: projectField,
    since: sinceField,
    group_by: z.enum(GROUP_BYS).default('day').describe('Time-series bucket (UTC).'),
    limit: paging.limit.describe('Most time-series buckets returned (1-10000, default 1000).'),
    cursor: paging.cursor,
  }),
  output: z.object({
    project: z.string(),
    period: z.object({ from: z.string(), to: z.string(), groupBy: z.enum(GROUP_BYS) }),
    totals: z.object({ unique_users: count, total_events: count }),
    timeSeries: z
      .array(z.object({ bucket: z.string(), unique_users: count, total_events: count }))
      .describe('Buckets with events, oldest first: `limit` of them after the cursor; every other field covers the whole window.'),
    events: z.array(z.object({ event: z.string(), count, unique_users: count })),
    sessions: z.object({
      total_sessions: count,
      bounce_rate: z.number().describe('0-1'),
      avg_duration: z.number().describe('ms'),
      pages_per_session: z.number(),
      sessions_per_user: z.number(),
    }),
    metrics: comparisonSchema,
    flags: flagsField,
    ...pageOutput('next_cursor'),
  }),
  // Buckets in time order, keyed by their label: a page continues after the last label (keyset).
  page: { rows: 'timeSeries', cursorKey: 'next_cursor', cursorAfter: (row) => nameCursor(row.bucket) },
  examples: [{ project: 'my-site', since: '7d' }, { project: 'my-site', since: '24h', group_by: 'hour' }],
  annotations: READ_ANNOTATIONS,
  scope: 'read',
  async handler(input, ctx) {
    const now = ctx.clock();
    const from = aggregateFrom(input.since, now);
    const after = readNameCursor(input.cursor);
    const { more, ...stats } = await ctx.services.analytics.stats(await scopeOf(ctx, input.project), from, now, input.group_by, { after, limit: input.limit });
    const last = stats.timeSeries.at(-1);
    return { ...stats, next_cursor: more && last ? nameCursor(last.bucket) : null };
  },
});
