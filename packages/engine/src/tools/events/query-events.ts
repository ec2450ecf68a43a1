import { z } from 'zod';
import { BAG_FIELDS, storedEvent, type StoredEvent } from '../../domain/events/envelope.js';
import { defineTool } from '../../tool/define-tool.js';
import { keysetCursor, pageInput, pageOutput, readKeysetCursor, responseFormatField } from '../paging.js';
import { READ_ONLY } from '../shared.js';
import { resolveTime, timeInput } from '../time-input.js';

export const queryEvents = defineTool({
  name: 'query_events',
  title: 'Query events',
  description:
    'Stored event envelopes of the workspace, newest first, filtered by event name, traceId, actor id, business and ' +
    'time range: what happened in a trace or to an actor; for counts use query_metrics. Use list_events instead for one ' +
    'project\'s raw product-analytics events by user_id or session_id. Pass the returned ' +
    '`nextCursor` as `cursor` for the next page.',
  toolset: 'events',
  input: z.object({
    event: z.string().min(1).optional().describe('Exact event name.'),
    traceId: z.string().min(1).optional().describe('Only events of this trace (correlation id).'),
    actorId: z.string().min(1).optional().describe('The actor id (or the actor string) the events were sent with.'),
    businessId: z.string().min(1).optional().describe('Only events of this business (a project id is its business id).'),
    from: timeInput('Earliest event timestamp (inclusive).').optional(),
    to: timeInput('Latest event timestamp (inclusive; a bare date means the end of that UTC day).').optional(),
    ...pageInput(50),
    responseFormat: responseFormatField('detailed', 'leave out properties, context, source, outcome and the other bags'),
  }),
  output: z.object({ events: z.array(storedEvent), ...pageOutput() }),
  page: { rows: 'events', cursorKey: 'nextCursor', cursorAfter: (row) => eventCursorAfter(row) },
  annotations: READ_ONLY,
  scope: 'read',
  examples: [{ event: 'order.created', limit: 10 }],
  async handler(input, ctx) {
    const now = ctx.clock();
    const { from, to, cursor, responseFormat, ...filters } = input;
    const found = await ctx.services.events.query(ctx.principal.workspaceId, {
      ...filters,
      after: readKeysetCursor(cursor),
      ...(from === undefined ? {} : { from: resolveTime(from, now) }),
      ...(to === undefined ? {} : { to: resolveTime(to, now, 'end') }),
    });
    const last = found.events.at(-1);
    const events = responseFormat === 'concise' ? found.events.map(conciseEvent) : found.events;
    return { events, nextCursor: found.more && last ? eventCursorAfter(last) : null };
  },
});

/** The keyset cursor after an event in newest-first event lists (query_events, get_entity_timeline). */
export const eventCursorAfter = (event: Pick<StoredEvent, 'timestamp' | 'id'>): string => keysetCursor(event.timestamp, event.id);

/** An event without its bags: who did what to which object, when, in which trace. */
export function conciseEvent(event: StoredEvent): StoredEvent {
  const kept: Record<string, unknown> = { ...event };
  for (const field of BAG_FIELDS) delete kept[field];
  return kept as StoredEvent;
}
