import { z } from 'zod';
import { storedEvent } from '../../domain/events/envelope.js';
import { defineTool } from '../../tool/define-tool.js';
import { READ_ONLY } from '../shared.js';
import { resolveTime, timeInput } from '../time-input.js';

export const queryEvents = defineTool({
  name: 'query_events',
  title: 'Query events',
  description:
    'List stored event envelopes, newest first, filtered by event name, traceId, actor id, business and time range. ' +
    'Use it to inspect what happened in a trace or to an actor; for counts use query_metrics instead. Pass the returned ' +
    '`nextCursor` as `cursor` for the next page.',
  toolset: 'events',
  input: z.object({
    event: z.string().min(1).optional().describe('Exact event name.'),
    traceId: z.string().min(1).optional(),
    actorId: z.string().min(1).optional().describe('The actor id (or the actor string) the events were sent with.'),
    businessId: z.string().min(1).optional(),
    from: timeInput('Earliest event timestamp (inclusive).').optional(),
    to: timeInput('Latest event timestamp (inclusive; a bare date means the end of that UTC day).').optional(),
    limit: z.number().int().min(1).max(1000).default(100),
    cursor: z.string().min(1).optional().describe('Opaque cursor from a previous page.'),
  }),
  output: z.object({
    events: z.array(storedEvent),
    nextCursor: z.string().nullable().describe('Cursor for the next page, or null on the last page.'),
  }),
  annotations: READ_ONLY,
  scope: 'read',
  examples: [{ event: 'order.created', limit: 10 }],
  handler(input, ctx) {
    const now = ctx.clock();
    const { from, to, ...filters } = input;
    return ctx.services.events.query(ctx.principal.workspaceId, {
      ...filters,
      ...(from === undefined ? {} : { from: resolveTime(from, now) }),
      ...(to === undefined ? {} : { to: resolveTime(to, now, 'end') }),
    });
  },
});
