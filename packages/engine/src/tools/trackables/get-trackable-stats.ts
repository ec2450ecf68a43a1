import { z } from 'zod';
import { defineTool } from '../../tool/define-tool.js';
import { DAY_MS, READ_ONLY } from '../shared.js';
import { trackableId } from './schemas.js';

export const getTrackableStats = defineTool({
  name: 'get_trackable_stats',
  title: 'Get trackable stats',
  description:
    'How one trackable is used, over its whole life: scans (every recorded use by people: the scan link, ' +
    'record_trackable_usage, or any event naming it in `trackable.id`), bot scans (crawlers and previewers, not ' +
    'counted as people), repeat scans (the same client again within 30 minutes), unique scanners, first and last ' +
    'seen, and the conversions that followed: events with a positive properties.revenue or named order.created by ' +
    'the same actor within `windowDays` after one of its scans. Use get_trackable instead for its settings and links.',
  toolset: 'trackables',
  input: z.object({
    id: trackableId,
    windowDays: z.number().int().min(1).max(90).default(7).describe('Conversion window after a scan, in days (1-90, default 7).'),
  }),
  output: z.object({
    id: z.string(),
    eventName: z.string(),
    scans: z.number().int().describe('Uses by people (bots excluded), repeats included.'),
    botScans: z.number().int().describe('Uses flagged bot: true (crawlers, link previewers, scripts).'),
    repeatScans: z.number().int().describe('Scans marked repeat: true (same client within 30 minutes).'),
    uniqueScanners: z.number().int().describe('Distinct non-bot actors (a scan\'s actor is its client: salted hash of address and user agent), plus uses without an actor.'),
    firstSeenAt: z.number().int().nullable().describe('First use, ms since epoch; null before any.'),
    lastSeenAt: z.number().int().nullable().describe('Latest use, ms since epoch; null before any.'),
    conversions: z.object({
      events: z.number().int().describe('Converting events.'),
      actors: z.number().int().describe('Distinct actors who converted.'),
      revenue: z.number().describe('Sum of their properties.revenue.'),
      windowDays: z.number().int(),
    }),
  }),
  annotations: READ_ONLY,
  scope: 'read',
  examples: [{ id: 'ethiopia-bag-001' }],
  async handler(input, ctx) {
    const { trackable, counters, conversions } = await ctx.services.trackables.service.stats(ctx.principal.workspaceId, input.id, input.windowDays * DAY_MS);
    return {
      id: trackable.id,
      eventName: trackable.eventName,
      scans: counters.uses - counters.bots,
      botScans: counters.bots,
      repeatScans: counters.repeats,
      uniqueScanners: counters.actors + counters.anonymous,
      firstSeenAt: counters.firstSeen,
      lastSeenAt: counters.lastSeen,
      conversions: { ...conversions, windowDays: input.windowDays },
    };
  },
});
