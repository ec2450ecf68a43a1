import type { AliasTable } from '../../tool/aliases.js';
import type { AnyTool } from '../../tool/define-tool.js';
import { queryAttribution } from './query-attribution.js';

export const attributionTools: readonly AnyTool[] = [queryAttribution];

export const attributionAliases: AliasTable = {
  rest: [{ tool: 'query_attribution', method: 'POST', path: '/api/attribution/query' }],
  cli: [{ tool: 'query_attribution', command: 'attribution', positionals: [{ json: true }] }],
};
