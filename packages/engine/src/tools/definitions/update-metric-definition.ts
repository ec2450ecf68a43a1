import { z } from 'zod';
import type { UpdateInput } from '../../domain/definitions/definitions-service.js';
import { METRIC_KINDS } from '../../domain/definitions/rule.js';
import { defineTool } from '../../tool/define-tool.js';
import { definition, definitionOutput, eventNamesOf, metricId, partOf, ruleFields } from './schemas.js';

export const updateMetricDefinition = defineTool({
  name: 'update_metric_definition',
  title: 'Update a metric definition (new version)',
  description:
    'Save the next version of a metric definition: the fields given replace the latest version\'s, the rest are kept ' +
    '(null clears a nullable one; a new `kind` drops fields it does not use). Older versions never change. No change ' +
    'saves nothing (`changed: false`). `expectedVersion` guards against a concurrent change (CONFLICT). New ones: ' +
    'create_metric_definition.',
  toolset: 'metric_definitions',
  input: z.object({
    id: metricId,
    expectedVersion: z.number().int().min(1).optional().describe('CONFLICT unless the latest version is this.'),
    name: z.string().trim().min(1).max(200).optional().describe('Readable name.'),
    description: z.string().max(2000).nullable().optional().describe('Description.'),
    kind: z.enum(METRIC_KINDS).optional().describe('count, sum, unique_actors or ratio.'),
    eventNames: ruleFields.eventNames.describe('Replaces the list; [] for every name.'),
    businessId: z.string().min(1).max(256).nullable().optional().describe('Only this business (null: all).'),
    filters: ruleFields.filters.describe('Replaces the list; [] for none.'),
    property: ruleFields.property.unwrap().nullable().optional().describe('Sum only: the numeric field.'),
    numerator: ruleFields.numerator,
    denominator: ruleFields.denominator,
    unit: ruleFields.unit.unwrap().nullable().optional().describe('Unit for readers.'),
    currency: ruleFields.currency.unwrap().nullable().optional().describe('ISO 4217 code.'),
  }),
  output: definition.extend({ changed: z.boolean().describe('False when the update matched the latest version: no version was saved.') }),
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  scope: 'write',
  examples: [
    { id: 'revenue', filters: [{ field: 'properties.test', op: 'neq', value: true }] },
    { id: 'revenue', expectedVersion: 1, description: 'Order revenue in USD, test orders excluded.' },
  ],
  async handler(input, ctx) {
    const { id, expectedVersion, eventNames, numerator, denominator, ...rest } = input;
    const changes: UpdateInput = { ...rest };
    if (eventNames !== undefined) changes.eventNames = eventNamesOf({ eventNames });
    if (numerator !== undefined) changes.numerator = partOf(numerator);
    if (denominator !== undefined) changes.denominator = partOf(denominator);
    const { definition: saved, changed } = await ctx.services.definitions.update(ctx.principal.workspaceId, id, changes, expectedVersion, ctx.principal.keyId);
    return { ...definitionOutput(saved), changed };
  },
});
