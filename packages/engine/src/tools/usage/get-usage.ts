import { z } from 'zod';
import { defineTool } from '../../tool/define-tool.js';
import { READ_ONLY } from '../shared.js';

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a UTC date like 2026-01-31');

export const getUsage = defineTool({
  name: 'get_usage',
  title: 'Get API usage',
  description:
    'API usage metering of this workspace: calls and errors per UTC day, API key, tool and surface (rest, mcp, cli, ...). ' +
    'Use it for billing, quotas, agent activity and abuse review. Rows are newest day first; `totals` sums them.',
  toolset: 'usage',
  input: z.object({
    from: day.optional().describe('First UTC day, YYYY-MM-DD.'),
    to: day.optional().describe('Last UTC day, YYYY-MM-DD.'),
    keyId: z.string().min(1).optional().describe('Only this API key id.'),
    tool: z.string().min(1).optional().describe('Only this tool.'),
    limit: z.number().int().min(1).max(10_000).default(1000),
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
  }),
  annotations: READ_ONLY,
  scope: 'read',
  examples: [{ tool: 'ingest_event' }],
  async handler(input, ctx) {
    const rows = await ctx.services.usage.query(ctx.principal.workspaceId, input);
    const totals = rows.reduce((sum, row) => ({ calls: sum.calls + row.calls, errors: sum.errors + row.errors }), { calls: 0, errors: 0 });
    return { rows, totals };
  },
});
