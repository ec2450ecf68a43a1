import { z } from 'zod';
import { defineTool } from '../../tool/define-tool.js';
import { rejectedOutput, rejectionsOf } from '../events/rejected.js';
import { checkTracked, toTracked, TRACK_BATCH_LIMIT, trackedEvent, writeTarget } from './track-fields.js';

export const trackBatch = defineTool({
  name: 'track_batch',
  title: 'Track events in a batch',
  description:
    `Record up to ${TRACK_BATCH_LIMIT} events in one call (Agent Analytics /track/batch). Each event may name its own ` +
    '`project` (API key) or all use the project of the `token`. All or nothing: one invalid event rejects the batch with ' +
    'the failing path (e.g. `events[3].event`). Events a `block` tracking plan refuses are answered in `rejected` ' +
    '(index, reason, field paths) and the others stored. Answers `queued: true` and `count` (events stored) once durable. ' +
    'Use track_event instead for a single event.',
  toolset: 'analytics',
  input: z.object({
    token: z.string().max(256).optional().describe('Project token (`ha_pt_…`) for all events; surfaces authenticate with it (a token inside an event is not read).'),
    project: z.string().min(1).max(256).optional().describe('Default project for events that do not name one (API key).'),
    events: z.array(trackedEvent).min(1).max(TRACK_BATCH_LIMIT).describe('The events, each shaped like track_event input.'),
  }),
  output: z.object({
    ok: z.literal(true),
    queued: z.literal(true),
    count: z.number().int().describe('Events stored.'),
    rejected: rejectedOutput.optional().describe('Events a block tracking plan refused (not stored); absent when none was.'),
  }),
  examples: [{ project: 'my-site', events: [{ event: 'signup_start', user_id: 'user-1' }, { event: 'signup_complete', user_id: 'user-1' }] }],
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
  scope: 'write',
  allowProjectToken: true,
  async handler(input, ctx) {
    const now = ctx.clock();
    const targets = new Map<string | undefined, string>();
    const items = [];
    for (const [index, event] of input.events.entries()) {
      checkTracked(event, now, `events[${index}].`);
      const named = event.project ?? input.project;
      let projectId = targets.get(named);
      if (projectId === undefined) targets.set(named, (projectId = await writeTarget(ctx, named, event.project ? `events[${index}].` : '')));
      items.push({ projectId, event: toTracked(event) });
    }
    const { count, rejected } = await ctx.services.analytics.track(ctx.principal.workspaceId, items, now, true);
    return { ok: true as const, queued: true as const, count, ...(rejected.length > 0 ? { rejected: rejectionsOf(rejected, input.events) } : {}) };
  },
});
