import { z } from 'zod';
import { defineTool } from '../../tool/define-tool.js';
import { READ_ONLY, resolveRange, timeRangeFields } from '../shared.js';

export const queryFunnel = defineTool({
  name: 'query_funnel',
  title: 'Query funnel',
  description:
    'Step-by-step conversion of actors through ordered canonical events (e.g. qr.bottle_scanned → order.created): an ' +
    'actor enters at their first step-1 event in the range and counts at each later step reached in order within ' +
    '`conversionWindowHours` (default 168). Returns per-step counts and conversion rates (0-1); events without an actor ' +
    'are not counted. Use analyze_funnel instead for a project\'s product funnel by user or session, with step filters ' +
    'and breakdowns.',
  toolset: 'funnels',
  input: z.object({
    steps: z
      .array(
        z.object({
          name: z.string().min(1).max(200).optional().describe('Label of the step in the answer; default: the event name.'),
          event: z.string().min(1).max(200).describe('Event name of this step, e.g. order.created.'),
        }),
      )
      .min(2)
      .max(20)
      .describe('Ordered steps; `name` labels the step, `event` is the event name.'),
    ...timeRangeFields,
    conversionWindowHours: z.number().positive().max(24 * 366).default(168).describe('Hours after entry within which later steps count.'),
    businessId: z.string().min(1).optional().describe('Only events of this business (a project id is its business id).'),
  }),
  output: z.object({
    steps: z.array(
      z.object({
        name: z.string(),
        event: z.string(),
        count: z.number().int(),
        conversionRate: z.number().min(0).max(1).describe('Share of the previous step that reached this one.'),
        conversionFromStart: z.number().min(0).max(1),
        dropOff: z.number().int().describe('Actors lost since the previous step.'),
      }),
    ),
    overallConversionRate: z.number().min(0).max(1),
    from: z.number().int(),
    to: z.number().int(),
    conversionWindowHours: z.number(),
  }),
  annotations: READ_ONLY,
  scope: 'read',
  examples: [
    {
      steps: [
        { name: 'Scan', event: 'qr.bottle_scanned' },
        { name: 'Order', event: 'order.created' },
      ],
    },
  ],
  async handler(input, ctx) {
    const range = resolveRange(input, ctx.clock());
    return ctx.services.funnels.query(ctx.principal.workspaceId, {
      ...range,
      steps: input.steps,
      conversionWindowMs: Math.round(input.conversionWindowHours * 3_600_000),
      ...(input.businessId ? { businessId: input.businessId } : {}),
    });
  },
});
