import { z } from 'zod';
import { defineTool } from '../../tool/define-tool.js';
import { afterOffset, offsetWindow, pageInput, pageOutput, readOffsetCursor } from '../paging.js';
import { aggregateFrom, projectField, READ_ANNOTATIONS, scopeOf, sinceField } from './schemas.js';

const paging = pageInput(100, 1000, 'next_cursor');

export const listProperties = defineTool({
  name: 'list_properties',
  title: 'Event names and property keys',
  description:
    'What a project tracks since `since` (default 7d): its event names, each with its count, unique users and first/last ' +
    'day seen (UTC dates), and the property keys in use. Start here before building a funnel or breakdown. Use ' +
    'list_received_properties instead to see which keys arrive on which event name. `limit` applies to each list; pass ' +
    '`next_cursor` as `cursor` for more of both.',
  toolset: 'analytics',
  input: z.object({
    project: projectField,
    since: sinceField,
    limit: paging.limit.describe('Most event names, and most property keys, returned (1-1000, default 100 each).'),
    cursor: paging.cursor,
  }),
  output: z.object({
    project: z.string(),
    events: z
      .array(z.object({ event: z.string(), count: z.number().int(), unique_users: z.number().int(), first_seen: z.string(), last_seen: z.string() }))
      .describe('Event names, most events first, ties by name.'),
    property_keys: z.array(z.string()).describe('Property keys in use, by name; paged beside `events` by the same cursor.'),
    ...pageOutput('next_cursor'),
  }),
  // Two lists in fixed orders, paged side by side by one offset.
  page: { rows: 'events', alongside: ['property_keys'], cursorKey: 'next_cursor', cursorAfter: afterOffset },
  examples: [{ project: 'my-site', since: '30d' }],
  annotations: READ_ANNOTATIONS,
  scope: 'read',
  async handler(input, ctx) {
    const offset = readOffsetCursor(input.cursor);
    const found = await ctx.services.analytics.properties(await scopeOf(ctx, input.project), aggregateFrom(input.since, ctx.clock()), offset + input.limit + 1);
    const events = offsetWindow(found.events, offset, input.limit);
    const keys = offsetWindow(found.property_keys, offset, input.limit);
    return { project: found.project, events: events.rows, property_keys: keys.rows, next_cursor: events.next ?? keys.next };
  },
});
