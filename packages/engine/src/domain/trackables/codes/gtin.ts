import { invalidInput } from '../../../errors/engine-error.js';

/**
 * GS1 check digits and GTINs (GS1 General Specifications §7.9, "Check digit calculation"): the digits are weighted
 * 3, 1, 3, 1, … starting from the rightmost digit without the check digit; the check digit brings the sum up to the
 * next multiple of ten. The same algorithm serves GTIN-8/12/13/14, GLN (13), SSCC (18) and GSRN (18).
 */

const DIGITS = /^[0-9]+$/;

/** The check digit of a GS1 key given without it (1 to 17 digits). Throws INVALID_INPUT for anything else. */
export function gs1CheckDigit(digitsWithoutCheck: string): number {
  if (!DIGITS.test(digitsWithoutCheck) || digitsWithoutCheck.length > 17) {
    throw invalidInput(`digits: expected 1 to 17 digits (a GS1 key without its check digit), got '${digitsWithoutCheck}'.`, [
      { path: 'digits', message: 'expected 1 to 17 digits' },
    ]);
  }
  let sum = 0;
  for (let index = digitsWithoutCheck.length - 1, weight = 3; index >= 0; index -= 1, weight = 4 - weight) {
    sum += (digitsWithoutCheck.charCodeAt(index) - 48) * weight;
  }
  return (10 - (sum % 10)) % 10;
}

/** Why a GS1 key of `length` digits (check digit last) is wrong, or undefined when it is right. */
export function gs1KeyProblem(value: string, lengths: readonly number[], what: string): string | undefined {
  if (!DIGITS.test(value)) return `${what} must be digits only, got '${value}'`;
  if (!lengths.includes(value.length)) return `${what} must have ${lengths.join(', ').replace(/, (\d+)$/, ' or $1')} digits, got ${value.length}`;
  const expected = gs1CheckDigit(value.slice(0, -1));
  const given = value.charCodeAt(value.length - 1) - 48;
  if (expected !== given) return `${what} '${value}' has check digit ${given}; the right one is ${expected}`;
  return undefined;
}

export const GTIN_LENGTHS = [8, 12, 13, 14] as const;

/** Why a GTIN (8, 12, 13 or 14 digits, check digit included) is wrong, or undefined when it is right. */
export const gtinProblem = (gtin: string): string | undefined => gs1KeyProblem(gtin, GTIN_LENGTHS, 'GTIN');

/** True for a GTIN-8, GTIN-12, GTIN-13 or GTIN-14 whose check digit is right. */
export const isValidGtin = (gtin: string): boolean => gtinProblem(gtin) === undefined;

/** The 14-digit form of a valid GTIN (left-padded with zeros, as GS1 element strings and Digital Link URIs carry it). */
export function toGtin14(gtin: string, field = 'gtin'): string {
  const problem = gtinProblem(gtin);
  if (problem !== undefined) throw invalidInput(`${field}: ${problem}.`, [{ path: field, message: problem }]);
  return gtin.padStart(14, '0');
}
