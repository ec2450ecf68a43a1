import { z } from 'zod';
import { defineTool } from '../../tool/define-tool.js';
import { keysetCursor, pageInput, pageOutput, readKeysetCursor } from '../paging.js';
import { READ_ONLY } from '../shared.js';
import { metricId } from './schemas.js';
import { SNAPSHOT_SOURCES, snapshotSummary, summaryOf } from './snapshot-schemas.js';

export const listMetricSnapshots = defineTool({
  name: 'list_metric_snapshots',
  title: 'List metric snapshots',
  description:
    'Stored metric snapshots, newest first: those of metric definitions (save_metric_definition_snapshot) and the ' +
    'per-event-name counts of save_metrics_snapshot, each with its range, the definition id and version and the value ' +
    'as computed then. Optionally of one definition or one source. get_metric_snapshot reads one with its buckets. ' +
    'Pass `nextCursor` as `cursor` for more.',
  toolset: 'metric_definitions',
  input: z.object({
    metricId: metricId.optional().describe('Only snapshots of this definition.'),
    source: z.enum(SNAPSHOT_SOURCES).optional().describe('Only snapshots of definitions, or only event counts (save_metrics_snapshot).'),
    ...pageInput(50, 500),
  }),
  output: z.object({ snapshots: z.array(snapshotSummary), ...pageOutput() }),
  page: { rows: 'snapshots', cursorKey: 'nextCursor', cursorAfter: (row) => keysetCursor(row.createdAt, row.id) },
  annotations: READ_ONLY,
  scope: 'read',
  examples: [{}, { metricId: 'revenue' }],
  async handler(input, ctx) {
    const found = await ctx.services.definitions.snapshots(ctx.principal.workspaceId, {
      metricId: input.metricId, source: input.source, after: readKeysetCursor(input.cursor), limit: input.limit,
    });
    const snapshots = found.slice(0, input.limit);
    const last = snapshots.at(-1);
    return { snapshots: snapshots.map(summaryOf), nextCursor: found.length > input.limit && last ? keysetCursor(last.createdAt, last.id) : null };
  },
});
