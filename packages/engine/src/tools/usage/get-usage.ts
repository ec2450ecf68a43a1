import { z } from 'zod';
import { defineTool } from '../../tool/define-tool.js';
import { afterOffset, offsetWindow, pageInput, pageOutput, readOffsetCursor } from '../paging.js';
import { READ_ONLY } from '../shared.js';
import { resolveTime, timeInput, type TimeValue } from '../time-input.js';

/** The UTC day (YYYY-MM-DD) holding a time point. */
const dayOf = (point: TimeValue, now: number): string => new Date(resolveTime(point, now)).toISOString().slice(0, 10);

export const getUsage = defineTool({
  name: 'get_usage',
  title: 'Get API usage',
  description:
    'API usage metering of this workspace: calls and errors per UTC day, API key, tool and surface (rest, mcp, cli, ...). ' +
    'Use it for billing, quotas, agent activity and abuse review. Rows are newest day first; `totals` sums the rows of ' +
    'this answer; pass `nextCursor` as `cursor` for the next ones.',
  toolset: 'usage',
  input: z.object({
    from: timeInput('First UTC day counted: the day holding this time, e.g. 2026-01-31 or 7d.').optional(),
    to: timeInput('Last UTC day counted: the day holding this time. Default: today.').optional(),
    keyId: z.string().min(1).optional().describe('Only this API key id.'),
    tool: z.string().min(1).optional().describe('Only this tool.'),
    ...pageInput(100, 10_000),
  }),
  output: z.object({
    rows: z.array(
      z.object({
        day: z.string(),
        keyId: z.string().nullable().describe('API key id; null for the embedded local operator.'),
        tool: z.string(),
        surface: z.string(),
        calls: z.number().int(),
        errors: z.number().int(),
      }),
    ),
    totals: z.object({ calls: z.number().int(), errors: z.number().int() }),
    ...pageOutput(),
  }),
  page: { rows: 'rows', cursorKey: 'nextCursor', cursorAfter: afterOffset, recount: (rows) => ({ totals: totalsOf(rows) }) },
  annotations: READ_ONLY,
  scope: 'read',
  examples: [{ tool: 'ingest_event' }],
  async handler(input, ctx) {
    const now = ctx.clock();
    const { from, to, cursor, ...filters } = input;
    const offset = readOffsetCursor(cursor);
    const found = await ctx.services.usage.query(ctx.principal.workspaceId, {
      ...filters,
      limit: offset + filters.limit + 1,
      ...(from === undefined ? {} : { from: dayOf(from, now) }),
      ...(to === undefined ? {} : { to: dayOf(to, now) }),
    });
    const { rows, next } = offsetWindow(found, offset, filters.limit);
    return { rows, totals: totalsOf(rows), nextCursor: next };
  },
});

const totalsOf = (rows: ReadonlyArray<{ calls: number; errors: number }>) =>
  rows.reduce((sum, row) => ({ calls: sum.calls + row.calls, errors: sum.errors + row.errors }), { calls: 0, errors: 0 });
