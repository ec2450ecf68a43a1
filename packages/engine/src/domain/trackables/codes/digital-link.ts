import { invalidInput } from '../../../errors/engine-error.js';
import { checkAiValue, isCset82 } from './gs1-element-string.js';
import { gtinProblem, toGtin14 } from './gtin.js';

/**
 * GS1 Digital Link URIs for a GTIN (GS1 Digital Link Standard: URI Syntax, release 1.2, and its ABNF grammar):
 * `{base}/01/{gtin}[/22/{variant}][/10/{lot}][/21/{serial}][?{ai}={value}&…]`.
 * - The primary key 01 comes first, then its key qualifiers in the grammar's order: 22 (consumer product variant),
 *   10 (batch/lot), 21 (serial), each at most once (`gtin-path = gtin-comp [cpv-comp] [lot-comp] [ser-comp]`).
 * - The GTIN is written as 14 digits (the canonical form; 8, 12 and 13 digits are read and padded); its check digit
 *   must be right.
 * - Lot, serial and variant are 1 to 20 characters of GS1's 82-character set. In a URI every character outside
 *   RFC 3986's unreserved set (A-Z a-z 0-9 - . _ ~) is percent-encoded, as GS1's own Barcode Syntax Engine does
 *   (`URIescape` in gs1/gs1-syntax-engine src/c-lib/dl.c): `/` → %2F, `%` → %25, `&` → %26, `(` → %28, …
 * - Data attributes (e.g. 17 expiry, 15 best before) and other parameters (e.g. linkType) go in the query string.
 *   In the query, `+` reads as a space; in the path it stays `+` (GS1's parser does the same).
 */

export interface DigitalLinkInput {
  /** Resolver base: `https://host` optionally with a path prefix, no query or fragment; a trailing slash is dropped. */
  base: string;
  /** GTIN-8, -12, -13 or -14 with its check digit; written as 14 digits. */
  gtin: string;
  /** AI 22, consumer product variant. */
  variant?: string;
  /** AI 10, batch or lot number. */
  lot?: string;
  /** AI 21, serial number. */
  serial?: string;
  /** Query-string attributes: GS1 AIs (`{ '17': '261231' }`, checked when the engine knows the AI) or other keys. */
  extra?: Record<string, string>;
}

export interface DigitalLink {
  base: string;
  /** 14 digits. */
  gtin: string;
  variant?: string;
  lot?: string;
  serial?: string;
  extra?: Record<string, string>;
}

const QUALIFIERS = [
  { ai: '22', key: 'variant' },
  { ai: '10', key: 'lot' },
  { ai: '21', key: 'serial' },
] as const;
const PATH_AIS = new Set(['01', ...QUALIFIERS.map((qualifier) => qualifier.ai)]);
const PARAMETER_NAME = /^[A-Za-z][A-Za-z0-9_.-]{0,63}$/;
const AI_KEY = /^[0-9]{2,4}$/;
const MAX_ATTRIBUTE_LENGTH = 90;

const fail = (field: string, reason: string): never => {
  throw invalidInput(`${field}: ${reason}.`, [{ path: field, message: reason }]);
};

/** Percent-encodes every UTF-8 byte outside RFC 3986's unreserved characters, with upper-case hex digits. */
export function percentEncodeGs1(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`);
}

function qualifierProblem(value: string, label: string): string | undefined {
  if (value.length < 1 || value.length > 20) return `${label} must have 1 to 20 characters, got ${value.length}`;
  if (!isCset82(value)) return `${label} holds a character outside GS1's 82-character set (letters, digits and !"%&'()*+,-./:;<=>?_)`;
  return undefined;
}

function attributeProblem(key: string, value: string): string | undefined {
  if (typeof value !== 'string') return 'must be a string';
  if (PATH_AIS.has(key)) return `AI ${key} is part of the path: give it as ${key === '01' ? 'gtin' : QUALIFIERS.find((q) => q.ai === key)!.key}`;
  if (AI_KEY.test(key)) {
    const check = checkAiValue(key, value);
    if (check.problem) return check.problem;
    if (!check.known && (value.length === 0 || value.length > MAX_ATTRIBUTE_LENGTH || !isCset82(value))) {
      return `AI ${key} takes 1 to ${MAX_ATTRIBUTE_LENGTH} characters of GS1's 82-character set`;
    }
    return undefined;
  }
  if (!PARAMETER_NAME.test(key)) return `'${key}' is neither a GS1 AI (2 to 4 digits) nor a parameter name (a letter, then letters, digits, _ . -)`;
  return undefined;
}

function checkBase(base: string, field: string): string {
  if (typeof base !== 'string' || base.length === 0) return fail(field, 'a base URL such as https://id.example.com is required');
  let url: URL;
  try {
    url = new URL(base);
  } catch {
    return fail(field, `'${base}' is not an absolute URL`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return fail(field, 'must be an http or https URL');
  if (url.search || url.hash || base.includes('?') || base.includes('#')) return fail(field, 'may not hold a query or a fragment');
  if (url.username || url.password) return fail(field, 'may not hold credentials');
  return base.replace(/\/+$/, '');
}

/** Builds a GS1 Digital Link URI; bad input throws INVALID_INPUT naming the field (`base`, `gtin`, `lot`, `serial`, `extra.17`…). */
export function digitalLinkUri(input: DigitalLinkInput): string {
  const base = checkBase(input.base, 'base');
  let uri = `${base}/01/${toGtin14(input.gtin, 'gtin')}`;
  for (const { ai, key } of QUALIFIERS) {
    const value = input[key];
    if (value === undefined) continue;
    const problem = typeof value === 'string' ? qualifierProblem(value, `${key} (AI ${ai})`) : 'must be a string';
    if (problem) fail(key, problem);
    uri += `/${ai}/${percentEncodeGs1(value)}`;
  }
  const parameters: string[] = [];
  for (const [key, value] of Object.entries(input.extra ?? {})) {
    const problem = attributeProblem(key, value);
    if (problem) fail(`extra.${key}`, problem);
    parameters.push(`${percentEncodeGs1(key)}=${percentEncodeGs1(value)}`);
  }
  return parameters.length ? `${uri}?${parameters.join('&')}` : uri;
}

function decode(raw: string, field: string, plusIsSpace: boolean): string {
  try {
    return decodeURIComponent(plusIsSpace ? raw.replace(/\+/g, ' ') : raw);
  } catch {
    return fail(field, `'${raw}' is not valid percent-encoding`);
  }
}

/** The index of the `01` segment whose tail is a GTIN path (01, gtin, then qualifiers in order), or -1. */
function gtinPathStart(segments: string[]): number {
  for (let start = 1; start < segments.length - 1; start += 1) {
    if (segments[start] !== '01' || (segments.length - start) % 2 !== 0) continue;
    let order = -1;
    let valid = true;
    for (let index = start + 2; index < segments.length; index += 2) {
      const position = QUALIFIERS.findIndex((qualifier) => qualifier.ai === segments[index]);
      if (position <= order) {
        valid = false;
        break;
      }
      order = position;
    }
    if (valid) return start;
  }
  return -1;
}

/** Reads a GS1 Digital Link URI for a GTIN back into its parts; anything else throws INVALID_INPUT naming `field`. */
export function parseDigitalLink(uri: string, field = 'uri'): DigitalLink {
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return fail(field, `'${String(uri).slice(0, 80)}' is not an absolute URL`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return fail(field, 'a GS1 Digital Link URI is an http or https URL');
  const segments = url.pathname.split('/');
  if (segments.length > 2 && segments[segments.length - 1] === '') segments.pop();
  const start = gtinPathStart(segments);
  if (start < 0) {
    return fail(field, 'no GTIN path found: expected /01/{gtin} then optional /22/{variant}, /10/{lot}, /21/{serial} in that order, at the end of the path');
  }
  const gtin = decode(segments[start + 1]!, field, false);
  const problem = /^[0-9]+$/.test(gtin) && ![8, 12, 13, 14].includes(gtin.length) ? `GTIN must have 8, 12, 13 or 14 digits, got ${gtin.length}` : gtinProblem(gtin);
  if (problem) fail(field, problem);
  const prefix = segments.slice(0, start).join('/');
  const link: DigitalLink = { base: `${url.protocol}//${url.host}${prefix}`, gtin: gtin.padStart(14, '0') };
  for (let index = start + 2; index < segments.length; index += 2) {
    const qualifier = QUALIFIERS.find((candidate) => candidate.ai === segments[index])!;
    const value = decode(segments[index + 1]!, field, false);
    const qualifierIssue = qualifierProblem(value, `${qualifier.key} (AI ${qualifier.ai})`);
    if (qualifierIssue) fail(field, qualifierIssue);
    link[qualifier.key] = value;
  }
  const extra: Record<string, string> = {};
  for (const pair of url.search.slice(1).split('&')) {
    if (pair === '') continue;
    const equals = pair.indexOf('=');
    const key = decode(equals < 0 ? pair : pair.slice(0, equals), field, true);
    const value = equals < 0 ? '' : decode(pair.slice(equals + 1), field, true);
    const attributeIssue = attributeProblem(key, value);
    if (attributeIssue) fail(field, `query parameter ${key}: ${attributeIssue}`);
    extra[key] = value;
  }
  if (Object.keys(extra).length) link.extra = extra;
  return link;
}
