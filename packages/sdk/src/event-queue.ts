import { delay, isRetryableStatus, retryDelay, type RetryOptions } from './backoff.js';
import { HeadlessAnalyticsError } from './errors.js';
import { QueuedEvent, type TrackResult } from './queued-event.js';
import { errorOfAnswer, postJson, retryAfterOf, type TransportOptions } from './transport.js';

export type { TrackResult } from './queued-event.js';

export interface QueueOptions {
  /** Send as soon as this many events wait. */
  flushAt: number;
  /** Send whatever waits at least this often. */
  flushIntervalMs: number;
  /** Events per request (the API takes up to 1,000). */
  maxBatchSize: number;
  /** Approximate request body size limit; a batch closes before it would exceed it. */
  maxBatchBytes: number;
  /** Events held (waiting, in flight or retrying) before `track()` refuses new ones with QUEUE_FULL. */
  maxQueueSize: number;
  /** Requests in flight at once. */
  maxConcurrentRequests: number;
  retry: RetryOptions;
  /** Called once per batch (or part of one) that is given up, with the events it held. */
  onError: (error: HeadlessAnalyticsError, events: readonly object[]) => void;
}

export interface DeliveryStats {
  /** Events accepted by `track()` and not yet settled. */
  pending: number;
  inFlightRequests: number;
  delivered: number;
  dropped: number;
  requests: number;
  retries: number;
}

interface FlushWaiter {
  seq: number;
  remaining: number;
  resolve: () => void;
}

const INGEST_PATH = '/api/ingest';
/** Browsers cap the bodies of all keepalive requests in flight at 64 KiB. */
const KEEPALIVE_BYTES = 60_000;

/** Indexes of the batch's events named by a 400 answer's issues (`events[3].properties` → 3). */
function rejectedIndexes(error: HeadlessAnalyticsError): Set<number> {
  const indexes = new Set<number>();
  for (const issue of error.details?.issues ?? []) {
    const match = /^events\[(\d+)\]/.exec(issue.path);
    if (match) indexes.add(Number(match[1]));
  }
  return indexes;
}

/**
 * In-memory event queue: batches by size and interval, retries 408/429/5xx and network errors with exponential
 * backoff and jitter (a Retry-After is honoured), and keeps each event's messageId across retries so the API stores
 * it once. Every accepted event settles exactly once: delivered, or given up and reported to `onError`.
 */
export class EventQueue {
  readonly #options: QueueOptions;
  readonly #transport: TransportOptions;
  #waiting: QueuedEvent[] = [];
  #head = 0;
  #seq = 0;
  /** Events up to this seq are sent without waiting for a full batch (timer fired or flush asked). */
  #forceSeq = 0;
  #unsettled = 0;
  #inFlight = 0;
  #pumpScheduled = false;
  #closed = false;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #waiters: FlushWaiter[] = [];
  readonly #counts = { delivered: 0, dropped: 0, requests: 0, retries: 0 };
  /** messageIds are this queue's random UUID plus a counter: unique without a UUID per event. */
  readonly #messagePrefix = `${globalThis.crypto.randomUUID()}.`;
  readonly #generatedId = { given: undefined, prefix: this.#messagePrefix };

  constructor(options: QueueOptions, transport: TransportOptions) {
    this.#options = options;
    this.#transport = transport;
  }

  get stats(): DeliveryStats {
    return { pending: this.#unsettled, inFlightRequests: this.#inFlight, ...this.#counts };
  }

  /**
   * Queues one event and returns its receipt (a promise of how it ended). Cheap: the fields are serialized when the
   * event joins a batch (so do not mutate them after tracking), and the messageId is this queue's random prefix
   * plus a counter unless the caller gave one. Never throws; the receipt never rejects.
   */
  enqueue(event: string, timestamp: number, messageId: string | undefined, fields: object): Promise<TrackResult> {
    if (this.#closed || this.#unsettled >= this.#options.maxQueueSize) {
      const id = messageId ?? `${this.#messagePrefix}${(this.#seq + 1).toString(36)}-refused`;
      const error = this.#closed
        ? new HeadlessAnalyticsError('CLIENT_CLOSED', 'track() was called after shutdown(); the event was not sent.')
        : new HeadlessAnalyticsError('QUEUE_FULL', `The event queue holds ${this.#options.maxQueueSize} events (maxQueueSize); the new event was not queued.`);
      this.#counts.dropped += 1;
      this.#report(error, [{ ...fields, event, timestamp, messageId: id }]);
      return QueuedEvent.settled(id, { messageId: id, delivered: false, error });
    }
    this.#seq += 1;
    this.#unsettled += 1;
    const queued = new QueuedEvent(this.#seq, messageId === undefined ? this.#generatedId : { given: messageId, prefix: '' }, event, timestamp, fields);
    this.#waiting.push(queued);
    if (this.#waiting.length - this.#head >= this.#options.flushAt) this.#schedulePump();
    else this.#armTimer();
    return queued;
  }

  /** Resolves once every event queued before the call is delivered or given up. */
  flush(keepalive = false): Promise<void> {
    if (this.#unsettled === 0) return Promise.resolve();
    this.#forceSeq = this.#seq;
    const promise = new Promise<void>((resolve) => this.#waiters.push({ seq: this.#seq, remaining: this.#unsettled, resolve }));
    this.#pump(keepalive);
    return promise;
  }

  /** Refuses new events, delivers what is queued and stops the timer. */
  async close(): Promise<void> {
    this.#closed = true;
    await this.flush();
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  #schedulePump(): void {
    if (this.#pumpScheduled) return;
    this.#pumpScheduled = true;
    queueMicrotask(() => this.#pump());
  }

  #armTimer(): void {
    if (this.#timer !== undefined || this.#closed) return;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.#forceSeq = this.#seq;
      this.#pump();
    }, this.#options.flushIntervalMs);
    (this.#timer as { unref?: () => void }).unref?.();
  }

  /** Starts requests while slots are free; a keepalive flush (the page is going away) does not wait for a slot. */
  #pump(keepalive = false): void {
    this.#pumpScheduled = false;
    while ((keepalive || this.#inFlight < this.#options.maxConcurrentRequests) && this.#head < this.#waiting.length) {
      const first = this.#waiting[this.#head]!;
      if (this.#waiting.length - this.#head < this.#options.flushAt && first.seq > this.#forceSeq) break;
      const batch = this.#takeBatch(keepalive ? Math.min(KEEPALIVE_BYTES, this.#options.maxBatchBytes) : this.#options.maxBatchBytes);
      this.#inFlight += 1;
      void this.#send(batch, keepalive).finally(() => {
        this.#inFlight -= 1;
        this.#pump();
      });
    }
    if (this.#head < this.#waiting.length) this.#armTimer();
  }

  #takeBatch(maxBytes: number): QueuedEvent[] {
    const batch: QueuedEvent[] = [];
    let bytes = 12;
    while (this.#head < this.#waiting.length && batch.length < this.#options.maxBatchSize) {
      const event = this.#waiting[this.#head]!;
      try {
        event.json ??= event.serialize();
      } catch (cause) {
        this.#head += 1;
        this.#drop([event], new HeadlessAnalyticsError('INVALID_INPUT', `The event is not JSON-serializable: ${(cause as Error).message}`, { cause }));
        continue;
      }
      if (batch.length > 0 && bytes + event.json.length + 1 > maxBytes) break;
      batch.push(event);
      bytes += event.json.length + 1;
      this.#head += 1;
    }
    if (this.#head === this.#waiting.length || (this.#head >= 4096 && this.#head * 2 >= this.#waiting.length)) {
      this.#waiting = this.#waiting.slice(this.#head);
      this.#head = 0;
    }
    return batch;
  }

  async #send(initial: QueuedEvent[], keepalive: boolean): Promise<void> {
    let batch = initial;
    let attempt = 0;
    try {
      for (;;) {
        this.#counts.requests += 1;
        // The stored ids settle each event (a batch answers counts only unless asked for them).
        const body = `{"events":[${batch.map((event) => event.json).join(',')}],"returnIds":true}`;
        const answer = await postJson(this.#transport, INGEST_PATH, body, keepalive ? { keepalive } : {});
        if (answer.status >= 200 && answer.status < 300) {
          const ids = (answer.body as { ids?: unknown[] } | null)?.ids ?? [];
          this.#settle(batch, (event, index) => ({ messageId: event.messageId, delivered: true, id: String(ids[index] ?? '') }));
          return;
        }
        const error = errorOfAnswer(answer);
        if (answer.status === 400) {
          const rejected = rejectedIndexes(error);
          if (rejected.size === 0 || rejected.size >= batch.length) return this.#drop(batch, error);
          this.#drop(batch.filter((_, index) => rejected.has(index)), error);
          batch = batch.filter((_, index) => !rejected.has(index));
          continue;
        }
        if (answer.status === 413 && batch.length > 1) {
          const middle = Math.ceil(batch.length / 2);
          await this.#send(batch.slice(0, middle), keepalive);
          return await this.#send(batch.slice(middle), keepalive);
        }
        if (!isRetryableStatus(answer.status) || attempt >= this.#options.retry.maxRetries) return this.#drop(batch, error);
        this.#counts.retries += 1;
        await delay(retryDelay(attempt, this.#options.retry, retryAfterOf(answer)));
        attempt += 1;
      }
    } catch (cause) {
      this.#drop(batch, new HeadlessAnalyticsError('INTERNAL', `Delivery failed: ${(cause as Error).message}`, { cause }));
    }
  }

  #drop(batch: QueuedEvent[], error: HeadlessAnalyticsError): void {
    if (batch.length === 0) return;
    this.#report(error, batch.map((event) => event.envelope()));
    this.#settle(batch, (event) => ({ messageId: event.messageId, delivered: false, error }));
  }

  #report(error: HeadlessAnalyticsError, events: readonly object[]): void {
    try {
      this.#options.onError(error, events);
    } catch {
      // A throwing onError must not stop delivery of the other events.
    }
  }

  #settle(batch: QueuedEvent[], result: (event: QueuedEvent, index: number) => TrackResult): void {
    batch.forEach((event, index) => {
      const outcome = result(event, index);
      this.#counts[outcome.delivered ? 'delivered' : 'dropped'] += 1;
      this.#unsettled -= 1;
      event.settle(outcome);
      for (const waiter of this.#waiters) if (event.seq <= waiter.seq) waiter.remaining -= 1;
    });
    const done = this.#waiters.filter((waiter) => waiter.remaining <= 0);
    if (done.length === 0) return;
    this.#waiters = this.#waiters.filter((waiter) => waiter.remaining > 0);
    for (const waiter of done) waiter.resolve();
  }
}
