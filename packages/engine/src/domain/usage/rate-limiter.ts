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

  /**
   * Takes one token for the principal's credential (API key, or project token) or throws RATE_LIMITED
   * with the seconds to wait. A workspace's own `rateLimitPerMinute` (account tier) overrides the default.
   */
  take(principal: Principal): void {
    const credential = principal.keyId ?? (principal.projectId === undefined ? null : `project:${principal.projectId}`);
    const perMinute = principal.rateLimitPerMinute ?? this.perMinute;
    if (perMinute <= 0 || credential === null) return;
    const ratePerMs = principal.rateLimitPerMinute === undefined ? this.#ratePerMs : perMinute / 60_000;
    const capacity = principal.rateLimitPerMinute === undefined ? this.#capacity : Math.max(1, perMinute / 6);
    const now = this.clock();
    let bucket = this.#buckets.get(credential);
    if (!bucket) this.#buckets.set(credential, (bucket = { tokens: capacity, updated: now }));
    bucket.tokens = Math.min(capacity, bucket.tokens + (now - bucket.updated) * ratePerMs);
    bucket.updated = now;
    if (bucket.tokens < 1) {
      const retryAfterSeconds = Math.max(1, Math.ceil((1 - bucket.tokens) / ratePerMs / 1000));
      const who = principal.kind === 'project_token' ? 'project token' : 'key';
      throw rateLimited(retryAfterSeconds, `Rate limit of ${perMinute} calls per minute for this ${who} exceeded; retry after ${retryAfterSeconds} s.`);
    }
    bucket.tokens -= 1;
  }
}
