import { z } from 'zod';
import type { BusEvent, BusFilter } from '../../domain/stream/event-bus.js';
import { resolveProject } from '../../domain/projects/project-lookup.js';
import type { ToolContext } from '../../context.js';
import { defineTool, type StreamMessage } from '../../tool/define-tool.js';
import { READ_ONLY } from '../shared.js';
import { projectIdentifier } from '../projects/schemas.js';

export const streamedEvent = z
  .object({
    id: z.string().describe('Sortable event id (ULID); resume after it with last_event_id / Last-Event-ID.'),
    project: z.string().describe('Project id.'),
    event: z.string(),
    timestamp: z.number().int(),
    received_at: z.number().int(),
    user_id: z.string().nullable(),
    session_id: z.string().nullable(),
    properties: z.record(z.string(), z.unknown()),
  })
  .meta({ id: 'StreamedEvent' });

const input = z.object({
  project: projectIdentifier,
  events: z
    .union([z.array(z.string().min(1)), z.string()])
    .optional()
    .transform((value) => (typeof value === 'string' ? value.split(',').map((name) => name.trim()).filter(Boolean) : value))
    .describe('Only these event names (array, or comma-separated).'),
  user_id: z.string().min(1).optional().describe('Only this user\'s events.'),
  session_id: z.string().min(1).optional().describe('Only this session\'s events.'),
  last_event_id: z.string().min(1).max(64).optional().describe('Resume: first replay the events after this id.'),
  max_events: z.number().int().min(1).max(1000).default(100).describe('Return after this many events (not for SSE).'),
  wait_seconds: z.number().min(0).max(60).default(5).describe('Return after this long even with fewer events (not for SSE).'),
  heartbeat_seconds: z.number().min(1).max(300).default(15).describe('SSE keep-alive comment interval.'),
});

function toStreamed(item: BusEvent): z.input<typeof streamedEvent> {
  const { event } = item;
  const actor = event.actor === undefined ? null : typeof event.actor === 'string' ? event.actor : event.actor.id;
  return {
    id: event.id,
    project: event.businessId,
    event: event.event,
    timestamp: event.timestamp,
    received_at: event.receivedAt,
    user_id: actor,
    session_id: event.sessionId ?? null,
    properties: event.properties ?? {},
  };
}

async function filterOf(value: z.output<typeof input>, ctx: ToolContext): Promise<BusFilter> {
  const project = await resolveProject(ctx.services.store, ctx.principal, value.project);
  return {
    workspaceId: ctx.principal.workspaceId,
    businessId: project.id,
    ...(value.events && value.events.length > 0 ? { events: value.events } : {}),
    ...(value.user_id === undefined ? {} : { userId: value.user_id }),
    ...(value.session_id === undefined ? {} : { sessionId: value.session_id }),
  };
}

export const streamEvents = defineTool({
  name: 'stream_events',
  title: 'Stream live events',
  description:
    'Newly ingested events of a project as they are committed, with optional filters (event names, user, session). ' +
    'Over REST `GET /stream` is a Server-Sent Events stream (heartbeats, resume with Last-Event-ID); as a tool call it ' +
    'waits up to wait_seconds for up to max_events events, reporting each one as a progress notification where the ' +
    'surface supports it (MCP), and returns them with `last_event_id` to pass to the next call. Use get_live instead for ' +
    'a snapshot of who is active now.',
  toolset: 'stream',
  input,
  output: z.object({ events: z.array(streamedEvent), last_event_id: z.string().nullable() }),
  annotations: READ_ONLY,
  scope: 'read',
  examples: [{ project: 'my-site', events: ['page_view', 'signup'], wait_seconds: 10, max_events: 50 }],
  async handler(value, ctx) {
    const filter = await filterOf(value, ctx);
    const collected = await ctx.services.stream.collect(filter, {
      ...(value.last_event_id === undefined ? {} : { lastId: value.last_event_id }),
      maxEvents: value.max_events,
      waitMs: value.wait_seconds * 1000,
      ...(ctx.signal ? { signal: ctx.signal } : {}),
      onEvent: (item, count) => ctx.progress?.({ progress: count, total: value.max_events, message: JSON.stringify(toStreamed(item)) }),
    });
    const events = collected.map(toStreamed);
    return { events, last_event_id: events.at(-1)?.id ?? value.last_event_id ?? null };
  },
  stream: {
    item: streamedEvent,
    async subscribe(value, ctx) {
      const filter = await filterOf(value, ctx);
      const live = ctx.services.stream.live(filter, {
        ...(value.last_event_id === undefined ? {} : { lastId: value.last_event_id }),
        heartbeatMs: value.heartbeat_seconds * 1000,
        signal: ctx.signal,
      });
      async function* messages(): AsyncGenerator<StreamMessage> {
        for await (const message of live) {
          yield message.kind === 'heartbeat' ? message : { kind: 'item', id: message.item.event.id, data: toStreamed(message.item) };
        }
      }
      return messages();
    },
  },
});
