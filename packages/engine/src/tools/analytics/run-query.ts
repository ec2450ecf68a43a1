import { z } from 'zod';
import { QUERY_GROUP_BY, QUERY_METRICS, QUERY_OPS, QUERY_ORDER_BY } from '../../domain/analytics/flexible-query.js';
import { defineTool } from '../../tool/define-tool.js';
import { fallbackTime, resolveRange, timeInput } from '../time-input.js';
import { afterOffset, offsetWindow, pageInput, pageOutput, readOffsetCursor } from '../paging.js';
import { projectField, READ_ANNOTATIONS, scopeOf } from './schemas.js';

export const runQuery = defineTool({
  name: 'run_query',
  title: 'Flexible analytics query',
  description:
    'Custom report over a project\'s raw events: `metrics` (event_count, unique_users, session_count, bounce_rate, ' +
    'avg_duration) grouped by `group_by` (event, date, user_id, session_id, country), with `filters` ({field, op, value}) ' +
    'between `date_from` (default 7d ago) and `date_to` (default now). Each row has the group_by fields and the ' +
    'metrics; the request\'s `metrics` and `group_by` are echoed to read rows by. Use get_stats ' +
    'instead for the standard overview against the previous window, query_metrics for counts and property sums of ' +
    'canonical events across the workspace. Pass `next_cursor` as `cursor` for more rows.',
  toolset: 'analytics',
  input: z.object({
    project: projectField,
    metrics: z.array(z.enum(QUERY_METRICS)).min(1).max(5).default(['event_count']).describe('Values per row (1-5).'),
    group_by: z.array(z.enum(QUERY_GROUP_BY)).max(5).default([]).describe('Fields each row is grouped by; none: one row.'),
    filters: z
      .array(
        z.object({
          field: z.string().min(1).max(140).describe('event, user_id, session_id, date, country, timestamp or properties.<key>.'),
          op: z.enum(QUERY_OPS).describe('Comparison.'),
          value: z.union([z.string().max(1024), z.number(), z.boolean()]).describe('Value to compare with.'),
        }),
      )
      .max(20)
      .default([])
      .describe('Conditions every counted event meets (all of them).'),
    date_from: timeInput('Start of the range (inclusive). Default: 7d.').optional(),
    date_to: timeInput('End of the range (inclusive; a bare date means the end of that UTC day). Default: now.').optional(),
    order_by: z
      .enum(QUERY_ORDER_BY)
      .optional()
      .describe('A requested metric or group_by field. Default: date when grouped by it, else the first of event_count, unique_users, session_count requested.'),
    order: z.enum(['asc', 'desc']).default('desc').describe('Sort direction of order_by.'),
    ...pageInput(100, 1000, 'next_cursor'),
  }),
  output: z.object({
    project: z.string(),
    period: z.object({ from: z.string(), to: z.string() }),
    metrics: z.array(z.enum(QUERY_METRICS)),
    group_by: z.array(z.enum(QUERY_GROUP_BY)),
    rows: z.array(z.record(z.string(), z.union([z.string(), z.number(), z.null()]))),
    count: z.number().int().describe('Rows in this answer.'),
    ...pageOutput('next_cursor'),
  }),
  // Rows come in a total order (order_by, then every group_by field), so an offset continues them.
  page: { rows: 'rows', cursorKey: 'next_cursor', cursorAfter: afterOffset, recount: (rows) => ({ count: rows.length }) },
  examples: [{ project: 'my-site', metrics: ['event_count', 'unique_users'], group_by: ['event'], date_from: '30d' }],
  annotations: READ_ANNOTATIONS,
  scope: 'read',
  async handler(input, ctx) {
    const now = ctx.clock();
    const { from, to } = resolveRange({ from: input.date_from ?? fallbackTime('7d'), to: input.date_to }, now, 7, { from: 'date_from', to: 'date_to' });
    const { project, date_from: _from, date_to: _to, cursor, ...query } = input;
    const offset = readOffsetCursor(cursor);
    const found = await ctx.services.analytics.query(await scopeOf(ctx, project), { ...query, limit: offset + query.limit + 1, from, to });
    const { rows, next } = offsetWindow(found.rows, offset, query.limit);
    return { ...found, rows, count: rows.length, next_cursor: next };
  },
});
