import { z } from 'zod';
import { defineTool } from '../../tool/define-tool.js';
import { checkTracked, toTracked, trackedEvent, writeTarget } from './track-fields.js';

export const trackEvent = defineTool({
  name: 'track_event',
  title: 'Track an event',
  description:
    'Record one product-analytics event (page_view, signup, purchase...) of a project: send the project token as ' +
    '`token` (browser) or an API key plus `project`. Answers `queued: true` once durably stored (a `block` tracking plan refuses a bad event with 400 naming the field), sessions and rollups ' +
    'updated in the same commit, so get_stats, list_events and the other project reads see it at once. Use track_batch ' +
    'instead for many events, ingest_event for canonical operating events (actor, object, traceId) read by ' +
    'query_events and query_metrics.',
  toolset: 'analytics',
  input: trackedEvent,
  output: z.object({ ok: z.literal(true), queued: z.literal(true) }),
  examples: [{ project: 'my-site', event: 'page_view', user_id: 'user-1', properties: { path: '/pricing', referrer: 'google', country: 'US' } }],
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
  scope: 'write',
  allowProjectToken: true,
  async handler(input, ctx) {
    const now = ctx.clock();
    checkTracked(input, now, '');
    const projectId = await writeTarget(ctx, input.project, '');
    await ctx.services.analytics.track(ctx.principal.workspaceId, [{ projectId, event: toTracked(input) }], now);
    return { ok: true as const, queued: true as const };
  },
});
