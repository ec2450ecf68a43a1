import { z } from 'zod';
import type { ToolContext } from '../../context.js';
import type { Evaluated } from '../../domain/definitions/definitions-service.js';
import { INTERVALS } from '../../domain/metrics/buckets.js';
import { invalidInput } from '../../errors/engine-error.js';
import { defineTool } from '../../tool/define-tool.js';
import { definitionValue, definitionValueOf, eventNamesRead, metricId, version } from '../definitions/schemas.js';
import { afterOffset, offsetCursor, pageInput, pageOutput, readOffsetCursor } from '../paging.js';
import { resolveRange, timeRangeFields } from '../shared.js';

const sums = z.record(z.string(), z.number()).describe('Sums of numeric `properties.*` and `outcome.*` fields, keyed by field path.');

/** `limit` and `cursor` of query_metrics; save_metrics_snapshot takes the `limit` alone (a write is not continued). */
const paging = pageInput(100, 1000);

/** What a metrics query asks, shared by the read (query_metrics) and the write that also stores it (save_metrics_snapshot). */
const metricsQueryFields = {
  eventName: z.string().min(1).optional().describe('Only this event name.'),
  eventNames: z.array(z.string().min(1)).max(100).optional().describe('Only these event names.'),
  businessId: z.string().min(1).optional().describe('Only events of this business (default: all of the workspace).'),
  ...timeRangeFields,
  interval: z.enum(INTERVALS).optional().describe('Bucket the counts by this UTC interval.'),
  metricId: metricId
    .optional()
    .describe(
      'Also compute this metric definition (create_metric_definition) over the range, answered in `definition`; without ' +
        'eventName(s), the counts are of the event names it reads.',
    ),
  version: version.optional().describe('The version of `metricId` to compute; default: its latest.'),
  limit: paging.limit.describe('Most event names returned (1-1000, default 100), largest counts first.'),
};

const metricsResult = {
  from: z.number().int(),
  to: z.number().int(),
  interval: z.enum(INTERVALS).nullable(),
  totalEvents: z.number().int().describe('Events of every matching name in the range, not only of the names in this answer.'),
  metrics: z
    .array(
      z.object({
        event: z.string(),
        count: z.number().int(),
        sums,
        buckets: z.array(z.object({ start: z.number().int(), count: z.number().int(), sums })).optional(),
      }),
    )
    .describe('One entry per event name, largest counts first, ties by name.'),
  definition: definitionValue.optional().describe('With `metricId`: the definition computed, its version, value and buckets.'),
  ...pageOutput(),
};

type MetricsInput = z.output<z.ZodObject<typeof metricsQueryFields>>;

/**
 * The query of an input, and with `metricId` the definition computed over the same range: its event names are those
 * counted unless the input names some.
 */
async function metricsQueryOf(input: MetricsInput, ctx: ToolContext, persistSnapshots: boolean, offset = 0) {
  const range = resolveRange(input, ctx.clock());
  let eventNames = [...(input.eventNames ?? []), ...(input.eventName ? [input.eventName] : [])];
  let evaluated: Evaluated | undefined;
  if (input.metricId !== undefined) {
    evaluated = await ctx.services.definitions.evaluate(ctx.principal.workspaceId, { metricId: input.metricId, version: input.version }, range, input.interval);
    if (eventNames.length === 0) eventNames = eventNamesRead(evaluated.definition);
  } else if (input.version !== undefined) {
    throw invalidInput('`version` needs `metricId`', [{ path: 'version', message: 'is only for a metric definition (metricId)' }]);
  }
  const query = {
    ...range,
    eventNames,
    ...(offset > 0 ? { offset } : {}),
    limit: input.limit,
    persistSnapshots,
    ...(input.businessId ? { businessId: input.businessId } : {}),
    ...(input.interval ? { interval: input.interval } : {}),
  };
  return { query, evaluated };
}

export const queryMetrics = defineTool({
  name: 'query_metrics',
  title: 'Query metrics',
  description:
    'Count events and sum their numeric properties (e.g. `properties.revenue`) per event name over a time range, ' +
    'optionally in hour/day/week/month buckets (UTC). Use it for "how many orders and how much revenue last week". ' +
    'Exact to the millisecond. With `metricId`, also computes that metric definition (see query_metric_definition). ' +
    'Reads only; save_metrics_snapshot runs the same query and stores the result. For one ' +
    "project's web analytics with filters and group-by, use run_query instead. Pass `nextCursor` as `cursor` for more " +
    'event names.',
  toolset: 'metrics',
  input: z.object({ ...metricsQueryFields, cursor: paging.cursor }),
  output: z.object(metricsResult),
  // Names come largest count first, ties by name: an offset continues them.
  page: { rows: 'metrics', cursorKey: 'nextCursor', cursorAfter: afterOffset },
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  scope: 'read',
  examples: [{ eventName: 'order.created' }, { interval: 'day' }],
  async handler(input, ctx) {
    const offset = readOffsetCursor(input.cursor);
    const { query, evaluated } = await metricsQueryOf(input, ctx, false, offset);
    const { snapshotId: _none, more, ...result } = await ctx.services.metrics.query(ctx.principal.workspaceId, query);
    return {
      ...result,
      ...(evaluated ? { definition: definitionValueOf(evaluated) } : {}),
      nextCursor: more ? offsetCursor(offset + result.metrics.length) : null,
    };
  },
});

export const saveMetricsSnapshot = defineTool({
  name: 'save_metrics_snapshot',
  title: 'Save a metrics snapshot',
  description:
    'Runs a query_metrics query (its first `limit` event names) and stores the whole result as a snapshot for ' +
    'reports, answering it with its `snapshotId`. The answer is a page: a surface a model reads cuts it to the answer ' +
    'size budget (`truncated: true`) while the snapshot keeps every row; pass `nextCursor` as `cursor` to ' +
    'query_metrics with the same arguments for the rest. With `metricId` the snapshot also keeps that definition\'s ' +
    'value, id and version (list_metric_snapshots, get_metric_snapshot read it). Use query_metrics to only read; this ' +
    'one writes (REST: POST /api/metrics/query with `persistSnapshots: true`).',
  toolset: 'metrics',
  input: z.object(metricsQueryFields),
  output: z.object({ ...metricsResult, snapshotId: z.string().describe('Id of the stored snapshot (`snap_…`).') }),
  // Its rows are query_metrics' first page, so query_metrics' offset cursor continues them.
  page: { rows: 'metrics', cursorKey: 'nextCursor', cursorAfter: (_row, index) => offsetCursor(index + 1) },
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
  scope: 'write',
  examples: [{ eventName: 'order.created', interval: 'day' }],
  async handler(input, ctx) {
    const workspaceId = ctx.principal.workspaceId;
    const { query, evaluated } = await metricsQueryOf(input, ctx, input.metricId === undefined);
    const nextCursor = (more: boolean, rows: number) => (more ? offsetCursor(rows) : null);
    if (!evaluated) {
      const { more, ...result } = await ctx.services.metrics.query(workspaceId, query);
      return { ...result, snapshotId: result.snapshotId!, nextCursor: nextCursor(more, result.metrics.length) };
    }
    // A definition's snapshot: its value with the event counts beside, in the definitions' snapshot rows.
    const { more, snapshotId: _none, ...result } = await ctx.services.metrics.query(workspaceId, query);
    const eventCounts = { totalEvents: result.totalEvents, metrics: result.metrics, eventNames: query.eventNames, businessId: query.businessId ?? null };
    const snapshot = await ctx.services.definitions.saveSnapshot(workspaceId, evaluated, eventCounts);
    return { ...result, definition: definitionValueOf(evaluated), snapshotId: snapshot.id, nextCursor: nextCursor(more, result.metrics.length) };
  },
});
