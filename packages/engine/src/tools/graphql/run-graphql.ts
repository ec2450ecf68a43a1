import { z } from 'zod';
import { defineTool } from '../../tool/define-tool.js';
import { MAX_COMPLEXITY, MAX_DEPTH, MAX_ROOT_FIELDS } from '../../domain/graphql/limits.js';

const graphqlError = z.object({
  message: z.string(),
  locations: z.array(z.object({ line: z.number().int(), column: z.number().int() })).optional(),
  path: z.array(z.union([z.string(), z.number()])).optional(),
  extensions: z.record(z.string(), z.unknown()).optional().describe('`code`: the engine error code (FORBIDDEN, INVALID_INPUT, NOT_FOUND, RATE_LIMITED…) or DEPTH_LIMIT / COMPLEXITY_LIMIT; `tool`: the tool a root field called.'),
});

export const runGraphql = defineTool({
  name: 'run_graphql',
  title: 'Run a GraphQL query',
  description:
    'Reads several things in one call with a GraphQL document: every read-only tool is a root field of the schema ' +
    '(query_events → events, query_metrics → metrics, query_funnel → funnel, list_tracking_plans → trackingPlans, ' +
    'list_metric_definitions → metricDefinitions, get_business_health → businessHealth, get_agent_performance → ' +
    'agentPerformance, get_workflow_status → workflowStatus…: the tool name without query_/get_/list_/analyze_, ' +
    'camelCased; on a collision the prefix ranked first in that order keeps the short name, the others their whole ' +
    'name camelCased). A root field takes the tool\'s input fields as arguments; its type has the tool\'s top-level ' +
    'output fields, and composite ones (objects, arrays) are the JSON scalar, selected without a subselection ' +
    '(`metrics { metrics totalEvents }`). A tool answering nothing but a page of rows answers the rows (`events(limit: 10) { event timestamp }`). ' +
    'Variables, fragments, aliases and introspection work. Each root field is one call of its tool with this caller\'s ' +
    'key (its scope, workspace, rate limit and metering); a failing field is null with an error naming its tool and ' +
    `code. Limits: depth ${MAX_DEPTH}, ${MAX_COMPLEXITY} fields, ${MAX_ROOT_FIELDS} root fields. Answers {data, errors} ` +
    'in the GraphQL response format. For one read, call its tool directly.',
  toolset: 'graphql',
  input: z.object({
    query: z.string().min(1).max(20_000).describe('The GraphQL document (query operations only).'),
    variables: z.record(z.string(), z.unknown()).optional().describe('Values of the document\'s variables, by name.'),
    operationName: z.string().min(1).max(256).optional().describe('Which operation of the document to run, when it has several.'),
  }).strict(),
  output: z.object({
    data: z.record(z.string(), z.unknown()).nullable().optional().describe('The root fields asked for; a failing field is null.'),
    errors: z.array(graphqlError).optional().describe('Errors of the document or of its fields, in the GraphQL response format.'),
  }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  scope: 'read',
  examples: [
    { query: 'query Ops($limit:Int){ events(limit:$limit){ event timestamp } metrics { metrics totalEvents } }', variables: { limit: 5 } },
    { query: '{ recent: events(limit: 2) { ...row } } fragment row on EventsRow { event }' },
  ],
  async handler(input, ctx) {
    return ctx.services.graphql.run(input, ctx);
  },
});
