import { gs1KeyProblem } from './gtin.js';

/**
 * GS1 element strings in the bracketed human-readable form `(01)09521234543213(10)ABC123`, as GS1-128 and GS1
 * DataMatrix carry them. Formats and rules from the GS1 General Specifications (§3.2 "GS1 Application Identifiers
 * in numerical order", §7.9 check digits, §7.12 dates, §4.14 mandatory associations and invalid pairs of AIs).
 * Only the AIs in `AI_TABLE` are accepted: an unknown AI is refused rather than passed on unchecked.
 */

/** The format of an AI's value: N = digits, X = GS1 AI encodable character set 82; `min`..`max` characters. */
interface Component {
  kind: 'N' | 'X';
  min: number;
  max: number;
  check?: 'csum' | 'date' | 'dateTime';
}

interface AiDefinition {
  title: string;
  format: Component;
  /** At least one of these AIs must appear with it (GS1 General Specifications §4.14.2). */
  requiresOneOf?: string[];
  /** None of these may appear with it (§4.14.1). */
  excludes?: string[];
}

const n = (min: number, max = min, check?: Component['check']): Component => (check ? { kind: 'N', min, max, check } : { kind: 'N', min, max });
const x = (max: number): Component => ({ kind: 'X', min: 1, max });
const TRADE_ITEM = ['01', '02'];

const AI_TABLE: Record<string, AiDefinition> = {
  '00': { title: 'SSCC', format: n(18, 18, 'csum') },
  '01': { title: 'GTIN', format: n(14, 14, 'csum'), excludes: ['02'] },
  '02': { title: 'CONTENT', format: n(14, 14, 'csum'), requiresOneOf: ['00'] },
  '10': { title: 'BATCH/LOT', format: x(20), requiresOneOf: TRADE_ITEM },
  '11': { title: 'PROD DATE', format: n(6, 6, 'date'), requiresOneOf: TRADE_ITEM },
  '12': { title: 'DUE DATE', format: n(6, 6, 'date') },
  '13': { title: 'PACK DATE', format: n(6, 6, 'date'), requiresOneOf: TRADE_ITEM },
  '15': { title: 'BEST BEFORE', format: n(6, 6, 'date'), requiresOneOf: TRADE_ITEM },
  '16': { title: 'SELL BY', format: n(6, 6, 'date'), requiresOneOf: TRADE_ITEM },
  '17': { title: 'USE BY OR EXPIRY', format: n(6, 6, 'date'), requiresOneOf: TRADE_ITEM },
  '20': { title: 'VARIANT', format: n(2), requiresOneOf: TRADE_ITEM },
  '21': { title: 'SERIAL', format: x(20), requiresOneOf: ['01'] },
  '22': { title: 'CPV', format: x(20), requiresOneOf: ['01'] },
  '30': { title: 'VAR. COUNT', format: n(1, 8), requiresOneOf: ['01'] },
  '37': { title: 'COUNT', format: n(1, 8), requiresOneOf: ['02'] },
  '240': { title: 'ADDITIONAL ID', format: x(30), requiresOneOf: TRADE_ITEM },
  '241': { title: 'CUST. PART No.', format: x(30), requiresOneOf: TRADE_ITEM },
  '250': { title: 'SECONDARY SERIAL', format: x(30), requiresOneOf: ['21'] },
  '251': { title: 'REF. TO SOURCE', format: x(30), requiresOneOf: ['01'] },
  '254': { title: 'GLN EXTENSION COMPONENT', format: x(20), requiresOneOf: ['414'] },
  '400': { title: 'ORDER NUMBER', format: x(30) },
  '410': { title: 'SHIP TO LOC', format: n(13, 13, 'csum') },
  '411': { title: 'BILL TO', format: n(13, 13, 'csum') },
  '412': { title: 'PURCHASE FROM', format: n(13, 13, 'csum') },
  '413': { title: 'SHIP FOR LOC', format: n(13, 13, 'csum') },
  '414': { title: 'LOC No.', format: n(13, 13, 'csum') },
  '415': { title: 'PAY TO', format: n(13, 13, 'csum') },
  '416': { title: 'PROD/SERV LOC', format: n(13, 13, 'csum') },
  '417': { title: 'PARTY', format: n(13, 13, 'csum') },
  '422': { title: 'ORIGIN', format: n(3), requiresOneOf: TRADE_ITEM },
  '7003': { title: 'EXPIRY TIME', format: n(10, 10, 'dateTime'), requiresOneOf: TRADE_ITEM },
  '8004': { title: 'GIAI', format: x(30) },
  '8200': { title: 'PRODUCT URL', format: x(70), requiresOneOf: ['01'] },
};
// Trade measures 310n-316n (kg, m, m, m, m², l, m³) and 320n (lb), 330n (gross kg): six digits, n = decimals 0-5.
for (const [prefix, title] of [['310', 'NET WEIGHT (kg)'], ['311', 'LENGTH (m)'], ['312', 'WIDTH (m)'], ['313', 'HEIGHT (m)'],
  ['314', 'AREA (m2)'], ['315', 'NET VOLUME (l)'], ['316', 'NET VOLUME (m3)'], ['320', 'NET WEIGHT (lb)'], ['330', 'GROSS WEIGHT (kg)']] as const) {
  for (let decimals = 0; decimals <= 5; decimals += 1) {
    AI_TABLE[`${prefix}${decimals}`] = { title, format: n(6), requiresOneOf: prefix === '330' ? ['00', '01', '02'] : TRADE_ITEM };
  }
}

export const GS1_CHECKED_AIS: readonly string[] = Object.keys(AI_TABLE).sort();

/** GS1 AI encodable character set 82 (GS1 General Specifications figure 7.11-1): `!"%&'()*+,-./0-9:;<=>?A-Z_a-z`. */
const CSET82 = /^[!"%&'()*+,\-./0-9:;<=>?A-Z_a-z]*$/;
const DIGITS = /^[0-9]*$/;

export interface ElementString {
  ai: string;
  value: string;
}

const daysIn = (year: number, month: number): number => new Date(Date.UTC(year, month, 0)).getUTCDate();

/** YYMMDD (DD may be 00: "the day is not specified", GS1 General Specifications §7.12). */
function dateProblem(value: string, allowDayZero: boolean): string | undefined {
  const month = Number(value.slice(2, 4));
  const day = Number(value.slice(4, 6));
  if (month < 1 || month > 12) return `month ${value.slice(2, 4)} is not 01 to 12`;
  if (day === 0 && allowDayZero) return undefined;
  // GS1's sliding window (§7.12) picks the century; 29 February is checked against 2000 + YY (it differs only for YY 00).
  const max = daysIn(2000 + Number(value.slice(0, 2)), month);
  if (day < 1 || day > max) return `day ${value.slice(4, 6)} is not in month ${value.slice(2, 4)}`;
  return undefined;
}

function componentProblem(ai: string, component: Component, value: string): string | undefined {
  const label = `AI (${ai}) ${AI_TABLE[ai]!.title}`;
  if (component.kind === 'N' && !DIGITS.test(value)) return `${label} must be digits only, got '${value}'`;
  if (component.kind === 'X' && !CSET82.test(value)) {
    return `${label} holds a character outside GS1's 82-character set (letters, digits and !"%&'()*+,-./:;<=>?_), got '${value}'`;
  }
  if (value.length < component.min || value.length > component.max) {
    const size = component.min === component.max ? `exactly ${component.min}` : component.min === 1 ? `1 to ${component.max}` : `${component.min} to ${component.max}`;
    return `${label} must have ${size} ${component.kind === 'N' ? 'digits' : 'characters'}, got ${value.length}`;
  }
  if (component.check === 'csum') {
    const problem = gs1KeyProblem(value, [value.length], `${label}`);
    if (problem) return problem;
  }
  if (component.check === 'date') {
    const problem = dateProblem(value, true);
    if (problem) return `${label} is a date YYMMDD: ${problem}`;
  }
  if (component.check === 'dateTime') {
    const problem = dateProblem(value.slice(0, 6), false) ?? (Number(value.slice(6, 8)) > 23 ? `hour ${value.slice(6, 8)} is not 00 to 23` : undefined)
      ?? (Number(value.slice(8, 10)) > 59 ? `minute ${value.slice(8, 10)} is not 00 to 59` : undefined);
    if (problem) return `${label} is YYMMDDHHMM: ${problem}`;
  }
  return undefined;
}

/** Parses and checks a bracketed element string; the parsed pairs, or the reason it is wrong. */
export function parseElementString(text: string): { ok: true; elements: ElementString[] } | { ok: false; reason: string } {
  if (!text.startsWith('(')) return { ok: false, reason: `a GS1 element string starts with an AI in brackets, e.g. (01)09521234543213(10)ABC123; got '${text.slice(0, 20)}'` };
  const elements: ElementString[] = [];
  const pattern = /\(([0-9]{2,4})\)([^()]*)/y;
  let offset = 0;
  while (offset < text.length) {
    pattern.lastIndex = offset;
    const match = pattern.exec(text);
    if (!match) return { ok: false, reason: `expected '(AI)value' at character ${offset + 1}; AIs are 2 to 4 digits in brackets and values may not hold brackets` };
    const [, ai = '', value = ''] = match;
    if (AI_TABLE[ai] === undefined) return { ok: false, reason: `AI (${ai}) is not one this engine checks; supported AIs: ${GS1_CHECKED_AIS.join(', ')}` };
    if (value.length === 0) return { ok: false, reason: `AI (${ai}) has no value` };
    elements.push({ ai, value });
    offset = pattern.lastIndex;
  }
  const seen = new Set<string>();
  for (const { ai, value } of elements) {
    if (seen.has(ai)) return { ok: false, reason: `AI (${ai}) appears more than once` };
    seen.add(ai);
    const definition = AI_TABLE[ai]!;
    const problem = componentProblem(ai, definition.format, value);
    if (problem) return { ok: false, reason: problem };
  }
  for (const { ai } of elements) {
    const definition = AI_TABLE[ai]!;
    const excluded = definition.excludes?.find((other) => seen.has(other));
    if (excluded) return { ok: false, reason: `AI (${ai}) may not appear with AI (${excluded})` };
    if (definition.requiresOneOf && !definition.requiresOneOf.some((other) => seen.has(other))) {
      return { ok: false, reason: `AI (${ai}) ${definition.title} needs ${definition.requiresOneOf.map((other) => `(${other})`).join(' or ')} in the same element string` };
    }
  }
  return { ok: true, elements };
}

/** The bracketed form of parsed pairs. */
export const formatElementString = (elements: readonly ElementString[]): string => elements.map(({ ai, value }) => `(${ai})${value}`).join('');

/** Checks one AI's value against its format: `known: false` for an AI outside the table (its value is then unchecked). */
export function checkAiValue(ai: string, value: string): { known: boolean; problem?: string } {
  const definition = AI_TABLE[ai];
  if (definition === undefined) return { known: false };
  const problem = componentProblem(ai, definition.format, value);
  return problem === undefined ? { known: true } : { known: true, problem };
}

/** True when every character is in GS1's 82-character set. */
export const isCset82 = (value: string): boolean => CSET82.test(value);
