import type { HeadlessAnalyticsError } from './errors.js';

/** How a tracked event ended: stored (with its event id; also when a retry found it already stored), or given up. */
export type TrackResult =
  | { messageId: string; delivered: true; id: string }
  | { messageId: string; delivered: false; error: HeadlessAnalyticsError };

/**
 * One tracked event in the queue, and the promise `track()` returns for it. The promise machinery is made only
 * when someone awaits it, so a fire-and-forget `track()` allocates one object; `then`, `catch` and `finally` behave
 * as on a Promise that never rejects.
 */
export class QueuedEvent implements Promise<TrackResult> {
  get [Symbol.toStringTag](): string {
    return 'TrackReceipt';
  }

  /** Set once the event joins a batch (serialization is deferred off the `track()` path). */
  json: string | undefined = undefined;
  #result: TrackResult | undefined;
  #promise: Promise<TrackResult> | undefined;
  #resolve: ((result: TrackResult) => void) | undefined;

  readonly #messageId: string | undefined;
  readonly #prefix: string;

  /** `messageId` is the caller's, or `prefix` + the seq in base 36, made only when first read. */
  constructor(
    readonly seq: number,
    messageId: { given: string | undefined; prefix: string },
    readonly event: string,
    readonly timestamp: number,
    /** The caller's other envelope fields; never `event`, `timestamp` or `messageId`. */
    readonly fields: object,
  ) {
    this.#messageId = messageId.given;
    this.#prefix = messageId.prefix;
  }

  get messageId(): string {
    return this.#messageId ?? this.#prefix + this.seq.toString(36);
  }

  static settled(messageId: string, result: TrackResult): QueuedEvent {
    const queued = new QueuedEvent(0, { given: messageId, prefix: '' }, '', 0, {});
    queued.settle(result);
    return queued;
  }

  settle(result: TrackResult): void {
    if (this.#result) return;
    this.#result = result;
    this.#resolve?.(result);
  }

  /** The envelope as an object (for `onError`). */
  envelope(): object {
    return { ...this.fields, event: this.event, timestamp: this.timestamp, messageId: this.messageId };
  }

  /** The envelope as JSON, without re-serializing the three fields the queue owns. */
  serialize(): string {
    const rest = JSON.stringify(this.fields);
    const head = `{"event":${JSON.stringify(this.event)},"timestamp":${this.timestamp},"messageId":${JSON.stringify(this.messageId)}`;
    return rest.length > 2 ? `${head},${rest.slice(1)}` : `${head}}`;
  }

  #settledPromise(): Promise<TrackResult> {
    if (this.#result) return Promise.resolve(this.#result);
    this.#promise ??= new Promise<TrackResult>((resolve) => (this.#resolve = resolve));
    return this.#promise;
  }

  then<A = TrackResult, B = never>(
    onFulfilled?: ((value: TrackResult) => A | PromiseLike<A>) | null,
    onRejected?: ((reason: unknown) => B | PromiseLike<B>) | null,
  ): Promise<A | B> {
    return this.#settledPromise().then(onFulfilled, onRejected);
  }

  catch<B = never>(onRejected?: ((reason: unknown) => B | PromiseLike<B>) | null): Promise<TrackResult | B> {
    return this.#settledPromise().catch(onRejected);
  }

  finally(onFinally?: (() => void) | null): Promise<TrackResult> {
    return this.#settledPromise().finally(onFinally);
  }
}
