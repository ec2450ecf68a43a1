import type { StoredEvent } from '../events/envelope.js';

/** A committed event as the bus carries it. `event.id` is a ULID: ids sort in commit order. */
export interface BusEvent {
  workspaceId: string;
  event: StoredEvent;
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
 * In-process fan-out of committed events to live subscribers, with a bounded replay buffer of the most
 * recent events for `Last-Event-ID` resumption.
 */
export class EventBus {
  readonly #subscribers = new Set<Subscription>();
  readonly #buffer: BusEvent[] = [];
  readonly #capacity: number;

  constructor(capacity = DEFAULT_REPLAY_CAPACITY) {
    this.#capacity = capacity;
  }

  get subscriberCount(): number {
    return this.#subscribers.size;
  }

  publish(items: readonly BusEvent[]): void {
    for (const item of items) {
      this.#buffer.push(item);
      for (const subscription of this.#subscribers) if (matches(subscription.filter, item)) subscription.push(item);
    }
    // Trimmed in steps of `capacity`, so a publish costs no copy of the whole buffer.
    if (this.#buffer.length >= 2 * this.#capacity) this.#buffer.splice(0, this.#buffer.length - this.#capacity);
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
    const oldest = this.#buffer[0];
    if (oldest === undefined || oldest.event.id > lastId) return null;
    return this.#buffer.filter((item) => item.event.id > lastId && matches(filter, item));
  }
}
