import { z } from 'zod';
import { EVENT_LIMITS, checkEnvelopeSize, envelopeFields, eventEnvelope } from '../../domain/events/envelope.js';
import { defineTool } from '../../tool/define-tool.js';
import { rejectedOutput, rejectionsOf } from './rejected.js';

const input = z
  .object({
    ...envelopeFields,
    event: envelopeFields.event.optional(),
    events: z
      .array(eventEnvelope)
      .min(1)
      .max(EVENT_LIMITS.batchLength)
      .optional()
      .describe(`A batch of up to ${EVENT_LIMITS.batchLength} event envelopes. Give either \`events\` or a single \`event\`.`),
    returnIds: z
      .boolean()
      .optional()
      .describe('Answer the stored ids, in input order. Default: true for a single event, false for a batch (counts only).'),
  })
  .superRefine((value, ctx) => {
    if (value.events === undefined && value.event === undefined) {
      ctx.addIssue({ code: 'custom', path: ['event'], message: 'is required (or send a batch in `events`)' });
    }
    if (value.events === undefined) checkEnvelopeSize(value, ctx);
    if (value.events !== undefined && value.event !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['events'], message: 'cannot be combined with a single `event`; send one or the other' });
    }
  });

export const ingestEvent = defineTool({
  name: 'ingest_event',
  title: 'Ingest events',
  description:
    'Record one canonical event (top-level fields) or a batch of up to 1,000 in `events`: orders, scans, agent runs, ' +
    'workflow steps, with actor, object and traceId. Answers once the events are durable, with counts and the stored ' +
    'ids (a batch only with `returnIds: true`); `messageId` makes retries safe. Tracking plans apply: a `warn` plan ' +
    'stores the event with `context.trackingPlans` violations, a `block` plan refuses a single event with ' +
    'INVALID_INPUT naming the field, and a batch stores the others and lists the refused ones in `rejected`. ' +
    'Query them with query_events, ' +
    'query_metrics or query_funnel. Use track_event instead for a project\'s product-analytics events (page views, ' +
    'signups by user_id) read by get_stats and the other project reports.',
  toolset: 'events',
  input,
  output: z.object({
    accepted: z.number().int().describe('Events newly stored.'),
    duplicates: z.number().int().describe('Events skipped because their messageId was already stored.'),
    ids: z
      .array(z.string())
      .optional()
      .describe('Event ids, in input order (the existing id for duplicates, an empty string for a refused event); present for a single event or with `returnIds: true`.'),
    rejected: rejectedOutput.optional().describe('Batch events a block tracking plan refused (not stored), by index; absent when none was.'),
  }),
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
  scope: 'write',
  examples: [
    {
      event: 'qr.bottle_scanned',
      actor: { type: 'customer', id: 'anon_123' },
      object: { type: 'product', id: 'olive-oil-500ml' },
      source: { channel: 'qr', campaign: 'spring-launch' },
      properties: { sku: 'olive-oil-500ml', lot: 'L2026-04' },
    },
  ],
  async handler(value, ctx) {
    // A single event is the input itself (it has no `events`), not a copy of it; `returnIds` is not stored.
    const { returnIds = value.events === undefined } = value;
    delete value.returnIds;
    const envelopes = value.events ?? [value as z.output<typeof eventEnvelope>];
    if (value.events === undefined) {
      const results = await ctx.services.events.ingest(ctx.principal.workspaceId, envelopes, ctx.clock());
      const duplicates = results.filter((result) => result.duplicate).length;
      const counts = { accepted: results.length - duplicates, duplicates };
      return returnIds ? { ...counts, ids: results.map((result) => result.id) } : counts;
    }
    const { results, rejected } = await ctx.services.events.ingestEach(ctx.principal.workspaceId, envelopes, ctx.clock());
    const duplicates = results.filter((result) => result?.duplicate).length;
    const counts = {
      accepted: results.length - rejected.length - duplicates,
      duplicates,
      ...(rejected.length > 0 ? { rejected: rejectionsOf(rejected, envelopes) } : {}),
    };
    return returnIds ? { ...counts, ids: results.map((result) => result?.id ?? '') } : counts;
  },
});
