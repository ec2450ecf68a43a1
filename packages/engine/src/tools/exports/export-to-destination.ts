import { z } from 'zod';
import { DESTINATION_KINDS } from '../../domain/exports/destination.js';
import { defineTool } from '../../tool/define-tool.js';

export const exportToDestination = defineTool({
  name: 'export_to_destination',
  title: 'Export events to a destination',
  description:
    'Push events to a destination in batches: `destination` is a kind (file, https, s3, gcs, bigquery, snowflake, ' +
    'redshift, graphnative, sovereignproof: each batch as a signed proof packet) with an inline `config`, or a saved destination id (create_export_destination) whose ' +
    'cursor makes the export incremental: only events after the last acknowledged one are sent, each exactly once; ' +
    'after a failure the next call resumes there. 429/5xx are retried with backoff (Retry-After honoured); batches ' +
    'carry an idempotency key (Idempotency-Key, insertId, ClientToken, requestId). Every batch writes a receipt ' +
    '(list_export_receipts). Reports progress while it runs. Requests to private addresses are refused unless the operator allows them.',
  toolset: 'exports',
  input: z.object({
    destination: z.string().min(1).max(200).describe(`A destination kind (${DESTINATION_KINDS.join(', ')}) with \`config\`, or a saved destination id (dst_…).`),
    limit: z.number().int().min(1).max(1_000_000).default(10_000).describe('Most events sent by this call (default 10,000).'),
    config: z.record(z.string(), z.unknown()).optional().describe('Inline config of the kind (see create_export_destination); omit with a saved id.'),
    batchSize: z.number().int().min(1).max(10_000).default(500).describe('Events per push (default 500).'),
    after: z.number().int().min(0).optional().describe('Inline exports only: start after this event order key (the `cursor` of a previous answer).'),
  }),
  output: z.object({
    exportId: z.string().describe('This export run.'),
    destination: z.string().describe('As given.'),
    destinationId: z.string().nullable().describe('Saved destination, or null for an inline config.'),
    kind: z.enum(DESTINATION_KINDS).describe('Destination kind.'),
    status: z.enum(['completed', 'partial', 'failed']).describe('completed: every batch acknowledged; partial: some were, then one failed; failed: none was.'),
    exported: z.number().int().describe('Events acknowledged by the peer in this call (nodes + edges for graphnative).'),
    batches: z.number().int().describe('Batches acknowledged.'),
    cursorFrom: z.number().int().describe('Cursor the export started after.'),
    cursor: z.number().int().describe('Event order key of the last acknowledged event (the next export starts after it).'),
    remaining: z.number().int().describe('Events after `cursor` not yet sent.'),
    receipts: z.array(z.string()).max(2000).describe('Receipt ids of this run, in order.'),
    error: z.string().nullable().describe('Why the export stopped, when it did.'),
  }),
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
  scope: 'write',
  examples: [
    { destination: 'dst_warehouse', limit: 500 },
    { destination: 'bigquery', limit: 500, config: { projectId: 'analytics-prod', datasetId: 'headlessanalytics', tableId: 'events' } },
  ],
  async handler(input, ctx) {
    return ctx.services.exports.export(ctx.principal.workspaceId, input, ctx.progress);
  },
});
