import { z } from 'zod';
import { defineTool } from '../../tool/define-tool.js';
import { resolveRange } from '../shared.js';
import { queryInput, valueAnswer, valueOutput } from './query-metric-definition.js';
import { bucketCursor, checkTarget, targetOf } from './schemas.js';

export const saveMetricDefinitionSnapshot = defineTool({
  name: 'save_metric_definition_snapshot',
  title: 'Save a metric definition snapshot',
  description:
    'Compute a metric definition as query_metric_definition does and store the result with its id, version and rule, ' +
    'for reports to read unchanged. Answers the first `limit` buckets and the `snapshotId`; get_metric_snapshot reads ' +
    'the rest (pass `nextCursor`). Use query_metric_definition to only read.',
  toolset: 'metric_definitions',
  input: queryInput.superRefine(checkTarget),
  output: z.object({ ...valueOutput, snapshotId: z.string().describe('Id of the stored snapshot (`snap_…`).') }),
  // Its rows are the snapshot's first buckets: get_metric_snapshot's bucket cursor continues them.
  page: { rows: 'buckets', cursorKey: 'nextCursor', cursorAfter: (row) => bucketCursor(row.start) },
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
  scope: 'write',
  examples: [
    { definition: { kind: 'count', eventNames: ['order.created'] }, interval: 'day' },
    { metricId: 'revenue', from: '2025-12-01', to: '2025-12-31', interval: 'day' },
  ],
  async handler(input, ctx) {
    const workspaceId = ctx.principal.workspaceId;
    const range = resolveRange(input, ctx.clock());
    const evaluated = await ctx.services.definitions.evaluate(workspaceId, targetOf(input), range, input.interval);
    const snapshot = await ctx.services.definitions.saveSnapshot(workspaceId, evaluated);
    return { ...valueAnswer(evaluated, undefined, input.limit), snapshotId: snapshot.id };
  },
});
