import { z } from 'zod';
import { storedEvent } from '../../domain/events/envelope.js';
import { conciseEvent, eventCursorAfter } from '../events/query-events.js';
import { defineTool } from '../../tool/define-tool.js';
import { pageInput, pageOutput, readKeysetCursor, responseFormatField } from '../paging.js';
import { READ_ONLY } from '../shared.js';
import { resolveTime, timeInput } from '../time-input.js';
import { entityId, entityRef, entityType } from './schemas.js';


export const getEntityTimeline = defineTool({
  name: 'get_entity_timeline',
  title: 'Entity timeline',
  description:
    "An entity's events newest first: those it was the actor of, the object of, or the `entity` of, each with its " +
    '`trustTier`. Use it for "what happened to this customer/product/agent"; query_events filters the whole ' +
    "workspace's events by actor id, name or trace instead. Pass `nextCursor` as `cursor` for older events.",
  toolset: 'graph',
  input: z.object({
    type: entityType.describe('Entity type, e.g. customer, product.'),
    id: entityId.describe('Entity id within its type.'),
    event: z.string().min(1).optional().describe('Only events of this name.'),
    from: timeInput('Earliest event timestamp (inclusive).').optional(),
    to: timeInput('Latest event timestamp (inclusive; a bare date means the end of that UTC day).').optional(),
    ...pageInput(50, 1000),
    responseFormat: responseFormatField('detailed', 'leave out properties, context, source, outcome and the other bags'),
  }),
  output: z.object({ entity: entityRef, events: z.array(storedEvent), ...pageOutput() }),
  page: { rows: 'events', cursorKey: 'nextCursor', cursorAfter: (row) => eventCursorAfter(row) },
  annotations: READ_ONLY,
  scope: 'read',
  examples: [{ type: 'customer', id: 'anon_123', limit: 10 }],
  async handler(input, ctx) {
    const now = ctx.clock();
    const ref = { type: input.type, id: input.id };
    const found = await ctx.services.graph.timeline(ctx.principal.workspaceId, ref, {
      event: input.event,
      from: input.from === undefined ? undefined : resolveTime(input.from, now),
      to: input.to === undefined ? undefined : resolveTime(input.to, now, 'end'),
      after: readKeysetCursor(input.cursor),
      limit: input.limit,
    });
    const last = found.events.at(-1);
    const events = input.responseFormat === 'concise' ? found.events.map(conciseEvent) : found.events;
    return { entity: ref, events, nextCursor: found.more && last ? eventCursorAfter(last) : null };
  },
});
