import { z } from 'zod';
import { defineTool } from '../../tool/define-tool.js';
import { pageOutput } from '../paging.js';
import { READ_ONLY } from '../shared.js';
import { bucketPaging } from './query-metric-definition.js';
import { bucket, bucketCursor, bucketPage, metricId } from './schemas.js';
import { fieldsOf, snapshotDetail } from './snapshot-schemas.js';

export const getMetricSnapshot = defineTool({
  name: 'get_metric_snapshot',
  title: 'Get a metric snapshot',
  description:
    'One stored snapshot, exactly as it was saved: by `id`, or the newest of a definition by `metricId`. Answers the ' +
    'definition id, version and rule computed, the value, a page of its buckets, and the per-event-name counts when ' +
    'save_metrics_snapshot stored them. Reports read this instead of recomputing (query_metric_definition computes ' +
    'live). list_metric_snapshots finds ids. Pass `nextCursor` as `cursor` for more buckets.',
  toolset: 'metric_definitions',
  input: z
    .object({
      id: z.string().min(1).max(64).optional().describe('Snapshot id (`snap_…`); give this or `metricId`.'),
      metricId: metricId.optional().describe('The newest snapshot of this definition; give this or `id`.'),
      ...bucketPaging,
      limit: bucketPaging.limit.describe('Most buckets returned (1-5000, default 200).'),
    })
    .superRefine((value, ctx) => {
      if ((value.id === undefined) === (value.metricId === undefined)) ctx.addIssue({ code: 'custom', path: ['id'], message: 'give either id or metricId' });
    }),
  output: z.object({
    ...snapshotDetail,
    buckets: z.array(bucket).describe('The stored buckets in time order (a page of them); empty without an interval or for event counts.'),
    ...pageOutput(),
  }),
  page: { rows: 'buckets', cursorKey: 'nextCursor', cursorAfter: (row) => bucketCursor(row.start) },
  annotations: READ_ONLY,
  scope: 'read',
  examples: [{ metricId: 'revenue' }],
  async handler(input, ctx) {
    const by = input.id !== undefined ? { id: input.id } : { metricId: input.metricId! };
    const snapshot = await ctx.services.definitions.snapshot(ctx.principal.workspaceId, by);
    const { buckets, nextCursor } = bucketPage(snapshot.result?.buckets ?? [], input.cursor, input.limit);
    return { ...fieldsOf(snapshot), definition: snapshot.definition, eventCounts: snapshot.eventCounts, buckets, nextCursor };
  },
});
