import { describe, expect, it } from 'vitest';
import { invalidIssue } from './__fixtures__/invalid-issue.js';
import { decodeSgtin96, encodeSgtin96, encodeSgtin96FromGtin, SGTIN96_MAX_SERIAL } from './sgtin96.js';

describe('SGTIN-96: the EPC Tag Data Standard worked example', () => {
  // GS1 EPC Tag Data Standard 1.x, Appendix E (non-normative) "Examples: EPC Encoding and Decoding": the SGTIN-96
  // example encoded and decoded step by step (E.1, E.2) and in the summary of all schemes (E.3): GS1 element string
  // (01)80614141123458(21)6789, EPC URI urn:epc:id:sgtin:0614141.812345.6789, filter 3, EPC tag URI
  // urn:epc:tag:sgtin-96:3.0614141.812345.6789, EPC binary encoding (hex) 3074257BF7194E4000001A85.
  const example = {
    hex: '3074257BF7194E4000001A85',
    pureIdentityUri: 'urn:epc:id:sgtin:0614141.812345.6789',
    tagUri: 'urn:epc:tag:sgtin-96:3.0614141.812345.6789',
  };

  it('encodes to the standard’s hex and URIs', () => {
    expect(encodeSgtin96({ filter: 3, companyPrefix: '0614141', itemReference: '812345', serial: 6789 })).toEqual(example);
    expect(encodeSgtin96({ filter: 3, companyPrefix: '0614141', itemReference: '812345', serial: '6789' })).toEqual(example);
    expect(encodeSgtin96({ filter: 3, companyPrefix: '0614141', itemReference: '812345', serial: 6789n })).toEqual(example);
  });

  it('encodes from the example’s GTIN 80614141123458 and a 7-digit company prefix', () => {
    expect(encodeSgtin96FromGtin({ filter: 3, gtin: '80614141123458', companyPrefixLength: 7, serial: 6789 })).toEqual(example);
  });

  it('decodes the standard’s hex to its fields and its GTIN-14', () => {
    expect(decodeSgtin96(example.hex)).toEqual({
      ...example,
      filter: 3,
      partition: 5,
      companyPrefix: '0614141',
      itemReference: '812345',
      serial: '6789',
      gtin: '80614141123458',
    });
    expect(decodeSgtin96(example.hex.toLowerCase()).hex).toBe(example.hex);
  });

  it('urn:epc:id:sgtin:0614141.112345.400 round trips', () => {
    // A URI common in EPC examples; no GS1 document we found gives its binary form, so the hex below is this encoder's
    // (and agrees field by field with the TDS example above: same header, filter, partition and company prefix bits).
    const encoded = encodeSgtin96({ filter: 3, companyPrefix: '0614141', itemReference: '112345', serial: 400 });
    expect(encoded.pureIdentityUri).toBe('urn:epc:id:sgtin:0614141.112345.400');
    expect(encoded.hex).toBe('3074257BF46DB64000000190');
    expect(decodeSgtin96(encoded.hex)).toMatchObject({ filter: 3, partition: 5, companyPrefix: '0614141', itemReference: '112345', serial: '400', gtin: '10614141123459' });
  });
});

describe('SGTIN-96: every partition, every filter, the serial range', () => {
  it('round trips each row of the partition table (company prefix 12 to 6 digits)', () => {
    const gtin = '80614141123458';
    for (let digits = 12; digits >= 6; digits -= 1) {
      const companyPrefix = gtin.slice(1, 1 + digits);
      const itemReference = gtin[0] + gtin.slice(1 + digits, 13);
      for (const filter of [0, 1, 7]) {
        for (const serial of [0n, 1n, 6789n, SGTIN96_MAX_SERIAL]) {
          const encoded = encodeSgtin96({ filter, companyPrefix, itemReference, serial });
          expect(encoded.hex).toMatch(/^30[0-9A-F]{22}$/);
          const decoded = decodeSgtin96(encoded.hex);
          expect(decoded).toMatchObject({ filter, partition: 12 - digits, companyPrefix, itemReference, serial: serial.toString(), gtin });
          expect(decoded.tagUri).toBe(`urn:epc:tag:sgtin-96:${filter}.${companyPrefix}.${itemReference}.${serial}`);
        }
      }
    }
  });

  it('GTIN-13 and GTIN-12 items carry a zero pad digit first in the item reference', () => {
    const encoded = encodeSgtin96FromGtin({ filter: 1, gtin: '9521234543213', companyPrefixLength: 7, serial: 12 });
    expect(encoded.pureIdentityUri).toBe('urn:epc:id:sgtin:9521234.054321.12');
    expect(decodeSgtin96(encoded.hex).gtin).toBe('09521234543213');
  });
});

describe('SGTIN-96: refusals with a reason', () => {
  const base = { filter: 3, companyPrefix: '0614141', itemReference: '812345', serial: 6789 };

  it('refuses out-of-range and malformed parts, naming the field', () => {
    expect(invalidIssue(() => encodeSgtin96({ ...base, filter: 8 })).path).toBe('filter');
    expect(invalidIssue(() => encodeSgtin96({ ...base, filter: 1.5 })).path).toBe('filter');
    expect(invalidIssue(() => encodeSgtin96({ ...base, companyPrefix: '06141' })).message).toBe("a GS1 company prefix has 6 to 12 digits, got '06141'");
    expect(invalidIssue(() => encodeSgtin96({ ...base, itemReference: '12345' })).message).toBe(
      "with a 7-digit company prefix the indicator digit and item reference are 6 digits, got '12345'",
    );
    expect(invalidIssue(() => encodeSgtin96({ ...base, serial: SGTIN96_MAX_SERIAL + 1n })).message).toBe('must be 0 to 274877906943, got 274877906944');
    expect(invalidIssue(() => encodeSgtin96({ ...base, serial: '0123' })).message).toMatch(/without leading zeros, got '0123' \(other serials need SGTIN-198\)/);
    expect(invalidIssue(() => encodeSgtin96({ ...base, serial: 'A12' })).path).toBe('serial');
    expect(invalidIssue(() => encodeSgtin96({ ...base, serial: -1 })).path).toBe('serial');
    expect(invalidIssue(() => encodeSgtin96FromGtin({ filter: 3, gtin: '80614141123459', companyPrefixLength: 7, serial: 1 })).path).toBe('gtin');
  });

  it('refuses wrong lengths, headers, partitions and field values when decoding', () => {
    expect(invalidIssue(() => decodeSgtin96('3074257BF7194E4000001A8')).message).toBe('an SGTIN-96 is 24 hexadecimal digits (96 bits), got 23 characters');
    expect(invalidIssue(() => decodeSgtin96('3074257BF7194E4000001A8G')).path).toBe('hex');
    expect(invalidIssue(() => decodeSgtin96('3674257BF7194E4000001A85')).message).toBe('header 0x36 is not SGTIN-96 (0x30)');
    // Partition 7 (bits 011 111): 0x30, then filter 3 + partition 7 = 0b011111 → 0x7C in the next six bits.
    expect(invalidIssue(() => decodeSgtin96('307C257BF7194E4000001A85')).message).toBe('partition 7 is not in the SGTIN partition table (0 to 6)');
    // Partition 0 has a 4-bit item reference holding one digit: 0xF there is 15.
    const partitionZero = encodeSgtin96({ filter: 0, companyPrefix: '061414112345', itemReference: '8', serial: 1 }).hex;
    const tooBig = (BigInt(`0x${partitionZero}`) | (0xfn << 38n)).toString(16).toUpperCase();
    expect(invalidIssue(() => decodeSgtin96(tooBig)).message).toBe('item reference 15 has more than the 1 digits partition 0 allows');
    expect(invalidIssue(() => decodeSgtin96('30', 'rfid.epcHex')).path).toBe('rfid.epcHex');
  });
});
