import { z } from 'zod';
import { INTERVALS } from '../../domain/metrics/buckets.js';
import { defineTool } from '../../tool/define-tool.js';
import { resolveRange, timeRangeFields } from '../shared.js';

const sums = z.record(z.string(), z.number()).describe('Sums of numeric `properties.*` and `outcome.*` fields, keyed by field path.');

/** What a metrics query asks, shared by the read (query_metrics) and the write that also stores it (save_metrics_snapshot). */
const metricsQueryFields = {
  eventName: z.string().min(1).optional().describe('Only this event name.'),
  eventNames: z.array(z.string().min(1)).max(100).optional().describe('Only these event names.'),
  businessId: z.string().min(1).optional().describe('Only events of this business (default: all of the workspace).'),
  ...timeRangeFields,
  interval: z.enum(INTERVALS).optional().describe('Bucket the counts by this UTC interval.'),
  limit: z.number().int().min(1).max(1000).default(100).describe('Most event names returned, largest counts first.'),
};

const metricsResult = {
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
};

type MetricsInput = z.output<z.ZodObject<typeof metricsQueryFields>>;

function metricsQueryOf(input: MetricsInput, now: number, persistSnapshots: boolean) {
  const range = resolveRange(input, now);
  const eventNames = [...(input.eventNames ?? []), ...(input.eventName ? [input.eventName] : [])];
  return {
    ...range,
    eventNames,
    limit: input.limit,
    persistSnapshots,
    ...(input.businessId ? { businessId: input.businessId } : {}),
    ...(input.interval ? { interval: input.interval } : {}),
  };
}

export const queryMetrics = defineTool({
  name: 'query_metrics',
  title: 'Query metrics',
  description:
    'Count events and sum their numeric properties (e.g. `properties.revenue`) per event name over a time range, ' +
    'optionally in hour/day/week/month buckets (UTC). Use it for "how many orders and how much revenue last week". ' +
    'Exact to the millisecond. Reads only; save_metrics_snapshot runs the same query and stores the result. For one ' +
    "project's web analytics with filters and group-by, use run_query instead.",
  toolset: 'metrics',
  input: z.object(metricsQueryFields),
  output: z.object(metricsResult),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  scope: 'read',
  examples: [{ eventName: 'order.created' }, { interval: 'day' }],
  async handler(input, ctx) {
    const { snapshotId: _none, ...result } = await ctx.services.metrics.query(ctx.principal.workspaceId, metricsQueryOf(input, ctx.clock(), false));
    return result;
  },
});

export const saveMetricsSnapshot = defineTool({
  name: 'save_metrics_snapshot',
  title: 'Save a metrics snapshot',
  description:
    'Runs a query_metrics query and stores its result as a snapshot for reports, answering the result and its ' +
    '`snapshotId`. Use query_metrics to only read; this one writes (REST: POST /api/metrics/query with ' +
    '`persistSnapshots: true`).',
  toolset: 'metrics',
  input: z.object(metricsQueryFields),
  output: z.object({ ...metricsResult, snapshotId: z.string().describe('Id of the stored snapshot (`snap_…`).') }),
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
  scope: 'write',
  examples: [{ eventName: 'order.created', interval: 'day' }],
  async handler(input, ctx) {
    const result = await ctx.services.metrics.query(ctx.principal.workspaceId, metricsQueryOf(input, ctx.clock(), true));
    return { ...result, snapshotId: result.snapshotId! };
  },
});
