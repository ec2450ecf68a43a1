import { z } from 'zod';
import type { SyncRecord } from '../../domain/connectors/connectors-repo.js';
import { PROVIDER_IDS } from '../../domain/connectors/providers/index.js';

export const providerField = z.string().min(1).max(64).describe(`Connector provider: ${PROVIDER_IDS.join(', ')}.`);

export const recordReport = z.object({
  index: z.number().int().describe('Position in `records`.'),
  recordId: z.string().nullable().describe('The provider\'s record id, when the record could be read.'),
  recordType: z.string().nullable().describe('Record type (order, refund, customer, ...).'),
  version: z.string().nullable().describe('The record\'s version or update time, part of its events\' messageId.'),
  status: z
    .enum(['stored', 'updated', 'duplicate', 'failed'])
    .describe('stored: new record; updated: a newer version of a stored record (its events say so); duplicate: this version was already stored (nothing written); failed: see reason.'),
  eventIds: z.array(z.string()).describe('Ids of the events written for it.'),
  previousVersion: z.string().nullable().describe('The version it updates, when updated.'),
  reason: z.string().nullable().describe('Why it failed, naming the field.'),
});

export const ingestReport = z.object({
  syncId: z.string().describe('The sync record of this delivery (get_connector_sync).'),
  provider: z.string(),
  businessId: z.string(),
  received: z.number().int(),
  mapped: z.number().int().describe('Records the provider mapping could read.'),
  stored: z.number().int(),
  updated: z.number().int(),
  duplicates: z.number().int(),
  failed: z.number().int(),
  records: z.array(recordReport).describe('One report per input record, in input order.'),
});

export const syncView = z
  .object({
    id: z.string().describe('Sync id (sync_…).'),
    provider: z.string(),
    via: z.enum(['ingest', 'webhook']).describe('ingest: an ingest_connector_records call; webhook: a provider delivery.'),
    connectorId: z.string().nullable(),
    businessId: z.string().nullable(),
    deliveryId: z.string().nullable().describe('The webhook\'s delivery id (replays of it are refused).'),
    status: z.enum(['received', 'completed', 'partial', 'failed']).describe('received: in progress; completed: no record failed; partial: some failed; failed: all failed or the write did.'),
    received: z.number().int(),
    mapped: z.number().int(),
    stored: z.number().int(),
    updated: z.number().int(),
    duplicates: z.number().int(),
    failed: z.number().int(),
    failures: z.array(z.object({ index: z.number().int(), recordId: z.string().nullable(), reason: z.string() })).max(100).describe('The first 100 failed records.'),
    createdAt: z.string(),
    finishedAt: z.string().nullable(),
  })
  .meta({ id: 'ConnectorSync' });

export const syncOf = (sync: SyncRecord): z.output<typeof syncView> => ({
  ...sync,
  createdAt: new Date(sync.createdAt).toISOString(),
  finishedAt: sync.finishedAt === null ? null : new Date(sync.finishedAt).toISOString(),
});
