import type { AliasTable } from '../../tool/aliases.js';
import type { AnyTool } from '../../tool/define-tool.js';
import { createMetricDefinition } from './create-metric-definition.js';
import { getMetricDefinition } from './get-metric-definition.js';
import { getMetricSnapshot } from './get-metric-snapshot.js';
import { listMetricDefinitions } from './list-metric-definitions.js';
import { listMetricSnapshots } from './list-metric-snapshots.js';
import { queryMetricDefinition } from './query-metric-definition.js';
import { saveMetricDefinitionSnapshot } from './save-metric-definition-snapshot.js';
import { updateMetricDefinition } from './update-metric-definition.js';

/** Reusable metric definitions: versions, values by bucket, snapshots. */
export const definitionTools: readonly AnyTool[] = [
  createMetricDefinition, getMetricDefinition, listMetricDefinitions, updateMetricDefinition, queryMetricDefinition,
  saveMetricDefinitionSnapshot, listMetricSnapshots, getMetricSnapshot,
];

const ID = { id: 'metricId' };

export const definitionAliases: AliasTable = {
  rest: [
    { tool: 'create_metric_definition', method: 'POST', path: '/api/metrics/definitions', status: 201 },
    { tool: 'list_metric_definitions', method: 'GET', path: '/api/metrics/definitions' },
    { tool: 'get_metric_definition', method: 'GET', path: '/api/metrics/definitions/{id}' },
    { tool: 'update_metric_definition', method: 'PATCH', path: '/api/metrics/definitions/{id}' },
    { tool: 'query_metric_definition', method: 'POST', path: '/api/metrics/definitions/{id}/query', params: ID },
    { tool: 'save_metric_definition_snapshot', method: 'POST', path: '/api/metrics/definitions/{id}/snapshots', params: ID, status: 201 },
    { tool: 'list_metric_snapshots', method: 'GET', path: '/api/metrics/snapshots' },
    { tool: 'get_metric_snapshot', method: 'GET', path: '/api/metrics/snapshots/{id}' },
  ],
  cli: [
    { tool: 'create_metric_definition', command: 'metric-define', positionals: [{ json: true, required: true }] },
    { tool: 'get_metric_definition', command: 'metric-definition', positionals: [{ field: 'id', required: true }, { json: true }] },
    { tool: 'list_metric_definitions', command: 'metric-definitions', positionals: [{ json: true }] },
    { tool: 'update_metric_definition', command: 'metric-definition-update', positionals: [{ field: 'id', required: true }, { json: true, required: true }] },
    { tool: 'query_metric_definition', command: 'metric-definition-query', positionals: [{ field: 'metricId', required: true }, { json: true }] },
    { tool: 'save_metric_definition_snapshot', command: 'metric-definition-snapshot', positionals: [{ field: 'metricId', required: true }, { json: true }] },
    { tool: 'list_metric_snapshots', command: 'metric-snapshots', positionals: [{ json: true }] },
    { tool: 'get_metric_snapshot', command: 'metric-snapshot-get', positionals: [{ field: 'id', required: true }, { json: true }] },
  ],
};
