import type { AliasTable } from '../../tool/aliases.js';
import type { AnyTool } from '../../tool/define-tool.js';
import { runGraphql } from './run-graphql.js';

/** The GraphQL read surface over the registry's read tools. */
export const graphqlTools: readonly AnyTool[] = [runGraphql];

export const graphqlAliases: AliasTable = {
  rest: [{ tool: 'run_graphql', method: 'POST', path: '/api/graphql' }],
  cli: [{ tool: 'run_graphql', command: 'graphql', positionals: [{ field: 'query', required: true }, { field: 'variables', json: true }] }],
};
