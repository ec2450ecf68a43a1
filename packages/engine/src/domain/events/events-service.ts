import type { AnalyticsReader } from '../analytics/reader.js';
import type { CatalogEntry, EventCatalogRepo } from './event-catalog.js';
import type { EventEnvelope, StoredEvent } from './envelope.js';
import { olderThan, type EventKey } from './event-keyset.js';
import type { EventWriter, PendingRow, WriteResult } from './event-writer.js';
import { invalidInput } from '../../errors/engine-error.js';
import type { IngestGuard, IngestRejection } from './ingest-guard.js';

export const DEFAULT_BUSINESS_ID = 'default';

export interface EventQuery {
  event?: string;
  traceId?: string;
  actorId?: string;
  businessId?: string;
  from?: number;
  to?: number;
  limit: number;
  /** Continue after this event (its timestamp and id): the keyset of the previous page's last row. */
  after?: EventKey | undefined;
}

export interface EventPage {
  events: StoredEvent[];
  /** Whether events follow the last one returned. */
  more: boolean;
}

export class EventsService {
  constructor(
    private readonly writer: EventWriter,
    /** Where queries read: the read pool of an embedded file, so a page of bodies does not hold the event loop. */
    private readonly reader: AnalyticsReader,
    private readonly catalogRepo: EventCatalogRepo,
  ) {}

  readonly #guards: IngestGuard[] = [];

  /** Adds a check that every later ingest runs before queueing (see IngestGuard). */
  addGuard(guard: IngestGuard): void {
    this.#guards.push(guard);
  }

  /** The checks ingest runs, in the order they were added. */
  get guards(): readonly IngestGuard[] {
    return this.#guards;
  }

  /** The event names of a workspace (or of one business), in name order, `limit` at a time after the name `after`. */
  async catalog(
    workspaceId: string,
    query: { businessId?: string | undefined; prefix?: string | undefined; limit: number; after?: string | undefined },
  ): Promise<{ events: CatalogEntry[]; more: boolean }> {
    const found = await this.catalogRepo.names({ workspaceId, businessId: query.businessId, prefix: query.prefix, after: query.after, limit: query.limit });
    return { events: found.slice(0, query.limit), more: found.length > query.limit };
  }

  /**
   * Stores events durably; resolves after the commit. Same messageId twice → one event. Takes the envelopes
   * over: their `businessId` and `timestamp` defaults are filled in place, not on a copy. All or nothing: when a
   * guard (a `block` tracking plan) refuses any envelope, nothing is stored and it throws INVALID_INPUT naming the
   * event and the field (`properties.sku`, or `events[3].properties.sku` in a batch). Use ingestEach to store the
   * others of a batch.
   */
  async ingest(workspaceId: string, envelopes: readonly EventEnvelope[], receivedAt: number): Promise<WriteResult[]> {
    const rejected = await this.#check(workspaceId, envelopes, receivedAt);
    if (rejected.length > 0) throw rejectionError(rejected, envelopes.length > 1);
    return this.writer.write(this.#rows(workspaceId, envelopes, receivedAt));
  }

  /**
   * Stores the envelopes the guards accept, refuses the others: `results` in input order (undefined where refused),
   * `rejected` by input index.
   */
  async ingestEach(
    workspaceId: string,
    envelopes: readonly EventEnvelope[],
    receivedAt: number,
  ): Promise<{ results: Array<WriteResult | undefined>; rejected: IngestRejection[] }> {
    const rejected = await this.#check(workspaceId, envelopes, receivedAt);
    const refused = new Set(rejected.map((rejection) => rejection.index));
    const kept = refused.size === 0 ? envelopes : envelopes.filter((_, index) => !refused.has(index));
    const written = kept.length > 0 ? await this.writer.write(this.#rows(workspaceId, kept, receivedAt)) : [];
    let next = 0;
    return { results: envelopes.map((_, index) => (refused.has(index) ? undefined : written[next++])), rejected };
  }

  /** Fills the defaults, then runs every guard; one rejection per refused index (the first guard's), in index order. */
  async #check(workspaceId: string, envelopes: readonly EventEnvelope[], receivedAt: number): Promise<IngestRejection[]> {
    for (const envelope of envelopes) {
      envelope.businessId ??= DEFAULT_BUSINESS_ID;
      envelope.timestamp ??= receivedAt;
    }
    if (this.#guards.length === 0) return [];
    const byIndex = new Map<number, IngestRejection>();
    for (const guard of this.#guards) {
      for (const rejection of await guard.check(workspaceId, envelopes)) if (!byIndex.has(rejection.index)) byIndex.set(rejection.index, rejection);
    }
    return [...byIndex.values()].sort((a, b) => a.index - b.index);
  }

  #rows(workspaceId: string, envelopes: readonly EventEnvelope[], receivedAt: number): PendingRow[] {
    return envelopes.map((envelope) => ({ workspaceId, receivedAt, envelope: envelope as PendingRow['envelope'] }));
  }

  /** Newest first, `limit` at a time after `after`; events stored meanwhile do not shift the pages. */
  async query(workspaceId: string, query: EventQuery): Promise<EventPage> {
    const where = ['workspace_id = ?'];
    const args: Array<string | number> = [workspaceId];
    const add = (clause: string, value: string | number | undefined) => {
      if (value === undefined) return;
      where.push(clause);
      args.push(value);
    };
    add('event = ?', query.event);
    add('trace_id = ?', query.traceId);
    add('actor_id = ?', query.actorId);
    add('business_id = ?', query.businessId);
    add('ts >= ?', query.from);
    add('ts <= ?', query.to);
    if (query.after !== undefined) {
      const older = olderThan(workspaceId, query.after);
      where.push(older.clause);
      args.push(...older.args);
    }
    // The most selective filter's index; left alone, SQLite may walk the time index for the order and test
    // every row (300-480 ms over 1M events for an actor, trace or event name that has a handful).
    const index =
      query.traceId !== undefined ? 'events_by_trace'
      : query.actorId !== undefined ? 'events_by_actor'
      : query.event !== undefined ? 'events_by_name'
      : query.businessId !== undefined ? 'events_by_business_time'
      : 'events_by_time';
    const found = await this.reader.all(
      `SELECT seq, id, ts, received_at, body FROM events INDEXED BY ${index} WHERE ${where.join(' AND ')} ORDER BY ts DESC, seq DESC LIMIT ?`,
      [...args, query.limit + 1],
    );
    const rows = found.slice(0, query.limit);
    const events = rows.map((row): StoredEvent => {
      const envelope = JSON.parse(String(row.body)) as StoredEvent;
      return { ...envelope, id: String(row.id), receivedAt: Number(row.received_at) };
    });
    return { events, more: found.length > query.limit };
  }
}

/** INVALID_INPUT for refused envelopes: the first one's message, every issue with its path (prefixed by `events[i].` in a batch). */
export function rejectionError(rejected: readonly IngestRejection[], batch: boolean) {
  const first = rejected[0]!;
  const issues = rejected.flatMap((rejection) =>
    rejection.issues.map((issue) => ({ path: batch ? `events[${rejection.index}].${issue.path}` : issue.path, message: issue.message })),
  );
  const error = invalidInput(batch ? `events[${first.index}]: ${first.message}` : first.message, issues);
  error.details!.rejected = rejected.map(({ index, code, message }) => ({ index, code, message }));
  return error;
}
