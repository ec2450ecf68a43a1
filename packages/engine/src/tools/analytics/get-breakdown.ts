import { z } from 'zod';
import { PROPERTY_KEY } from '../../domain/analytics/breakdown.js';
import { defineTool } from '../../tool/define-tool.js';
import { afterOffset, offsetWindow, pageInput, pageOutput, readOffsetCursor } from '../paging.js';
import { aggregateFrom, projectField, READ_ANNOTATIONS, scopeOf, sinceField } from './schemas.js';

const count = z.number().int();

export const getBreakdown = defineTool({
  name: 'get_breakdown',
  title: 'Top values of a property',
  description:
    'Top values of one event property since `since` (default 7d): count and unique users per value, e.g. ' +
    '`property: "country"` with `event: "signup"` for "signups by country", or referrer, path, utm_source, browser. ' +
    'Tracker fields (path, referrer, hostname, browser, os, device, language, screen, country, utm_*) are answered from ' +
    'rollups; other keys scan raw events. Values longer than 256 characters are cut to 256. Pass `next_cursor` as ' +
    '`cursor` for more values.',
  toolset: 'analytics',
  input: z.object({
    project: projectField,
    property: z.string().regex(PROPERTY_KEY, 'must be letters, digits or _ (max 128)').describe('Property key, e.g. referrer.'),
    event: z.string().min(1).max(256).optional().describe('Only events with this name.'),
    since: sinceField,
    ...pageInput(20, 1000, 'next_cursor'),
  }),
  output: z.object({
    project: z.string(),
    property: z.string(),
    event: z.string().nullable(),
    values: z.array(z.object({ value: z.string(), count, unique_users: count })),
    total_events: count,
    total_with_property: count,
    ...pageOutput('next_cursor'),
  }),
  // Values come largest count first, ties by value: an offset continues them.
  page: { rows: 'values', cursorKey: 'next_cursor', cursorAfter: afterOffset },
  examples: [{ project: 'my-site', property: 'country' }, { project: 'my-site', property: 'referrer', event: 'page_view', since: '30d' }],
  annotations: READ_ANNOTATIONS,
  scope: 'read',
  async handler(input, ctx) {
    const from = aggregateFrom(input.since, ctx.clock());
    const offset = readOffsetCursor(input.cursor);
    const found = await ctx.services.analytics.breakdown(await scopeOf(ctx, input.project), { property: input.property, event: input.event, from, limit: offset + input.limit + 1 });
    const { rows, next } = offsetWindow(found.values, offset, input.limit);
    return { ...found, values: rows, next_cursor: next };
  },
});
