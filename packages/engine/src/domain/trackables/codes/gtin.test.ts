import { describe, expect, it } from 'vitest';
import { EngineError } from '../../../errors/engine-error.js';
import { gs1CheckDigit, gtinProblem, isValidGtin, toGtin14 } from './gtin.js';

describe('GS1 check digits', () => {
  it('computes the check digits of published GS1 keys', () => {
    // GS1 India's worked example (gs1india.org/SERV/checkdgt.htm): 890 4000 21003 + check digit 7.
    expect(gs1CheckDigit('890400021003')).toBe(7);
    // GS1 Digital Link standard example GTIN 09521234543213; the EPC TDS example GTIN 80614141123458.
    expect(gs1CheckDigit('0952123454321')).toBe(3);
    expect(gs1CheckDigit('8061414112345')).toBe(8);
    // The SSCC of the GS1 Digital Link examples, 106141411234567897 (17 digits + check).
    expect(gs1CheckDigit('10614141123456789')).toBe(7);
    expect(gs1CheckDigit('0')).toBe(0);
  });

  it('refuses non-digits and lengths over 17', () => {
    for (const bad of ['', '12a', '1'.repeat(18)]) {
      expect(() => gs1CheckDigit(bad)).toThrow(EngineError);
    }
  });
});

describe('GTINs', () => {
  it('accepts GTIN-8, -12, -13 and -14 with right check digits', () => {
    for (const gtin of ['96385074', '036000291452', '5901234123457', '09521234543213', '80614141123458']) expect(isValidGtin(gtin)).toBe(true);
  });

  it('refuses wrong check digits, lengths and characters with a reason', () => {
    expect(gtinProblem('5901234123458')).toBe("GTIN '5901234123458' has check digit 8; the right one is 7");
    expect(gtinProblem('59012341234')).toBe('GTIN must have 8, 12, 13 or 14 digits, got 11');
    expect(gtinProblem('590123412345X')).toMatch(/digits only/);
    expect(isValidGtin('')).toBe(false);
  });

  it('pads to 14 digits, and names the field when the GTIN is wrong', () => {
    expect(toGtin14('5901234123457')).toBe('05901234123457');
    expect(toGtin14('96385074')).toBe('00000096385074');
    expect(toGtin14('036000291452')).toBe('00036000291452');
    try {
      toGtin14('5901234123458', 'product.gtin');
      expect.unreachable();
    } catch (error) {
      expect(EngineError.isInstance(error) && error.code).toBe('INVALID_INPUT');
      expect((error as EngineError).details?.issues).toEqual([{ path: 'product.gtin', message: "GTIN '5901234123458' has check digit 8; the right one is 7" }]);
    }
  });
});
