import { z } from 'zod';
import { PAGE_TYPES } from '../../domain/analytics/sessions.js';
import { defineTool } from '../../tool/define-tool.js';
import { afterOffset, offsetWindow, pageInput, pageOutput, readOffsetCursor } from '../paging.js';
import { projectField, READ_ANNOTATIONS, scopeOf, sinceField, sinceFrom } from './schemas.js';

const pageRow = z.object({
  page: z.string(),
  sessions: z.number().int(),
  bounces: z.number().int(),
  bounce_rate: z.number().describe('0-1'),
  avg_duration: z.number().describe('ms'),
  avg_events: z.number(),
});

const paging = pageInput(20, 1000, 'next_cursor');

export const getPages = defineTool({
  name: 'get_pages',
  title: 'Entry and exit pages',
  description:
    'Which pages sessions start (entry) or end (exit) on since `since` (default 7d), by sessions, with bounces, bounce ' +
    'rate (0-1), average session duration (ms) and events per session. The page is `properties.path` (else `url`). ' +
    '"Which pages do users land on most?" → type entry. `limit` applies to each list; pass `next_cursor` as `cursor` ' +
    'for the next pages of both.',
  toolset: 'analytics',
  input: z.object({
    project: projectField,
    type: z.enum(PAGE_TYPES).default('entry').describe('entry pages, exit pages, or both.'),
    since: sinceField,
    limit: paging.limit.describe('Most entry pages, and most exit pages, returned (1-1000, default 20 each).'),
    cursor: paging.cursor,
  }),
  output: z.object({
    project: z.string(),
    entry_pages: z.array(pageRow).optional(),
    exit_pages: z.array(pageRow).optional(),
    ...pageOutput('next_cursor'),
  }),
  // Pages by sessions, then page: both lists continue from one offset.
  page: { rows: 'entry_pages', alongside: ['exit_pages'], cursorKey: 'next_cursor', cursorAfter: afterOffset },
  examples: [{ project: 'my-site', type: 'both' }],
  annotations: READ_ANNOTATIONS,
  scope: 'read',
  async handler(input, ctx) {
    const from = sinceFrom(input.since, ctx.clock());
    const offset = readOffsetCursor(input.cursor);
    const found = await ctx.services.analytics.pages(await scopeOf(ctx, input.project), { type: input.type, from, limit: offset + input.limit + 1 });
    const entry = found.entry_pages && offsetWindow(found.entry_pages, offset, input.limit);
    const exit = found.exit_pages && offsetWindow(found.exit_pages, offset, input.limit);
    return {
      project: found.project,
      ...(entry ? { entry_pages: entry.rows } : {}),
      ...(exit ? { exit_pages: exit.rows } : {}),
      next_cursor: entry?.next ?? exit?.next ?? null,
    };
  },
});
