import type { AliasTable } from '../../tool/aliases.js';
import type { AnyTool } from '../../tool/define-tool.js';
import { analyzeFunnel } from './analyze-funnel.js';
import { getBreakdown } from './get-breakdown.js';
import { getHeatmap } from './get-heatmap.js';
import { getInsights } from './get-insights.js';
import { getLive } from './get-live.js';
import { getPages } from './get-pages.js';
import { getRetention } from './get-retention.js';
import { getSessionDistribution } from './get-session-distribution.js';
import { getStats } from './get-stats.js';
import { listEvents } from './list-events.js';
import { listProperties } from './list-properties.js';
import { listReceivedProperties } from './list-received-properties.js';
import { listSessions } from './list-sessions.js';
import { runQuery } from './run-query.js';
import { trackBatch } from './track-batch.js';
import { trackEvent } from './track-event.js';

/** The Agent Analytics API's tracking and read endpoints, one tool each. */
export const analyticsTools: readonly AnyTool[] = [
  trackEvent, trackBatch, getStats, listEvents, runQuery, listProperties, listReceivedProperties, listSessions,
  getSessionDistribution, getBreakdown, getInsights, getPages, getHeatmap, analyzeFunnel, getRetention, getLive,
];

const aa = 'agent-analytics' as const;
const project = { field: 'project', required: true };

/** Agent Analytics paths (served beside /api/*) and `ha` commands. */
export const analyticsAliases: AliasTable = {
  rest: [
    { tool: 'track_event', method: 'POST', path: '/track', status: 202, auth: aa },
    { tool: 'track_batch', method: 'POST', path: '/track/batch', status: 202, auth: aa },
    { tool: 'get_stats', method: 'GET', path: '/stats', auth: aa, fields: { groupBy: 'group_by' } },
    { tool: 'list_events', method: 'GET', path: '/events', auth: aa },
    { tool: 'run_query', method: 'POST', path: '/query', auth: aa },
    { tool: 'list_properties', method: 'GET', path: '/properties', auth: aa },
    { tool: 'list_received_properties', method: 'GET', path: '/properties/received', auth: aa },
    { tool: 'list_sessions', method: 'GET', path: '/sessions', auth: aa },
    { tool: 'get_session_distribution', method: 'GET', path: '/sessions/distribution', auth: aa },
    { tool: 'get_breakdown', method: 'GET', path: '/breakdown', auth: aa },
    { tool: 'get_insights', method: 'GET', path: '/insights', auth: aa },
    { tool: 'get_pages', method: 'GET', path: '/pages', auth: aa },
    { tool: 'get_heatmap', method: 'GET', path: '/heatmap', auth: aa },
    { tool: 'analyze_funnel', method: 'POST', path: '/funnel', auth: aa },
    { tool: 'get_retention', method: 'GET', path: '/retention', auth: aa },
    { tool: 'get_live', method: 'GET', path: '/live', auth: aa },
  ],
  cli: [
    { tool: 'track_event', command: 'aa-track', positionals: [project, { field: 'event', required: true }, { field: 'properties', json: true }] },
    { tool: 'track_batch', command: 'aa-track-batch', positionals: [project, { field: 'events', json: true, required: true }] },
    { tool: 'get_stats', command: 'stats', positionals: [project, { json: true }] },
    { tool: 'list_events', command: 'aa-events', positionals: [project, { json: true }] },
    { tool: 'run_query', command: 'query', positionals: [project, { json: true }] },
    { tool: 'list_properties', command: 'properties', positionals: [project, { json: true }] },
    { tool: 'list_received_properties', command: 'properties-received', positionals: [project, { json: true }] },
    { tool: 'list_sessions', command: 'sessions', positionals: [project, { json: true }] },
    { tool: 'get_session_distribution', command: 'sessions-distribution', positionals: [project, { json: true }] },
    { tool: 'get_breakdown', command: 'breakdown', positionals: [project, { field: 'property', required: true }, { json: true }] },
    { tool: 'get_insights', command: 'insights', positionals: [project, { json: true }] },
    { tool: 'get_pages', command: 'pages', positionals: [project, { json: true }] },
    { tool: 'get_heatmap', command: 'heatmap', positionals: [project, { json: true }] },
    { tool: 'analyze_funnel', command: 'funnel', positionals: [project, { field: 'steps', json: true, required: true }, { json: true }] },
    { tool: 'get_retention', command: 'retention', positionals: [project, { json: true }] },
    { tool: 'get_live', command: 'live', positionals: [project, { json: true }] },
  ],
};
