// The benchmark data set: Agent Analytics-style sessions (page views, signup starts and completions) from a pool of
// users over a number of days, generated from a fixed seed so every run sees the same events.
const DAY = 86_400_000;
const MINUTE = 60_000;

export function random(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
}
const pick = (next, list) => list[Math.floor(next() * list.length)];
const PATHS = Array.from({ length: 20 }, (_, index) => (index === 0 ? '/' : `/page-${index}`));
const REFERRERS = ['google', 'twitter', 'bing', 'github', 'hn', 'reddit', 'direct', 'newsletter', 'linkedin', 'ddg'];
const COUNTRIES = Array.from({ length: 30 }, (_, index) => String.fromCharCode(65 + (index % 26), 65 + Math.floor(index / 26) + index % 7));
const BROWSERS = ['Chrome', 'Safari', 'Firefox', 'Edge', 'Arc'];
const OSES = ['macOS', 'Windows', 'Linux', 'iOS', 'Android'];
const DEVICES = ['desktop', 'mobile', 'tablet'];

/** Sessions of 1-8 events, a few minutes apart, in time order; ~20% start signup, half of those finish. */
export function* generate(now, total, { users = 50_000, days = 90 } = {}) {
  const next = random(42);
  const start = now - days * DAY;
  let emitted = 0;
  let cursor = start;
  // A step emits 3.8 events on average (1-6 page views, a signup start 20% of the time and a completion half of
  // those): spread over the whole period. (At 4 per step the cursor reached the end early and the last ~5% of the
  // events all landed in the final minute.)
  const step = (days * DAY) / (total / 3.8);
  while (emitted < total) {
    cursor += step * next() * 2;
    const user = `user-${Math.floor(next() ** 1.3 * users)}`;
    const base = { referrer: pick(next, REFERRERS), country: pick(next, COUNTRIES), browser: pick(next, BROWSERS), os: pick(next, OSES), device: pick(next, DEVICES) };
    const length = 1 + Math.floor(next() * 6);
    let ts = Math.min(cursor, now - MINUTE);
    for (let index = 0; index < length && emitted < total; index += 1) {
      yield { event: 'page_view', user_id: user, timestamp: Math.floor(ts), properties: { ...base, path: pick(next, PATHS) } };
      emitted += 1;
      ts += next() * 4 * MINUTE;
    }
    if (emitted < total && next() < 0.2) {
      yield { event: 'signup_start', user_id: user, timestamp: Math.floor(ts), properties: { ...base, path: '/signup' } };
      emitted += 1;
      if (emitted < total && next() < 0.5) {
        yield { event: 'signup_complete', user_id: user, timestamp: Math.floor(ts + 2 * MINUTE), properties: { ...base, path: '/welcome' } };
        emitted += 1;
      }
    }
  }
}
