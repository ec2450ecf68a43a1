import { z } from 'zod';
import { GRAPH_READ_BUDGET } from '../../domain/graph/graph-service.js';
import { defineTool } from '../../tool/define-tool.js';
import { READ_ONLY } from '../shared.js';
import { entity, entityId, entityType, relationship } from './schemas.js';

export const findEntityPath = defineTool({
  name: 'find_entity_path',
  title: 'Find a path between two entities',
  description:
    'The shortest chain of relationships linking two entities of the operating graph, at most `maxDepth` hops ' +
    '(e.g. which campaign → customer → product links a scan to an order): its nodes and edges in order, or ' +
    '`found: false`. Between two entities linked by several events the hop shows the most frequent. The search reads ' +
    `at most ${GRAPH_READ_BUDGET.toLocaleString('en-US')} relationships (\`complete: false\` when it stopped there). ` +
    'For one entity\'s direct neighbours use get_entity; for a whole neighbourhood, export_subgraph.',
  toolset: 'graph',
  input: z.object({
    fromType: entityType.describe('Type of the first entity.'),
    fromId: entityId.describe('Id of the first entity.'),
    toType: entityType.describe('Type of the second entity.'),
    toId: entityId.describe('Id of the second entity.'),
    maxDepth: z.number().int().min(1).max(6).default(4).describe('Most hops the path may have (1-6, default 4).'),
    directed: z.boolean().default(false).describe('Only follow relationships in their direction (actor → object); default either way.'),
  }),
  output: z.object({
    found: z.boolean(),
    length: z.number().int().nullable().describe('Hops on the path, null when none was found.'),
    nodes: z.array(entity).describe('The entities on the path, from the first to the second (at most maxDepth + 1).'),
    edges: z.array(relationship).describe('The relationships between consecutive nodes (at most maxDepth).'),
    explored: z.number().int().describe('Relationships read by the search.'),
    complete: z.boolean().describe('False when the search stopped at its read budget before covering maxDepth.'),
  }),
  annotations: READ_ONLY,
  scope: 'read',
  examples: [{ fromType: 'customer', fromId: 'anon_123', toType: 'product', toId: 'olive-oil-500ml' }],
  handler(input, ctx) {
    return ctx.services.graph.path(
      ctx.principal.workspaceId,
      { type: input.fromType, id: input.fromId },
      { type: input.toType, id: input.toId },
      { maxDepth: input.maxDepth, directed: input.directed },
    );
  },
});
