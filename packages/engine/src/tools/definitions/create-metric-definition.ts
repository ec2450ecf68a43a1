import { z } from 'zod';
import { defineTool } from '../../tool/define-tool.js';
import { definition, definitionOutput, metricId, ruleFields, ruleOf } from './schemas.js';

export const createMetricDefinition = defineTool({
  name: 'create_metric_definition',
  title: 'Create a metric definition',
  description:
    'Save a reusable metric as version 1 of a slug id: a count of events, a sum of a numeric `property`, ' +
    'unique_actors, or a ratio of two measures (other definitions, pinned to their current version, or inline), each ' +
    'over `eventNames`, a `businessId` and `filters`. A used id is a CONFLICT: use update_metric_definition. Next: ' +
    'query_metric_definition, save_metric_definition_snapshot.',
  toolset: 'metric_definitions',
  input: z.object({
    id: metricId,
    name: z.string().trim().min(1).max(200).describe('Readable name, e.g. "Revenue (USD)".'),
    description: z.string().max(2000).optional().describe('What the metric means and how to read it.'),
    ...ruleFields,
  }),
  output: definition,
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
  scope: 'write',
  examples: [
    { id: 'revenue', name: 'Revenue', kind: 'sum', eventNames: ['order.created'], property: 'properties.revenue', currency: 'USD' },
    { id: 'orders-per-scan', name: 'Orders per scan', kind: 'ratio', numerator: { metricId: 'orders' }, denominator: { kind: 'count', eventNames: ['qr.bottle_scanned'] } },
    { id: 'qr-orders', name: 'Orders from QR', kind: 'count', eventNames: ['order.created'], filters: [{ field: 'source.channel', op: 'eq', value: 'qr' }] },
  ],
  async handler(input, ctx) {
    const created = await ctx.services.definitions.create(
      ctx.principal.workspaceId,
      { id: input.id, name: input.name, description: input.description ?? null, ...ruleOf(input) },
      ctx.principal.keyId,
    );
    return definitionOutput(created);
  },
});
