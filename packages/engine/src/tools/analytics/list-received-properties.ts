import { z } from 'zod';
import { defineTool } from '../../tool/define-tool.js';
import { afterOffset, offsetWindow, pageInput, pageOutput, readOffsetCursor } from '../paging.js';
import { projectField, READ_ANNOTATIONS, scopeOf, sinceField, sinceFrom } from './schemas.js';

export const listReceivedProperties = defineTool({
  name: 'list_received_properties',
  title: 'Property keys by event name',
  description:
    'Which custom property keys arrived on which event names since `since` (default 7d), as {key, event} pairs sorted ' +
    'by key. Exact (kept on ingest, not sampled); `sample` is accepted for Agent Analytics compatibility and echoed. ' +
    'Use list_properties instead for the event names with counts and the keys in use. Pass `next_cursor` as `cursor` ' +
    'for more pairs.',
  toolset: 'analytics',
  input: z.object({
    project: projectField,
    since: sinceField,
    sample: z.number().int().min(100).max(10_000).default(5000).describe('Accepted for compatibility; answers are exact.'),
    ...pageInput(500, 5000, 'next_cursor'),
  }),
  output: z.object({
    project: z.string(),
    sample_size: z.number().int(),
    since: z.string(),
    properties: z.array(z.object({ key: z.string(), event: z.string() })),
    ...pageOutput('next_cursor'),
  }),
  // Pairs sorted by key, then event: an offset continues them.
  page: { rows: 'properties', cursorKey: 'next_cursor', cursorAfter: afterOffset },
  examples: [{ project: 'my-site' }],
  annotations: READ_ANNOTATIONS,
  scope: 'read',
  async handler(input, ctx) {
    const from = sinceFrom(input.since, ctx.clock());
    const offset = readOffsetCursor(input.cursor);
    const found = await ctx.services.analytics.receivedProperties(await scopeOf(ctx, input.project), from, input.sample, offset + input.limit + 1);
    const { rows, next } = offsetWindow(found.properties, offset, input.limit);
    return { ...found, properties: rows, next_cursor: next };
  },
});
