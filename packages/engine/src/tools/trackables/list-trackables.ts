import { z } from 'zod';
import { defineTool } from '../../tool/define-tool.js';
import { nameCursor, pageInput, pageOutput, readNameCursor } from '../paging.js';
import { READ_ONLY } from '../shared.js';
import { kindField, statusField, trackable, trackableOutput } from './schemas.js';

export const listTrackables = defineTool({
  name: 'list_trackables',
  title: 'List trackables',
  description:
    'Trackables of the workspace in id order, filtered by kind, status, id prefix or batch (the batchId a bulk ' +
    'create_trackable answers). Pass `nextCursor` as `cursor` for the next page. Use get_trackable instead for one ' +
    'trackable by id (with its token state), get_trackable_sheet to print a batch.',
  toolset: 'trackables',
  input: z.object({
    kind: kindField.optional().describe('Only this kind.'),
    status: statusField.optional().describe('Only this status.'),
    prefix: z.string().min(1).max(80).optional().describe('Only ids starting with this, e.g. `ethiopia-bag-`.'),
    batchId: z.string().min(1).max(64).optional().describe('Only the trackables of this bulk call.'),
    ...pageInput(50, 500),
  }),
  output: z.object({ trackables: z.array(trackable), count: z.number().int().describe('Trackables in this answer.'), ...pageOutput() }),
  page: { rows: 'trackables', cursorKey: 'nextCursor', cursorAfter: (row) => nameCursor(row.id), recount: (rows) => ({ count: rows.length }) },
  annotations: READ_ONLY,
  scope: 'read',
  examples: [{}, { kind: 'qr_code', prefix: 'ethiopia-' }],
  async handler(input, ctx) {
    const { cursor, limit, ...filters } = input;
    const found = await ctx.services.trackables.service.list(ctx.principal.workspaceId, { ...filters, after: readNameCursor(cursor), limit: limit + 1 });
    const page = found.slice(0, limit);
    return {
      trackables: page.map((value) => trackableOutput(value, ctx)),
      count: page.length,
      nextCursor: found.length > limit ? nameCursor(page.at(-1)!.id) : null,
    };
  },
});
