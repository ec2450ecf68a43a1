import { z } from 'zod';
import { INTERVALS } from '../../domain/metrics/buckets.js';
import { defineTool } from '../../tool/define-tool.js';
import { resolveRange, timeRangeFields } from '../shared.js';

const sums = z.record(z.string(), z.number()).describe('Sums of numeric `properties.*` and `outcome.*` fields, keyed by field path.');

export const queryMetrics = defineTool({
  name: 'query_metrics',
  title: 'Query metrics',
  description:
    'Count events and sum their numeric properties (e.g. `properties.revenue`) per event name over a time range, ' +
    'optionally in hour/day/week/month buckets (UTC). Use it for "how many orders and how much revenue last week". ' +
    'Exact to the millisecond. `persistSnapshots: true` also stores the result and returns its `snapshotId`.',
  toolset: 'metrics',
  input: z.object({
    eventName: z.string().min(1).optional().describe('Only this event name.'),
    eventNames: z.array(z.string().min(1)).max(100).optional().describe('Only these event names.'),
    businessId: z.string().min(1).optional(),
    ...timeRangeFields,
    interval: z.enum(INTERVALS).optional().describe('Bucket the counts by this UTC interval.'),
    limit: z.number().int().min(1).max(1000).default(100).describe('Most event names returned, largest counts first.'),
    persistSnapshots: z.boolean().default(false).describe('Store this result as a snapshot for reports.'),
  }),
  output: z.object({
    from: z.number().int(),
    to: z.number().int(),
    interval: z.enum(INTERVALS).nullable(),
    totalEvents: z.number().int(),
    metrics: z.array(
      z.object({
        event: z.string(),
        count: z.number().int(),
        sums,
        buckets: z.array(z.object({ start: z.number().int(), count: z.number().int(), sums })).optional(),
      }),
    ),
    snapshotId: z.string().nullable(),
  }),
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
  scope: 'read',
  examples: [{ eventName: 'order.created' }, { interval: 'day' }],
  async handler(input, ctx) {
    const range = resolveRange(input, ctx.clock());
    const eventNames = [...(input.eventNames ?? []), ...(input.eventName ? [input.eventName] : [])];
    return ctx.services.metrics.query(ctx.principal.workspaceId, {
      ...range,
      eventNames,
      limit: input.limit,
      persistSnapshots: input.persistSnapshots,
      ...(input.businessId ? { businessId: input.businessId } : {}),
      ...(input.interval ? { interval: input.interval } : {}),
    });
  },
});
