import { z } from 'zod';
import { TRUST_TIER_RULE_TEXT } from '../../domain/graph/trust-tier.js';
import { defineTool } from '../../tool/define-tool.js';
import { pageInput, pageOutput } from '../paging.js';
import { READ_ONLY } from '../shared.js';
import { entity, entityId, entityType, readRelationshipCursor, relationship, relationshipCursorAfter } from './schemas.js';

const DIRECTIONS = { both: ['out', 'in'], out: ['out'], in: ['in'] } as const;

export const getEntity = defineTool({
  name: 'get_entity',
  title: 'Get an entity with its neighbours',
  description:
    'One entity of the operating graph (a customer, product, campaign, agent… as events named it in `actor`, `object` ' +
    'or `entity`) with its properties, first/last seen, event count, and its relationships: outgoing (it acted on) and ' +
    'incoming (acted on it), by event name with counts. Use list_entities to find ids, get_entity_timeline for its ' +
    'events, find_entity_path to link two entities. Relationships page with `nextCursor` (outgoing first). ' +
    TRUST_TIER_RULE_TEXT,
  toolset: 'graph',
  input: z.object({
    type: entityType.describe('Entity type, e.g. customer, product (actor/object when the events sent a plain string id).'),
    id: entityId.describe('Entity id within its type.'),
    direction: z.enum(['both', 'out', 'in']).default('both').describe('Which relationships: out (it → others), in (others → it), or both.'),
    event: z.string().min(1).optional().describe('Only relationships made by this event name.'),
    ...pageInput(50, 500),
  }),
  output: z.object({
    entity,
    relationships: z.array(relationship.extend({ direction: z.enum(['out', 'in']).describe('out: this entity → `to`; in: `from` → this entity.') })),
    ...pageOutput(),
  }),
  page: { rows: 'relationships', cursorKey: 'nextCursor', cursorAfter: (row) => relationshipCursorAfter(row) },
  annotations: READ_ONLY,
  scope: 'read',
  examples: [{ type: 'customer', id: 'anon_123' }],
  async handler(input, ctx) {
    const workspaceId = ctx.principal.workspaceId;
    const found = await ctx.services.graph.get(workspaceId, { type: input.type, id: input.id }, 'id');
    const rows = await ctx.services.graph.relationships(workspaceId, found, {
      directions: DIRECTIONS[input.direction],
      event: input.event,
      after: readRelationshipCursor(input.cursor),
      limit: input.limit,
    });
    const relationships = rows.slice(0, input.limit);
    const last = relationships.at(-1);
    return { entity: found, relationships, nextCursor: rows.length > input.limit && last ? relationshipCursorAfter(last) : null };
  },
});
