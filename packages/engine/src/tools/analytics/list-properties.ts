import { z } from 'zod';
import { defineTool } from '../../tool/define-tool.js';
import { aggregateFrom, projectField, READ_ANNOTATIONS, scopeOf, sinceField } from './schemas.js';

export const listProperties = defineTool({
  name: 'list_properties',
  title: 'Event names and property keys',
  description:
    'What a project tracks since `since` (default 7d): every event name with its count, unique users and first/last ' +
    'day seen (UTC dates), and the property keys in use. Start here before building a funnel or breakdown. Use ' +
    'list_received_properties instead to see which keys arrive on which event name.',
  toolset: 'analytics',
  input: z.object({ project: projectField, since: sinceField }),
  output: z.object({
    project: z.string(),
    events: z.array(
      z.object({ event: z.string(), count: z.number().int(), unique_users: z.number().int(), first_seen: z.string(), last_seen: z.string() }),
    ),
    property_keys: z.array(z.string()),
  }),
  examples: [{ project: 'my-site', since: '30d' }],
  annotations: READ_ANNOTATIONS,
  scope: 'read',
  async handler(input, ctx) {
    return ctx.services.analytics.properties(await scopeOf(ctx, input.project), aggregateFrom(input.since, ctx.clock()));
  },
});
