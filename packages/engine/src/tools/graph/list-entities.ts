import { z } from 'zod';
import { defineTool } from '../../tool/define-tool.js';
import { pageInput, pageOutput } from '../paging.js';
import { READ_ONLY } from '../shared.js';
import { entity, entityCursorAfter, entityType, readEntityCursor } from './schemas.js';

export const listEntities = defineTool({
  name: 'list_entities',
  title: 'List graph entities',
  description:
    'Entities of the operating graph, most recently seen first, optionally of one type, with an id prefix, a search ' +
    'over id and `name`, or of one business. Use it to find the ids get_entity, get_entity_timeline and ' +
    'find_entity_path take; for events use query_events. Pass `nextCursor` as `cursor` for the next page.',
  toolset: 'graph',
  input: z.object({
    type: entityType.optional().describe('Only entities of this type (e.g. customer, product).'),
    prefix: z.string().min(1).max(256).optional().describe('Only ids starting with this (case-sensitive).'),
    search: z.string().min(1).max(256).optional().describe('Case-insensitive substring of the id or of the `name` property.'),
    businessId: z.string().min(1).optional().describe('Only entities seen in events of this business.'),
    ...pageInput(50, 500),
  }),
  output: z.object({ entities: z.array(entity), ...pageOutput() }),
  page: { rows: 'entities', cursorKey: 'nextCursor', cursorAfter: (row) => entityCursorAfter(row) },
  annotations: READ_ONLY,
  scope: 'read',
  examples: [{ type: 'customer' }, {}],
  async handler(input, ctx) {
    const { cursor, limit, ...filters } = input;
    const found = await ctx.services.graph.list(ctx.principal.workspaceId, { ...filters, after: readEntityCursor(cursor), limit });
    const entities = found.slice(0, limit);
    const last = entities.at(-1);
    return { entities, nextCursor: found.length > limit && last ? entityCursorAfter(last) : null };
  },
});
