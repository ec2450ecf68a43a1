import type { Store } from '../../store/store.js';
import type { EventQuota } from '../account/event-quota.js';
import type { EventBus, PublishedEvent } from './event-bus.js';
import { EventWriter, type WriteResult } from '../events/event-writer.js';

/**
 * The group-commit writer, with the account's event quota checked before each write and each write's new
 * (non-duplicate) events announced on the bus once committed.
 */
export class PublishingEventWriter extends EventWriter {
  readonly #bus: EventBus;
  readonly #quota: EventQuota | undefined;

  constructor(store: Store, bus: EventBus, quota?: EventQuota) {
    super(store);
    this.#bus = bus;
    this.#quota = quota;
  }

  override async write(rows: Parameters<EventWriter['write']>[0]): Promise<WriteResult[]> {
    if (this.#quota) {
      const perWorkspace = new Map<string, number>();
      for (const row of rows) perWorkspace.set(row.workspaceId, (perWorkspace.get(row.workspaceId) ?? 0) + 1);
      for (const [workspaceId, count] of perWorkspace) {
        // Answered without a promise when the limits and count are cached.
        const checking = this.#quota.check(workspaceId, count);
        if (checking) await checking;
      }
    }
    const results = await super.write(rows);
    const fresh: PublishedEvent[] = [];
    for (let index = 0; index < rows.length; index += 1) {
      const row = rows[index]!;
      const result = results[index];
      if (!result || result.duplicate) continue;
      // The envelope is stored and no longer read by the writer: it becomes the published event.
      const event = row.envelope as PublishedEvent['event'];
      event.id = result.id;
      event.receivedAt = row.receivedAt;
      fresh.push(row.json === undefined ? { workspaceId: row.workspaceId, event } : { workspaceId: row.workspaceId, event, json: row.json });
    }
    if (fresh.length === 0) return results;
    for (const item of fresh) this.#quota?.added(item.workspaceId, 1);
    this.#bus.publish(fresh);
    return results;
  }
}
