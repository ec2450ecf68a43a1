export interface RetryOptions {
  /** Retries after the first attempt before a batch is given up (and reported to `onError`). */
  maxRetries: number;
  /** Delay before the first retry; doubles on each further retry. */
  baseDelayMs: number;
  /** Upper bound of the exponential delay (a server's Retry-After may ask for longer and is honoured). */
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryOptions = { maxRetries: 10, baseDelayMs: 200, maxDelayMs: 30_000 };

/**
 * Exponential backoff with "equal jitter": half the exponential delay plus a random half, so concurrent clients
 * spread out but never retry at once. A server's Retry-After is a floor.
 */
export function retryDelay(attempt: number, options: RetryOptions, retryAfterMs?: number, random: () => number = Math.random): number {
  const exponential = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** attempt);
  const jittered = exponential / 2 + random() * (exponential / 2);
  return retryAfterMs === undefined ? jittered : Math.max(retryAfterMs, jittered);
}

/** Retry-After is either delay-seconds or an HTTP date. Returns milliseconds, or undefined when absent/unreadable. */
export function parseRetryAfter(header: string | null, now: number = Date.now()): number | undefined {
  if (header === null || header.trim() === '') return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** 408, 429 and 5xx are worth retrying; other answers will not change. Status 0 means no answer (network error). */
export const isRetryableStatus = (status: number): boolean => status === 0 || status === 408 || status === 429 || status >= 500;

/** Resolves after `ms`. The timer keeps a Node process alive: a retry pending is delivery work still to do. */
export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
