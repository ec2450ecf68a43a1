import type { AliasTable } from '../tool/aliases.js';
import type { AnyTool } from '../tool/define-tool.js';
import { createApiKey } from './admin/create-api-key.js';
import { createWorkspace } from './admin/create-workspace.js';
import { listApiKeys } from './admin/list-api-keys.js';
import { revokeApiKey } from './admin/revoke-api-key.js';
import { getEventCatalog } from './events/get-event-catalog.js';
import { ingestEvent } from './events/ingest-event.js';
import { queryEvents } from './events/query-events.js';
import { queryFunnel } from './funnels/query-funnel.js';
import { getRuntimeHealth } from './health/get-runtime-health.js';
import { queryMetrics, saveMetricsSnapshot } from './metrics/query-metrics.js';
import { getUsage } from './usage/get-usage.js';

/** The foundation tools: ingest, events, metrics, funnels, usage, health, tenancy admin. */
export const coreTools: readonly AnyTool[] = [
  ingestEvent,
  queryEvents,
  getEventCatalog,
  queryMetrics,
  saveMetricsSnapshot,
  queryFunnel,
  getUsage,
  getRuntimeHealth,
  createWorkspace,
  createApiKey,
  listApiKeys,
  revokeApiKey,
];

/** The spec's endpoint paths and `ha` command names for these tools. */
export const coreAliases: AliasTable = {
  rest: [
    { tool: 'ingest_event', method: 'POST', path: '/api/ingest' },
    { tool: 'query_events', method: 'GET', path: '/api/events' },
    { tool: 'get_event_catalog', method: 'GET', path: '/api/events/catalog' },
    { tool: 'query_metrics', method: 'POST', path: '/api/metrics/query', divert: { field: 'persistSnapshots', tool: 'save_metrics_snapshot' } },
    { tool: 'query_funnel', method: 'POST', path: '/api/funnels/query' },
    { tool: 'get_usage', method: 'GET', path: '/api/usage' },
    { tool: 'get_runtime_health', method: 'GET', path: '/api/health', auth: 'none' },
    { tool: 'create_workspace', method: 'POST', path: '/api/workspaces', status: 201 },
    { tool: 'list_api_keys', method: 'GET', path: '/api/keys' },
    { tool: 'create_api_key', method: 'POST', path: '/api/keys', status: 201 },
    { tool: 'revoke_api_key', method: 'DELETE', path: '/api/keys/{keyId}' },
  ],
  cli: [
    { tool: 'ingest_event', command: 'track', positionals: [{ field: 'event', required: true }, { field: 'properties', json: true }] },
    { tool: 'query_events', command: 'events', positionals: [{ json: true }] },
    { tool: 'get_event_catalog', command: 'event-catalog', positionals: [{ json: true }] },
    { tool: 'query_metrics', command: 'metric-query', positionals: [{ json: true }] },
    { tool: 'save_metrics_snapshot', command: 'metric-snapshot', positionals: [{ json: true }] },
    { tool: 'query_funnel', command: 'funnel-query', positionals: [{ field: 'steps', json: true, required: true }] },
    { tool: 'get_usage', command: 'usage', positionals: [{ json: true }] },
    { tool: 'get_runtime_health', command: 'runtime-health', positionals: [] },
    { tool: 'create_workspace', command: 'workspace-create', positionals: [{ field: 'name', required: true }] },
    { tool: 'create_api_key', command: 'key-create', positionals: [{ field: 'name', required: true }, { json: true }] },
    { tool: 'list_api_keys', command: 'keys', positionals: [] },
    { tool: 'revoke_api_key', command: 'key-revoke', positionals: [{ field: 'keyId', required: true }] },
  ],
  sdk: [{ tool: 'get_usage', method: 'getApiUsage' }],
};
