import type { Store } from '../../store/store.js';
import type { EventQuota } from '../account/event-quota.js';
import type { EventBus, PublishedEvent } from './event-bus.js';
import { EventWriter, type PendingRow, type WriteResult } from '../events/event-writer.js';

/**
 * The group-commit writer, with the account's event quota checked before each write and each commit's new
 * (non-duplicate) events announced on the bus once durable, before the writes are answered.
 */
export class PublishingEventWriter extends EventWriter {
  readonly #bus: EventBus;
  readonly #quota: EventQuota | undefined;

  constructor(store: Store, bus: EventBus, quota?: EventQuota) {
    super(store);
    this.#bus = bus;
    this.#quota = quota;
  }

  override write(rows: PendingRow[]): Promise<WriteResult[]> {
    const checking = this.#quota ? this.#checkQuota(this.#quota, rows) : undefined;
    return checking ? checking.then(() => super.write(rows)) : super.write(rows);
  }

  /** The quota of each workspace written to; `undefined` (no promise) when all are answered from the cache. */
  #checkQuota(quota: EventQuota, rows: readonly PendingRow[]): Promise<unknown> | undefined {
    const perWorkspace = new Map<string, number>();
    for (const row of rows) perWorkspace.set(row.workspaceId, (perWorkspace.get(row.workspaceId) ?? 0) + 1);
    const checks: Promise<void>[] = [];
    for (const [workspaceId, count] of perWorkspace) {
      const checking = quota.check(workspaceId, count);
      if (checking) checks.push(checking);
    }
    return checks.length > 0 ? Promise.all(checks) : undefined;
  }

  /** Once per commit: the new events counted against the quota and announced on the bus. */
  protected override committed(fresh: readonly PendingRow[]): void {
    const published: PublishedEvent[] = [];
    for (const row of fresh) {
      // The envelope is stored and no longer read by the writer: it becomes the published event.
      const event = row.envelope as PublishedEvent['event'];
      event.id = row.id!;
      event.receivedAt = row.receivedAt;
      published.push(row.json === undefined ? { workspaceId: row.workspaceId, event } : { workspaceId: row.workspaceId, event, json: row.json });
      this.#quota?.added(row.workspaceId, 1);
    }
    this.#bus.publish(published);
  }
}
