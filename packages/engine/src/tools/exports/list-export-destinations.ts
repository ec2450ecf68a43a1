import { z } from 'zod';
import { destinationView, viewOf } from '../../domain/exports/destination.js';
import { defineTool } from '../../tool/define-tool.js';
import { decodeCursor, encodeCursor, pageInput, pageOutput } from '../paging.js';
import { READ_ONLY } from '../shared.js';

const afterCursor = z.strictObject({ n: z.string().min(1) });

export const listExportDestinations = defineTool({
  name: 'list_export_destinations',
  title: 'List export destinations',
  description:
    'The saved export destinations in id order, each with its kind, config without secrets and cursor. Pass ' +
    '`nextCursor` as `cursor` for the next page; get_export_destination reads one.',
  toolset: 'exports',
  input: z.object({ ...pageInput(50, 200) }),
  output: z.object({ destinations: z.array(destinationView), ...pageOutput() }),
  page: { rows: 'destinations', cursorKey: 'nextCursor', cursorAfter: (entry) => encodeCursor({ n: (entry as { id: string }).id }) },
  annotations: READ_ONLY,
  scope: 'read',
  examples: [{}],
  async handler(input, ctx) {
    const after = input.cursor === undefined ? undefined : decodeCursor(input.cursor, afterCursor).n;
    const found = await ctx.services.exports.list(ctx.principal.workspaceId, after, input.limit + 1);
    const destinations = found.slice(0, input.limit).map(viewOf);
    const last = destinations.at(-1);
    return { destinations, nextCursor: found.length > input.limit && last ? encodeCursor({ n: last.id }) : null };
  },
});
