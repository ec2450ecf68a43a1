import { describe, expect, it } from 'vitest';
import { isRetryableStatus, parseRetryAfter, retryDelay } from './backoff.js';

const options = { maxRetries: 5, baseDelayMs: 100, maxDelayMs: 1000 };

describe('backoff', () => {
  it('doubles per attempt with equal jitter and a cap', () => {
    expect([0, 1, 2, 3, 4].map((attempt) => retryDelay(attempt, options, undefined, () => 0))).toEqual([50, 100, 200, 400, 500]);
    expect([0, 1, 2, 3, 4].map((attempt) => retryDelay(attempt, options, undefined, () => 1))).toEqual([100, 200, 400, 800, 1000]);
  });

  it('waits at least as long as Retry-After asks, even beyond the cap', () => {
    expect(retryDelay(0, options, 5000, () => 0.5)).toBe(5000);
    expect(retryDelay(3, options, 10, () => 1)).toBe(800);
  });

  it('reads Retry-After as seconds or an HTTP date', () => {
    expect(parseRetryAfter('2')).toBe(2000);
    expect(parseRetryAfter(new Date(61_000).toUTCString(), 1_000)).toBe(60_000);
    expect(parseRetryAfter(null)).toBeUndefined();
    expect(parseRetryAfter('soon')).toBeUndefined();
  });

  it('retries only answers that may change', () => {
    expect([0, 408, 429, 500, 502, 503].every(isRetryableStatus)).toBe(true);
    expect([400, 401, 403, 404, 409, 413].some(isRetryableStatus)).toBe(false);
  });
});
