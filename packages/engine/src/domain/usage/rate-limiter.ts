import { rateLimited } from '../../errors/engine-error.js';
import type { Principal } from '../../context.js';

/** Per-key token bucket: `perMinute` sustained, bursts of up to ten seconds' worth. 0 disables it. */
export class RateLimiter {
  readonly #buckets = new Map<string, { tokens: number; updated: number }>();
  readonly #ratePerMs: number;
  readonly #capacity: number;

  constructor(
    readonly perMinute: number,
    private readonly clock: () => number,
  ) {
    this.#ratePerMs = perMinute / 60_000;
    this.#capacity = Math.max(1, perMinute / 6);
  }

  get enabled(): boolean {
    return this.perMinute > 0;
  }

  /** Takes one token for the principal's key or throws RATE_LIMITED with the seconds to wait. */
  take(principal: Principal): void {
    if (!this.enabled || principal.keyId === null) return;
    const now = this.clock();
    let bucket = this.#buckets.get(principal.keyId);
    if (!bucket) this.#buckets.set(principal.keyId, (bucket = { tokens: this.#capacity, updated: now }));
    bucket.tokens = Math.min(this.#capacity, bucket.tokens + (now - bucket.updated) * this.#ratePerMs);
    bucket.updated = now;
    if (bucket.tokens < 1) {
      const retryAfterSeconds = Math.max(1, Math.ceil((1 - bucket.tokens) / this.#ratePerMs / 1000));
      throw rateLimited(retryAfterSeconds, `Rate limit of ${this.perMinute} calls per minute for this key exceeded; retry after ${retryAfterSeconds} s.`);
    }
    bucket.tokens -= 1;
  }
}
