import type { StoredEvent } from '../events/envelope.js';
import { ReplayLog } from './replay-log.js';

/** A committed event as the bus carries it. `event.id` is a ULID: ids sort in commit order. */
export interface BusEvent {
  workspaceId: string;
  event: StoredEvent;
}

/** An event being published, with the JSON text of its envelope when the caller already has it. */
export interface PublishedEvent extends BusEvent {
  json?: string;
}

export interface BusFilter {
  workspaceId: string;
  businessId?: string;
  events?: readonly string[];
  userId?: string;
  sessionId?: string;
}

const DEFAULT_REPLAY_CAPACITY = 10_000;
/** A subscriber that falls this far behind is dropped (its stream ends) rather than growing memory. */
const MAX_QUEUED_PER_SUBSCRIBER = 10_000;

export function matches(filter: BusFilter, item: BusEvent): boolean {
  const { event } = item;
  if (item.workspaceId !== filter.workspaceId) return false;
  if (filter.businessId !== undefined && event.businessId !== filter.businessId) return false;
  if (filter.events !== undefined && filter.events.length > 0 && !filter.events.includes(event.event)) return false;
  const actor = event.actor === undefined ? undefined : typeof event.actor === 'string' ? event.actor : event.actor.id;
  if (filter.userId !== undefined && actor !== filter.userId) return false;
  if (filter.sessionId !== undefined && event.sessionId !== filter.sessionId) return false;
  return true;
}

/** A live subscription: a queue of matching events, read with a timeout so callers can send heartbeats. */
export class Subscription {
  readonly #queue: BusEvent[] = [];
  #wake: (() => void) | null = null;
  #closed = false;

  constructor(
    readonly filter: BusFilter,
    private readonly onClose: (subscription: Subscription) => void,
  ) {}

  get closed(): boolean {
    return this.#closed;
  }

  push(item: BusEvent): void {
    if (this.#closed) return;
    if (this.#queue.length >= MAX_QUEUED_PER_SUBSCRIBER) return this.close();
    this.#queue.push(item);
    this.#wake?.();
  }

  /** The next event, or `null` when `timeoutMs` passes (or the subscription closes) first. */
  async next(timeoutMs: number): Promise<BusEvent | null> {
    if (this.#queue.length > 0) return this.#queue.shift()!;
    if (this.#closed) return null;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => finish(), timeoutMs);
      const finish = () => {
        clearTimeout(timer);
        this.#wake = null;
        resolve();
      };
      this.#wake = finish;
    });
    return this.#queue.shift() ?? null;
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#queue.length = 0;
    this.#wake?.();
    this.onClose(this);
  }
}

/**
 * In-process fan-out of committed events to live subscribers, with a bounded replay log of the most
 * recent events for `Last-Event-ID` resumption.
 */
export class EventBus {
  readonly #subscribers = new Set<Subscription>();
  readonly #log: ReplayLog;

  constructor(capacity = DEFAULT_REPLAY_CAPACITY) {
    this.#log = new ReplayLog(capacity);
  }

  get subscriberCount(): number {
    return this.#subscribers.size;
  }

  /** Events in commit order (their ids sort in that order). */
  publish(items: readonly PublishedEvent[]): void {
    for (const item of items) {
      const { event } = item;
      this.#log.append({ workspaceId: item.workspaceId, id: event.id, receivedAt: event.receivedAt, json: item.json ?? JSON.stringify(event) });
      for (const subscription of this.#subscribers) {
        if (matches(subscription.filter, item)) subscription.push({ workspaceId: item.workspaceId, event });
      }
    }
  }

  subscribe(filter: BusFilter): Subscription {
    const subscription = new Subscription(filter, (closed) => this.#subscribers.delete(closed));
    this.#subscribers.add(subscription);
    return subscription;
  }

  /**
   * Buffered events after `lastId` that match, oldest first; `null` when the buffer no longer reaches
   * back to `lastId` (the caller then reads the gap from storage).
   */
  replaySince(filter: BusFilter, lastId: string): BusEvent[] | null {
    const oldest = this.#log.oldestId();
    if (oldest === undefined || oldest > lastId) return null;
    const found: BusEvent[] = [];
    for (const item of this.#log.after(filter.workspaceId, lastId)) if (matches(filter, item)) found.push(item);
    return found;
  }
}
