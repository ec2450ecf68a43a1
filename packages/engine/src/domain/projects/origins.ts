/**
 * `allowed_origins` entries: `*` (any origin), an exact origin (`https://shop.example.com`,
 * `http://localhost:3000`) or a subdomain wildcard (`https://*.example.com`). An empty list allows any
 * origin. Server-side calls that send no Origin header are not restricted: origins are a browser control.
 */
const ORIGIN_PATTERN = /^(https?):\/\/(\*\.)?([a-z0-9-]+(\.[a-z0-9-]+)*)(:\d{1,5})?$/;

/**
 * The entries of `allowed_origins` as sent: a list, or one string of comma-separated entries (`"*"`,
 * `"https://a.com, https://b.com"`), as Agent Analytics clients send it. Blank entries are dropped.
 */
export function originEntries(value: string | readonly string[]): string[] {
  if (typeof value !== 'string') return [...value];
  return value
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
}

/** Lower-cased origin without a trailing slash, or null when the entry is not a valid origin pattern. */
export function normalizeOriginPattern(entry: string): string | null {
  const value = entry.trim().toLowerCase().replace(/\/+$/, '');
  if (value === '*') return value;
  return ORIGIN_PATTERN.test(value) ? value : null;
}

export function originAllowed(allowedOrigins: readonly string[], origin: string | undefined): boolean {
  if (origin === undefined || allowedOrigins.length === 0) return true;
  const candidate = origin.trim().toLowerCase().replace(/\/+$/, '');
  return allowedOrigins.some((pattern) => {
    if (pattern === '*' || pattern === candidate) return true;
    const wildcard = /^(https?):\/\/\*\.(.+)$/.exec(pattern);
    if (!wildcard) return false;
    const [, scheme, rest] = wildcard;
    return candidate.startsWith(`${scheme}://`) && candidate.endsWith(`.${rest}`);
  });
}
