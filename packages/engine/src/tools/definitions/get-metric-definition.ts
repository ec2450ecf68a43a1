import { z } from 'zod';
import { defineTool } from '../../tool/define-tool.js';
import { READ_ONLY } from '../shared.js';
import { definition, definitionOutput, metricId, version } from './schemas.js';

export const getMetricDefinition = defineTool({
  name: 'get_metric_definition',
  title: 'Get a metric definition',
  description:
    'One metric definition: its latest version, or the `version` asked (versions are 1 to `latestVersion` and never ' +
    'change), with its kind, event names, filters, summed property, ratio parts (pinned versions), unit and currency. ' +
    'Use list_metric_definitions to find ids; query_metric_definition computes it.',
  toolset: 'metric_definitions',
  input: z.object({ id: metricId, version: version.optional() }),
  output: definition,
  annotations: READ_ONLY,
  scope: 'read',
  examples: [{ id: 'revenue' }, { id: 'revenue', version: 1 }],
  async handler(input, ctx) {
    return definitionOutput(await ctx.services.definitions.get(ctx.principal.workspaceId, input.id, input.version));
  },
});
