import type { InStatement } from '../../store/store.js';
import type { CommitHook, PendingRow } from '../events/event-writer.js';
import type { TrackableRepo } from './trackable-repo.js';

const sep = '\u0000';

/** The actor id of an event (a plain string is one), as the events table keeps it. */
function actorIdOf(envelope: PendingRow['envelope']): string | null {
  const actor = envelope.actor;
  return actor === undefined ? null : typeof actor === 'string' ? actor : actor.id;
}

/**
 * Keeps each trackable's counters in the same commit as its events: every event whose `trackable.id` is a string
 * (scans, record_trackable_usage, or any ingest naming one) adds a use; `properties.bot: true` counts as a bot,
 * `properties.repeat: true` as a repeat, and a non-bot event's actor joins the trackable's actors (unique scanners,
 * conversions). One upsert per table and commit; events naming no trackable cost one property read.
 */
export class TrackableCounterHook implements CommitHook {
  constructor(private readonly repo: TrackableRepo) {}

  async prepare(rows: readonly PendingRow[]): Promise<InStatement[]> {
    let counters: Map<string, unknown[]> | undefined;
    let actors: Map<string, unknown[]> | undefined;
    for (const row of rows) {
      const id = row.envelope.trackable?.id;
      if (typeof id !== 'string' || id === '') continue;
      const { envelope, workspaceId } = row;
      const ts = envelope.timestamp;
      const bot = envelope.properties?.bot === true;
      const repeat = envelope.properties?.repeat === true;
      const actorId = bot ? null : actorIdOf(envelope);
      const key = `${workspaceId}${sep}${id}`;
      counters ??= new Map();
      const counter = counters.get(key);
      // [workspaceId, trackableId, uses, bots, repeats, anonymous, firstSeen, lastSeen]
      if (counter) {
        counter[2] = (counter[2] as number) + 1;
        counter[3] = (counter[3] as number) + (bot ? 1 : 0);
        counter[4] = (counter[4] as number) + (repeat ? 1 : 0);
        counter[5] = (counter[5] as number) + (!bot && actorId === null ? 1 : 0);
        counter[6] = Math.min(counter[6] as number, ts);
        counter[7] = Math.max(counter[7] as number, ts);
      } else counters.set(key, [workspaceId, id, 1, bot ? 1 : 0, repeat ? 1 : 0, !bot && actorId === null ? 1 : 0, ts, ts]);
      if (actorId === null) continue;
      actors ??= new Map();
      const actorKey = `${key}${sep}${actorId}`;
      const actor = actors.get(actorKey);
      // [workspaceId, trackableId, actorId, uses, firstSeen, lastSeen]
      if (actor) {
        actor[3] = (actor[3] as number) + 1;
        actor[4] = Math.min(actor[4] as number, ts);
        actor[5] = Math.max(actor[5] as number, ts);
      } else actors.set(actorKey, [workspaceId, id, actorId, 1, ts, ts]);
    }
    if (!counters) return [];
    return this.repo.countStatements({ counters: [...counters.values()], actors: actors ? [...actors.values()] : [] });
  }
}
