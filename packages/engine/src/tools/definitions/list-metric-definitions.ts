import { z } from 'zod';
import { METRIC_KINDS } from '../../domain/definitions/rule.js';
import { defineTool } from '../../tool/define-tool.js';
import { nameCursor, pageInput, pageOutput, readNameCursor } from '../paging.js';
import { READ_ONLY } from '../shared.js';
import { definition, definitionOutput } from './schemas.js';

export const listMetricDefinitions = defineTool({
  name: 'list_metric_definitions',
  title: 'List metric definitions',
  description:
    'The metric definitions of the workspace, latest version of each, in id order; optionally of one kind or matching ' +
    'a search over id and name. Use it to find the ids get_metric_definition and query_metric_definition take (for ' +
    'raw per-event-name counts without a definition, use query_metrics). Pass `nextCursor` as `cursor` for more.',
  toolset: 'metric_definitions',
  input: z.object({
    kind: z.enum(METRIC_KINDS).optional().describe('Only definitions of this kind.'),
    search: z.string().min(1).max(200).optional().describe('Case-insensitive substring of the id or the name.'),
    ...pageInput(50, 500),
  }),
  output: z.object({ definitions: z.array(definition), ...pageOutput() }),
  page: { rows: 'definitions', cursorKey: 'nextCursor', cursorAfter: (row) => nameCursor(row.id) },
  annotations: READ_ONLY,
  scope: 'read',
  examples: [{}, { kind: 'sum' }],
  async handler(input, ctx) {
    const found = await ctx.services.definitions.list(ctx.principal.workspaceId, {
      kind: input.kind, search: input.search, after: readNameCursor(input.cursor), limit: input.limit,
    });
    const definitions = found.slice(0, input.limit);
    return { definitions: definitions.map(definitionOutput), nextCursor: found.length > input.limit ? nameCursor(definitions.at(-1)!.id) : null };
  },
});
