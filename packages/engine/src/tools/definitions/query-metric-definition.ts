import { z } from 'zod';
import type { Evaluated } from '../../domain/definitions/definitions-service.js';
import { METRIC_KINDS } from '../../domain/definitions/rule.js';
import { defineTool } from '../../tool/define-tool.js';
import { pageInput, pageOutput } from '../paging.js';
import { READ_ONLY, resolveRange, timeRangeFields } from '../shared.js';
import { bucket, bucketCursor, bucketPage, checkTarget, targetFields, targetOf, valueFields } from './schemas.js';

/** `limit` and `cursor` over the buckets. */
export const bucketPaging = pageInput(200, 5000);

/** What a definition's value answers: which definition and version, the value over the range and a page of buckets. */
export const valueOutput = {
  metricId: z.string().nullable().describe('The definition computed (null for an inline one).'),
  version: z.number().int().nullable().describe('Its version computed.'),
  name: z.string().nullable(),
  kind: z.enum(METRIC_KINDS),
  unit: z.string().nullable(),
  currency: z.string().nullable(),
  ...valueFields,
  buckets: z.array(bucket).describe('Every bucket of the range in time order (a page of them: `limit`, `cursor`); empty without `interval`.'),
  ...pageOutput(),
};

export const queryInput = z.object({ ...targetFields, ...timeRangeFields, limit: bucketPaging.limit.describe('Most buckets returned (1-5000, default 200).') });

/** The answer rows of an evaluated definition: its fields, the value and a page of its buckets. */
export function valueAnswer(evaluated: Evaluated, cursor: string | undefined, limit: number) {
  const { definition, value } = evaluated;
  const { buckets, nextCursor } = bucketPage(value.buckets, cursor, limit);
  return {
    metricId: definition.id, version: definition.version, name: definition.name, kind: definition.kind, unit: definition.unit, currency: definition.currency,
    from: value.from, to: value.to, interval: value.interval, value: value.value, numerator: value.numerator, denominator: value.denominator,
    buckets, nextCursor,
  };
}

export const queryMetricDefinition = defineTool({
  name: 'query_metric_definition',
  title: 'Query a metric definition',
  description:
    'Compute a metric definition (stored by `metricId`, optionally an older `version`, or an inline `definition`) over ' +
    'a time range, optionally in UTC buckets: the value over the range, every bucket (empty ones 0), the id and version ' +
    'computed. A ratio over 0 is null. Reads only: save_metric_definition_snapshot also stores the result. For plain ' +
    'per-event-name counts, use query_metrics. Pass `nextCursor` as `cursor` for more buckets.',
  toolset: 'metric_definitions',
  input: queryInput.extend({ cursor: bucketPaging.cursor }).superRefine(checkTarget),
  output: z.object(valueOutput),
  page: { rows: 'buckets', cursorKey: 'nextCursor', cursorAfter: (row) => bucketCursor(row.start) },
  annotations: READ_ONLY,
  scope: 'read',
  examples: [
    { definition: { kind: 'sum', eventNames: ['order.created'], property: 'properties.revenue' }, interval: 'day' },
    { metricId: 'revenue', interval: 'day' },
    { metricId: 'orders-per-scan' },
  ],
  async handler(input, ctx) {
    const range = resolveRange(input, ctx.clock());
    const evaluated = await ctx.services.definitions.evaluate(ctx.principal.workspaceId, targetOf(input), range, input.interval);
    return valueAnswer(evaluated, input.cursor, input.limit);
  },
});
