import { z } from 'zod';
import { requireTimeZone } from '../../domain/analytics/time.js';
import { defineTool } from '../../tool/define-tool.js';
import { aggregateFrom, flagsField, projectField, READ_ANNOTATIONS, scopeOf, sinceField } from './schemas.js';

const cell = z.object({ day: z.number().int(), day_name: z.string(), hour: z.number().int(), events: z.number().int(), users: z.number().int() });

export const getHeatmap = defineTool({
  name: 'get_heatmap',
  title: 'Day-of-week × hour heatmap',
  description:
    'When users are active: events and distinct users per local day of week (0 = Sunday) and hour since `since` ' +
    '(default 7d), in the caller\'s IANA `timezone` (default UTC, DST-aware; hourly grain), with the peak cell and the ' +
    'busiest day and hour. Only non-empty cells are listed. An empty project gives an empty grid, null peak and the ' +
    '`insufficient_heatmap_data` flag.',
  toolset: 'analytics',
  input: z.object({
    project: projectField,
    since: sinceField,
    timezone: z.string().min(1).max(64).default('UTC').describe('IANA time zone for days and hours, e.g. Europe/Berlin.'),
  }),
  output: z.object({
    project: z.string(),
    timezone: z.string(),
    heatmap: z.array(cell),
    peak: cell.nullable(),
    busiest_day: z.string().nullable(),
    busiest_hour: z.number().int().nullable(),
    flags: flagsField,
  }),
  examples: [{ project: 'my-site', since: '30d', timezone: 'America/New_York' }],
  annotations: READ_ANNOTATIONS,
  scope: 'read',
  async handler(input, ctx) {
    requireTimeZone(input.timezone);
    const now = ctx.clock();
    return ctx.services.analytics.heatmap(await scopeOf(ctx, input.project), aggregateFrom(input.since, now), now, input.timezone);
  },
});
