import type { AliasTable } from '../../tool/aliases.js';
import type { AnyTool } from '../../tool/define-tool.js';
import { exportSubgraph } from './export-subgraph.js';
import { findEntityPath } from './find-entity-path.js';
import { getEntity } from './get-entity.js';
import { getEntityTimeline } from './get-entity-timeline.js';
import { listEntities } from './list-entities.js';

export const graphTools: readonly AnyTool[] = [getEntity, listEntities, getEntityTimeline, findEntityPath, exportSubgraph];

export const graphAliases: AliasTable = {
  rest: [
    { tool: 'list_entities', method: 'GET', path: '/api/graph/entities' },
    { tool: 'get_entity', method: 'GET', path: '/api/graph/entities/{type}/{id}' },
    { tool: 'get_entity_timeline', method: 'GET', path: '/api/graph/entities/{type}/{id}/timeline' },
    { tool: 'find_entity_path', method: 'GET', path: '/api/graph/path' },
    { tool: 'export_subgraph', method: 'POST', path: '/api/graph/export' },
  ],
  cli: [
    { tool: 'get_entity', command: 'entity', positionals: [{ field: 'type', required: true }, { field: 'id', required: true }, { json: true }] },
    { tool: 'list_entities', command: 'entities', positionals: [{ field: 'type' }, { json: true }] },
    { tool: 'get_entity_timeline', command: 'entity-timeline', positionals: [{ field: 'type', required: true }, { field: 'id', required: true }, { json: true }] },
    {
      tool: 'find_entity_path',
      command: 'entity-path',
      positionals: [{ field: 'fromType', required: true }, { field: 'fromId', required: true }, { field: 'toType', required: true }, { field: 'toId', required: true }, { json: true }],
    },
    { tool: 'export_subgraph', command: 'graph-export', positionals: [{ json: true }] },
  ],
};
