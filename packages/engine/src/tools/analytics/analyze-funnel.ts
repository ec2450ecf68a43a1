import { z } from 'zod';
import { PROPERTY_KEY } from '../../domain/analytics/breakdown.js';
import { FILTER_OPS } from '../../domain/analytics/funnel.js';
import { defineTool } from '../../tool/define-tool.js';
import { projectField, READ_ANNOTATIONS, scopeOf, sinceFrom, sinceInput } from './schemas.js';

const propertyKey = z.string().regex(PROPERTY_KEY, 'must be letters, digits or _ (max 128)');
const stepResult = z.object({
  step: z.number().int(),
  event: z.string(),
  users: z.number().int().describe('Users (or sessions) that reached this step.'),
  conversion_rate: z.number().describe('0-1, from the previous step (step 1: 1 when anyone entered).'),
  drop_off_rate: z.number().describe('0-1, lost since the previous step.'),
  avg_time_to_next_ms: z.number().nullable(),
});

export const analyzeFunnel = defineTool({
  name: 'analyze_funnel',
  title: 'Funnel analysis',
  description:
    'Where a project\'s users drop off across 2-8 ordered steps (e.g. page_view → signup_start → signup_complete): a ' +
    'user (or session, `count_by`) enters at their first step-1 event since `since` (default 30d) and counts at each ' +
    'later step reached in order within `conversion_window_hours` (default 168). Steps may filter on properties; ' +
    '`breakdown` (e.g. "referrer") segments by the entering event\'s property. Rates are 0-1 (multiply by 100 for ' +
    'percent). Find event names with list_properties. Use query_funnel instead for canonical events by actor across ' +
    'the workspace.',
  toolset: 'analytics',
  input: z.object({
    project: projectField,
    steps: z
      .array(
        z.object({
          event: z.string().min(1).max(256).describe('Event name of this step.'),
          filters: z
            .array(
              z.object({
                property: propertyKey.describe('Property key of the step event.'),
                op: z.enum(FILTER_OPS).describe('Comparison.'),
                value: z.string().max(1024).describe('Value to compare with.'),
              }),
            )
            .max(10)
            .optional()
            .describe('Conditions the step event meets (all of them).'),
        }),
      )
      .min(2)
      .max(8)
      .describe('Ordered funnel steps (2-8).'),
    conversion_window_hours: z.number().min(1).max(8760).default(168).describe('Hours after entry within which later steps count.'),
    since: sinceInput('Start of the entry window, which runs to now. Default: 30d.'),
    count_by: z.enum(['user_id', 'session_id']).default('user_id').describe('Count users or sessions through the steps.'),
    breakdown: propertyKey.optional().describe('Property key to segment by, read from each entering step-1 event.'),
    breakdown_limit: z.number().int().min(1).max(50).default(10).describe('Most breakdown groups, by step-1 users.'),
  }),
  output: z.object({
    project: z.string(),
    steps: z.array(stepResult),
    overall_conversion_rate: z.number(),
    breakdown: z.string().optional(),
    breakdowns: z
      .array(z.object({ value: z.string().nullable(), steps: z.array(stepResult), overall_conversion_rate: z.number() }))
      .optional(),
  }),
  examples: [{ project: 'my-site', steps: [{ event: 'page_view' }, { event: 'signup_start' }, { event: 'signup_complete' }], breakdown: 'referrer' }],
  annotations: READ_ANNOTATIONS,
  scope: 'read',
  async handler(input, ctx) {
    const now = ctx.clock();
    return ctx.services.analytics.funnel(await scopeOf(ctx, input.project), {
      steps: input.steps,
      from: sinceFrom(input.since, now, '30d'),
      now,
      conversionWindowHours: input.conversion_window_hours,
      countBy: input.count_by,
      breakdown: input.breakdown,
      breakdownLimit: input.breakdown_limit,
    });
  },
});
