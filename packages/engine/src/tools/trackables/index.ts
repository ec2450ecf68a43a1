import type { AliasTable, RestAlias } from '../../tool/aliases.js';
import type { AnyTool } from '../../tool/define-tool.js';
import type { ToolsetDefinition } from '../../tool/registry.js';
import { createTrackable } from './create-trackable.js';
import { getTrackableCode } from './get-trackable-code.js';
import { getTrackableSheet } from './get-trackable-sheet.js';
import { getTrackableStats } from './get-trackable-stats.js';
import { getTrackable } from './get-trackable.js';
import { listTrackables } from './list-trackables.js';
import { recordScan } from './record-scan.js';
import { recordTrackableUsage } from './record-trackable-usage.js';
import { revokeTrackableToken } from './revoke-trackable-token.js';
import { rotateTrackableToken } from './rotate-trackable-token.js';
import { updateTrackable } from './update-trackable.js';

export const trackableToolsets: readonly ToolsetDefinition[] = [
  {
    name: 'trackables',
    default: false,
    description: 'QR codes, barcodes, RFID tags, sensors, robots, agents, MCP servers, CLI workflows: create (in bulk), print, scan links, usage, device tokens, stats.',
  },
];

export const trackableTools: readonly AnyTool[] = [
  createTrackable, getTrackable, listTrackables, updateTrackable, getTrackableCode, getTrackableSheet, getTrackableStats,
  recordTrackableUsage, recordScan, rotateTrackableToken, revokeTrackableToken,
];

/** The public scan route: what a scanner's request carries, filled into record_scan's input. */
const SCAN_REQUEST_FIELDS: RestAlias['requestFields'] = [
  { field: 'userAgent', header: 'user-agent' },
  { field: 'referrer', header: 'referer' },
  { field: 'language', header: 'accept-language' },
  { field: 'clientAddress', clientAddress: true },
];

/** A scan redirects (302) to its target, answers 410 Gone when retired, and a small page when it has no target. */
const scanRoute = (path: string): RestAlias => ({
  tool: 'record_scan',
  method: 'GET',
  path,
  auth: 'none',
  requestFields: SCAN_REQUEST_FIELDS,
  status: (output) => {
    const answer = output as { location: string | null; outcome: string };
    return answer.location !== null ? 302 : answer.outcome === 'retired' ? 410 : 200;
  },
  response: { kind: 'redirect', field: 'location', body: { field: 'page', contentType: 'text/html; charset=utf-8' } },
});

export const trackableAliases: AliasTable = {
  rest: [
    { tool: 'create_trackable', method: 'POST', path: '/api/trackables', status: 201 },
    { tool: 'list_trackables', method: 'GET', path: '/api/trackables' },
    {
      tool: 'get_trackable_sheet',
      method: 'GET',
      path: '/api/trackables/sheet.pdf',
      response: { kind: 'raw', field: 'pdfBase64', contentType: 'application/pdf', encoding: 'base64', filename: 'trackables.pdf' },
    },
    { tool: 'get_trackable', method: 'GET', path: '/api/trackables/{id}' },
    { tool: 'update_trackable', method: 'PATCH', path: '/api/trackables/{id}' },
    { tool: 'get_trackable_code', method: 'GET', path: '/api/trackables/{id}/code' },
    { tool: 'get_trackable_stats', method: 'GET', path: '/api/trackables/{id}/stats' },
    { tool: 'rotate_trackable_token', method: 'POST', path: '/api/trackables/{id}/token', status: 201 },
    { tool: 'revoke_trackable_token', method: 'DELETE', path: '/api/trackables/{id}/token' },
    { tool: 'record_trackable_usage', method: 'POST', path: '/api/track' },
    scanRoute('/t/{code}'),
    scanRoute('/01/{gtin}'),
    scanRoute('/01/{gtin}/10/{lot}'),
    scanRoute('/01/{gtin}/21/{serial}'),
    scanRoute('/01/{gtin}/10/{lot}/21/{serial}'),
  ],
  cli: [
    {
      tool: 'create_trackable',
      command: 'create-trackable',
      positionals: [{ field: 'kind', required: true }, { field: 'name', required: true }, { field: 'targetUrl' }, { json: true }],
    },
    { tool: 'record_trackable_usage', command: 'use', positionals: [{ field: 'trackableId', required: true }, { field: 'usage', required: true }, { field: 'properties', json: true }] },
    { tool: 'list_trackables', command: 'trackables', positionals: [{ json: true }] },
    { tool: 'get_trackable', command: 'trackable', positionals: [{ field: 'id', required: true }] },
    { tool: 'update_trackable', command: 'trackable-update', positionals: [{ field: 'id', required: true }, { json: true }] },
    { tool: 'get_trackable_code', command: 'trackable-code', positionals: [{ field: 'id', required: true }, { field: 'format' }] },
    { tool: 'get_trackable_stats', command: 'trackable-stats', positionals: [{ field: 'id', required: true }] },
    { tool: 'get_trackable_sheet', command: 'trackable-sheet', positionals: [{ json: true }] },
    { tool: 'rotate_trackable_token', command: 'trackable-token-rotate', positionals: [{ field: 'id', required: true }] },
    { tool: 'revoke_trackable_token', command: 'trackable-token-revoke', positionals: [{ field: 'id', required: true }] },
  ],
};
