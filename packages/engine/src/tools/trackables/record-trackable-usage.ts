import { z } from 'zod';
import { envelopeFields } from '../../domain/events/envelope.js';
import { EngineError } from '../../errors/engine-error.js';
import { defineTool } from '../../tool/define-tool.js';
import { trackableId } from './schemas.js';

export const recordTrackableUsage = defineTool({
  name: 'record_trackable_usage',
  title: 'Record trackable usage',
  description:
    'Record one usage of a trackable as its event through the durable ingest path: a scan at a till, a sensor ' +
    'reading, a robot action, an agent run, an MCP tool call, a CLI workflow step. The event is the trackable\'s ' +
    'eventName with `trackable` (id, kind, name, sku, lot…) filled in, source.channel from its kind, the campaign ' +
    'from properties or metadata, and properties.usage = `usage`; acting kinds (sensor, robot, agent, mcp_server, ' +
    'cli_workflow) are its actor, the others its object. A device token (rotate_trackable_token) may call only this, ' +
    'for its own trackable. Answers the event id; paused trackables record nothing, retired ones are a CONFLICT. Use ' +
    'record_scan instead for a person scanning the public link (bots and repeats flagged).',
  toolset: 'trackables',
  input: z.object({
    trackableId: trackableId.optional().describe('The trackable used, e.g. `ethiopia-bag-001`; a device token\'s own trackable when left out.'),
    usage: z.string().trim().min(1).max(100).describe('What happened, e.g. qr_scan, reading, pick, run; stored as properties.usage.'),
    properties: envelopeFields.properties,
    actor: envelopeFields.actor,
    object: envelopeFields.object,
    traceId: envelopeFields.traceId,
    businessId: envelopeFields.businessId,
    timestamp: envelopeFields.timestamp,
    messageId: envelopeFields.messageId,
  }),
  output: z.object({
    eventId: z.string().nullable().describe('The stored event\'s id (the first one\'s for a repeated messageId); null when not recorded (paused).'),
    trackableId: z.string(),
    event: z.string().describe('The event name recorded.'),
    recorded: z.boolean(),
    duplicate: z.boolean().describe('The messageId was already stored: no new event.'),
  }),
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
  scope: 'write',
  allowTrackableToken: true,
  examples: [{ trackableId: 'ethiopia-bag-001', usage: 'qr_scan', properties: { sku: 'ETH-250G', lot: 'L2026-04', campaign: 'spring-launch' } }],
  async handler(input, ctx) {
    const own = ctx.principal.trackableId;
    const id = input.trackableId ?? own;
    if (id === undefined) {
      throw new EngineError('INVALID_INPUT', 'trackableId: is required (only a device token implies it).', { details: { issues: [{ path: 'trackableId', message: 'is required' }] } });
    }
    if (own !== undefined && id !== own) {
      throw new EngineError('FORBIDDEN', `This device token records usage of trackable '${own}' only, not '${id}'.`);
    }
    const trackable = await ctx.services.trackables.service.get(ctx.principal.workspaceId, id);
    const { trackableId: _id, usage, ...rest } = input;
    const result = await ctx.services.trackables.scans.use(trackable, { usage, ...rest });
    return { eventId: result.eventId, trackableId: trackable.id, event: trackable.eventName, recorded: result.outcome === 'recorded', duplicate: result.duplicate };
  },
});
