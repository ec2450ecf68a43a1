import type { Store } from '../../store/store.js';
import { EventWriter, type WriteResult } from '../events/event-writer.js';
import type { EventBus } from './event-bus.js';

/** The group-commit writer, announcing each write's new (non-duplicate) events on the bus once committed. */
export class PublishingEventWriter extends EventWriter {
  readonly #bus: EventBus;

  constructor(store: Store, bus: EventBus) {
    super(store);
    this.#bus = bus;
  }

  override async write(rows: Parameters<EventWriter['write']>[0]): Promise<WriteResult[]> {
    const results = await super.write(rows);
    const fresh = [];
    for (const [index, row] of rows.entries()) {
      const result = results[index];
      if (!result || result.duplicate) continue;
      fresh.push({ workspaceId: row.workspaceId, event: { ...row.envelope, id: result.id, receivedAt: row.receivedAt } });
    }
    if (fresh.length > 0) this.#bus.publish(fresh);
    return results;
  }
}
