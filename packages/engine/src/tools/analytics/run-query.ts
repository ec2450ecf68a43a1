import { z } from 'zod';
import { QUERY_GROUP_BY, QUERY_METRICS, QUERY_OPS, QUERY_ORDER_BY } from '../../domain/analytics/flexible-query.js';
import { defineTool } from '../../tool/define-tool.js';
import { fallbackTime, resolveRange, timeInput } from '../time-input.js';
import { projectField, READ_ANNOTATIONS, scopeOf } from './schemas.js';

export const runQuery = defineTool({
  name: 'run_query',
  title: 'Flexible analytics query',
  description:
    'Custom report over raw events: `metrics` (event_count, unique_users, session_count, bounce_rate, avg_duration) ' +
    'grouped by `group_by` (event, date, user_id, session_id, country) with `filters` ({field, op, value}; fields event, ' +
    'user_id, session_id, date, country, timestamp or properties.<key>; ops eq, neq, gt, lt, gte, lte, contains) between ' +
    '`date_from` (default 7d ago) and `date_to` (default now). Each row has the ' +
    'group_by fields and the metrics; the request\'s `metrics` and `group_by` are echoed to read rows by.',
  toolset: 'analytics',
  input: z.object({
    project: projectField,
    metrics: z.array(z.enum(QUERY_METRICS)).min(1).max(5).default(['event_count']),
    group_by: z.array(z.enum(QUERY_GROUP_BY)).max(5).default([]),
    filters: z
      .array(z.object({ field: z.string().min(1).max(140), op: z.enum(QUERY_OPS), value: z.union([z.string().max(1024), z.number(), z.boolean()]) }))
      .max(20)
      .default([]),
    date_from: timeInput('Start of the range (inclusive). Default: 7d.').optional(),
    date_to: timeInput('End of the range (inclusive; a bare date means the end of that UTC day). Default: now.').optional(),
    order_by: z
      .enum(QUERY_ORDER_BY)
      .optional()
      .describe('A requested metric or group_by field. Default: date when grouped by it, else the first of event_count, unique_users, session_count requested.'),
    order: z.enum(['asc', 'desc']).default('desc'),
    limit: z.number().int().min(1).max(1000).default(100),
  }),
  output: z.object({
    project: z.string(),
    period: z.object({ from: z.string(), to: z.string() }),
    metrics: z.array(z.enum(QUERY_METRICS)),
    group_by: z.array(z.enum(QUERY_GROUP_BY)),
    rows: z.array(z.record(z.string(), z.union([z.string(), z.number(), z.null()]))),
    count: z.number().int(),
  }),
  examples: [{ project: 'my-site', metrics: ['event_count', 'unique_users'], group_by: ['event'], date_from: '30d' }],
  annotations: READ_ANNOTATIONS,
  scope: 'read',
  async handler(input, ctx) {
    const now = ctx.clock();
    const { from, to } = resolveRange({ from: input.date_from ?? fallbackTime('7d'), to: input.date_to }, now, 7, { from: 'date_from', to: 'date_to' });
    const { project, date_from: _from, date_to: _to, ...query } = input;
    return ctx.services.analytics.query(await scopeOf(ctx, project), { ...query, from, to });
  },
});
