import { z } from 'zod';
import { MAX_COHORTS, RETENTION_PERIODS } from '../../domain/analytics/retention.js';
import { invalidInput } from '../../errors/engine-error.js';
import { defineTool } from '../../tool/define-tool.js';
import { flagsField, projectField, READ_ANNOTATIONS, scopeOf, sinceFrom, sinceInput } from './schemas.js';

export const getRetention = defineTool({
  name: 'get_retention',
  title: 'Cohort retention',
  description:
    'Are users coming back? Users are grouped by the `period` (day/week/month, UTC, weeks from Monday) they were first ' +
    'seen, over the last `cohorts` periods (max day 30, week 12, month 12; default 8); `retained[k]` counts those active ' +
    'k periods later, `rates` divide by the cohort size, and `average_rates` weights cohorts by size — index 0 is always ' +
    '1, real retention starts at index 1. Activity is any event, or `event`/`returning_event` for event-based retention. ' +
    '`flags` carries `retention_cliff` when average_rates[1] is below 0.1.',
  toolset: 'analytics',
  input: z.object({
    project: projectField,
    period: z.enum(RETENTION_PERIODS).default('week').describe('Cohort length: day, week or month (UTC).'),
    cohorts: z.number().int().min(1).max(30).default(8).describe('How many cohorts, newest last (max day 30, week 12, month 12).'),
    event: z.string().min(1).max(256).optional().describe('First-seen event (e.g. signup); switches to event-based retention.'),
    returning_event: z.string().min(1).max(256).optional().describe('What counts as returning; default: `event`.'),
    since: sinceInput('Optional: no cohort starts before the period containing this time.'),
  }),
  output: z.object({
    project: z.string(),
    period: z.enum(RETENTION_PERIODS),
    cohorts: z.array(
      z.object({ date: z.string(), users: z.number().int(), retained: z.array(z.number().int()), rates: z.array(z.number()) }),
    ),
    average_rates: z.array(z.number()),
    users_analyzed: z.number().int(),
    flags: flagsField,
  }),
  examples: [{ project: 'my-site', period: 'week', cohorts: 8 }],
  annotations: READ_ANNOTATIONS,
  scope: 'read',
  async handler(input, ctx) {
    if (input.cohorts > MAX_COHORTS[input.period]) {
      throw invalidInput(`cohorts may be at most ${MAX_COHORTS[input.period]} for period '${input.period}'`, [
        { path: 'cohorts', message: `must be at most ${MAX_COHORTS[input.period]} when period is ${input.period}` },
      ]);
    }
    if (input.returning_event !== undefined && input.event === undefined) {
      throw invalidInput('returning_event needs event', [{ path: 'returning_event', message: 'requires `event` (the first-seen event)' }]);
    }
    const now = ctx.clock();
    return ctx.services.analytics.retention(await scopeOf(ctx, input.project), {
      period: input.period,
      cohorts: input.cohorts,
      now,
      since: input.since === undefined ? undefined : sinceFrom(input.since, now),
      event: input.event,
      returningEvent: input.returning_event,
    });
  },
});
