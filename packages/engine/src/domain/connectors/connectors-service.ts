import { conflict, invalidInput } from '../../errors/engine-error.js';
import type { Services } from '../../services.js';
import { eventEnvelope, type EventEnvelope } from '../events/envelope.js';
import { DEFAULT_BUSINESS_ID } from '../events/events-service.js';
import { recordKey, type ConnectorsRepo, type RecordKey, type SyncRecord } from './connectors-repo.js';
import { isRecord } from './mapping.js';
import type { ConnectorProvider, MappedEvent } from './provider.js';
import { PROVIDER_IDS, providerOf } from './providers/index.js';

/** Most records of one ingest call (a webhook delivery carries what its provider sends). */
export const MAX_RECORDS = 10_000;
/** Failures kept on a sync record (the call's answer lists every one). */
const KEPT_FAILURES = 100;
/** Events per write: the event writer's batch. */
const WRITE_CHUNK = 1_000;

export type RecordStatus = 'stored' | 'updated' | 'duplicate' | 'failed';

export interface RecordReport {
  index: number;
  recordId: string | null;
  recordType: string | null;
  version: string | null;
  status: RecordStatus;
  /** Stored event ids (the existing ones for a duplicate found by messageId); empty when failed or a known version. */
  eventIds: string[];
  previousVersion: string | null;
  reason: string | null;
}

export interface IngestReport {
  syncId: string;
  provider: string;
  businessId: string;
  received: number;
  mapped: number;
  stored: number;
  updated: number;
  duplicates: number;
  failed: number;
  records: RecordReport[];
}

export interface DeliveryOrigin {
  via: 'ingest' | 'webhook';
  connectorId?: string | null | undefined;
  deliveryId?: string | null | undefined;
}

interface Pending {
  report: RecordReport;
  key: RecordKey;
  events: MappedEvent[];
}

/** The provider of an id, or INVALID_INPUT naming `provider` and listing the known ones. */
export function providerOrThrow(id: string): ConnectorProvider {
  const provider = providerOf(id);
  if (!provider) throw invalidInput(`Unknown connector provider '${id}'`, [{ path: 'provider', message: `must be one of ${PROVIDER_IDS.join(', ')}` }]);
  return provider;
}

/**
 * Normalizes provider records into canonical events through the durable ingest path (tracking plans, graph and
 * every commit hook apply as for ingest_event), with a report per record and a sync record per delivery.
 */
export class ConnectorIngest {
  constructor(
    private readonly repo: ConnectorsRepo,
    private readonly services: Services,
    private readonly clock: () => number,
  ) {}

  /** Sync numbers per workspace and provider, read once from the store then counted here. */
  readonly #seqs = new Map<string, Promise<{ last: number }>>();

  /**
   * A new sync (stored when it finishes, in one commit with its record versions); undefined when a webhook's
   * delivery id was already received.
   */
  async start(workspaceId: string, provider: string, businessId: string | null, origin: DeliveryOrigin, received: number): Promise<SyncRecord | undefined> {
    if (origin.connectorId && origin.deliveryId && (await this.repo.deliveryExists(workspaceId, origin.connectorId, origin.deliveryId))) return undefined;
    const key = `${workspaceId}\u0000${provider}`;
    let counter = this.#seqs.get(key);
    if (!counter) this.#seqs.set(key, (counter = this.repo.lastSeq(workspaceId, provider).then((last) => ({ last }))));
    counter.catch(() => this.#seqs.delete(key));
    const seq = ++(await counter).last;
    return {
      id: `sync_${provider}_${seq}`, provider, via: origin.via, connectorId: origin.connectorId ?? null, businessId, deliveryId: origin.deliveryId ?? null,
      status: 'received', received, mapped: 0, stored: 0, updated: 0, duplicates: 0, failed: 0, failures: [], createdAt: this.clock(), finishedAt: null,
    };
  }

  /** Ingests a delivery: starts its sync record (refusing a replayed delivery id) and runs it. */
  async ingest(
    workspaceId: string,
    request: { provider: string; records: readonly unknown[]; recordType?: string | undefined; businessId?: string | undefined },
    origin: DeliveryOrigin = { via: 'ingest' },
  ): Promise<IngestReport> {
    const provider = providerOrThrow(request.provider);
    if (request.recordType !== undefined && !provider.recordTypes.some((type) => type.name === request.recordType)) {
      throw invalidInput(`'${request.recordType}' is not a ${provider.title} record type`, [
        { path: 'recordType', message: `must be one of ${provider.recordTypes.map((type) => type.name).join(', ')}` },
      ]);
    }
    const businessId = request.businessId ?? DEFAULT_BUSINESS_ID;
    const sync = await this.start(workspaceId, provider.id, businessId, origin, request.records.length);
    if (!sync) throw conflict(`Delivery '${origin.deliveryId}' was already received (a replay); nothing was stored.`, { deliveryId: origin.deliveryId });
    return this.run(workspaceId, sync, provider, request.records, request.recordType, businessId);
  }

  /** Maps, classifies (new, newer version, known version), writes, and finishes the sync record. */
  async run(workspaceId: string, sync: SyncRecord, provider: ConnectorProvider, records: readonly unknown[], hint: string | undefined, businessId: string): Promise<IngestReport> {
    const receivedAt = this.clock();
    const reports: RecordReport[] = [];
    const pending: Pending[] = [];
    const fail = (report: RecordReport, reason: string) => {
      report.status = 'failed';
      report.reason = reason;
      report.eventIds = [];
    };
    records.forEach((record, index) => {
      const report: RecordReport = { index, recordId: null, recordType: null, version: null, status: 'failed', eventIds: [], previousVersion: null, reason: null };
      reports.push(report);
      if (!isRecord(record)) return fail(report, `records[${index}]: must be a JSON object`);
      const recordType = provider.recordTypeOf(record, hint);
      if (recordType === undefined) {
        return fail(report, `records[${index}]: cannot tell its ${provider.title} record type; pass recordType (${provider.recordTypes.map((type) => type.name).join(', ')})`);
      }
      report.recordType = recordType;
      const mapped = provider.map(record, recordType, { receivedAt, businessId });
      if ('error' in mapped) return fail(report, `records[${index}].${mapped.error}`);
      report.recordId = mapped.recordId;
      report.version = mapped.version;
      const events: MappedEvent[] = [];
      for (const event of mapped.events) {
        const checked = eventEnvelope.safeParse({ ...event, updatedEvent: undefined, businessId });
        if (!checked.success) {
          const issue = checked.error.issues[0]!;
          return fail(report, `records[${index}]: its ${event.event} event is invalid at ${issue.path.join('.') || '(root)'}: ${issue.message}`);
        }
        events.push({ ...(checked.data as MappedEvent), ...(event.updatedEvent ? { updatedEvent: event.updatedEvent } : {}) });
      }
      pending.push({ report, key: { recordType, recordId: mapped.recordId }, events });
    });

    const known = await this.repo.versions(workspaceId, businessId, provider.id, pending.map((entry) => entry.key));
    const toWrite: Array<{ entry: Pending; envelope: EventEnvelope }> = [];
    for (const entry of pending) {
      const key = recordKey(entry.key);
      const previous = known.get(key);
      const version = entry.report.version!;
      if (previous === version) {
        entry.report.status = 'duplicate';
        continue;
      }
      known.set(key, version);
      entry.report.status = previous === undefined ? 'stored' : 'updated';
      entry.report.previousVersion = previous ?? null;
      for (const event of entry.events) {
        const { updatedEvent, ...envelope } = event;
        if (previous !== undefined) {
          envelope.event = updatedEvent ?? envelope.event;
          const connector = { ...(envelope.context?.connector as Record<string, unknown> | undefined), update: true, previousVersion: previous };
          envelope.context = { ...envelope.context, connector };
        }
        toWrite.push({ entry, envelope });
      }
    }

    try {
      for (let start = 0; start < toWrite.length; start += WRITE_CHUNK) {
        const chunk = toWrite.slice(start, start + WRITE_CHUNK);
        const { results, rejected } = await this.services.events.ingestEach(workspaceId, chunk.map((item) => item.envelope), receivedAt);
        const refused = new Map(rejected.map((rejection) => [rejection.index, rejection]));
        chunk.forEach((item, index) => {
          const report = item.entry.report;
          if (report.status === 'failed') return;
          const rejection = refused.get(index);
          if (rejection) return fail(report, `records[${report.index}]: a tracking plan refused its ${item.envelope.event} event: ${rejection.message}`);
          const result = results[index]!;
          report.eventIds.push(result.id);
          (item.entry as Pending & { fresh?: boolean }).fresh ||= !result.duplicate;
        });
      }
    } catch (error) {
      await this.#finish(workspaceId, sync, reports, 'failed');
      throw error;
    }
    const saved: Array<RecordKey & { version: string }> = [];
    for (const entry of pending) {
      const { report } = entry;
      if (report.status !== 'stored' && report.status !== 'updated') continue;
      // Every event already stored under its messageId (a concurrent delivery, or versions lost): a duplicate.
      if (!(entry as Pending & { fresh?: boolean }).fresh) report.status = 'duplicate';
      saved.push({ ...entry.key, version: report.version! });
    }
    const finished = await this.#finish(workspaceId, sync, reports, undefined, { businessId, rows: saved, at: receivedAt });
    return {
      syncId: sync.id, provider: provider.id, businessId, received: finished.received, mapped: finished.mapped, stored: finished.stored,
      updated: finished.updated, duplicates: finished.duplicates, failed: finished.failed, records: reports,
    };
  }

  async #finish(
    workspaceId: string,
    sync: SyncRecord,
    reports: readonly RecordReport[],
    status?: SyncRecord['status'],
    versions?: { businessId: string; rows: ReadonlyArray<RecordKey & { version: string }>; at: number },
  ): Promise<SyncRecord> {
    const count = (what: RecordStatus) => reports.filter((report) => report.status === what).length;
    sync.received = reports.length;
    sync.failed = count('failed');
    sync.mapped = reports.length - reports.filter((report) => report.status === 'failed' && report.recordId === null).length;
    sync.stored = count('stored');
    sync.updated = count('updated');
    sync.duplicates = count('duplicate');
    sync.failures = reports.filter((report) => report.status === 'failed').slice(0, KEPT_FAILURES).map((report) => ({ index: report.index, recordId: report.recordId, reason: report.reason ?? '' }));
    sync.status = status ?? (sync.failed === 0 ? 'completed' : sync.failed === reports.length && reports.length > 0 ? 'failed' : 'partial');
    sync.finishedAt = this.clock();
    await this.repo.saveSync(workspaceId, sync, Number(sync.id.slice(sync.id.lastIndexOf('_') + 1)), versions);
    return sync;
  }
}
