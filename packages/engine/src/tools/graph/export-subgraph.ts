import { z } from 'zod';
import { defineTool } from '../../tool/define-tool.js';
import { READ_ONLY } from '../shared.js';
import { resolveTime, timeInput } from '../time-input.js';
import { entity, entityId, entityType, relationship } from './schemas.js';

export const exportSubgraph = defineTool({
  name: 'export_subgraph',
  title: 'Export a bounded subgraph',
  description:
    'A bounded part of the operating graph as `{ nodes, edges }` JSON, for graph destinations and offline analysis: ' +
    'around `seeds` (up to `depth` hops either way, other entities kept only of `types` when given), or else the ' +
    'entities of `types` and/or active in the time range, most recently seen first; then the relationships among the ' +
    'nodes kept. `truncated` when `maxNodes`, `maxEdges` or the read budget cut it. For one entity use get_entity, for ' +
    'a path find_entity_path. An answer over the size budget a model reads is refused with what to lower (REST and SDK ' +
    'callers get the whole export).',
  toolset: 'graph',
  input: z.object({
    seeds: z
      .array(z.object({ type: entityType.describe('Entity type.'), id: entityId.describe('Entity id.') }))
      .max(20)
      .optional()
      .describe('Start from these entities (at most 20); omit to select by `types` and time range.'),
    depth: z.number().int().min(1).max(3).default(1).describe('Hops from the seeds (1-3, default 1).'),
    types: z.array(entityType).max(20).optional().describe('Only entities of these types (beside the seeds).'),
    from: timeInput('Only entities and relationships active at or after this time.').optional(),
    to: timeInput('Only entities and relationships active at or before this time.').optional(),
    maxNodes: z.number().int().min(1).max(5000).default(200).describe('Most nodes (1-5000, default 200).'),
    maxEdges: z.number().int().min(1).max(20000).default(500).describe('Most edges (1-20000, default 500).'),
  }),
  output: z.object({
    nodes: z.array(entity).describe('At most maxNodes entities.'),
    edges: z.array(relationship).describe('At most maxEdges relationships among the nodes.'),
    truncated: z.boolean(),
  }),
  annotations: READ_ONLY,
  scope: 'read',
  examples: [{ seeds: [{ type: 'customer', id: 'anon_123' }] }, { types: ['customer', 'product'], maxNodes: 50 }],
  handler(input, ctx) {
    const now = ctx.clock();
    return ctx.services.graph.subgraph(ctx.principal.workspaceId, {
      seeds: input.seeds,
      depth: input.depth,
      filter: {
        types: input.types,
        from: input.from === undefined ? undefined : resolveTime(input.from, now),
        to: input.to === undefined ? undefined : resolveTime(input.to, now, 'end'),
      },
      maxNodes: input.maxNodes,
      maxEdges: input.maxEdges,
    });
  },
});
