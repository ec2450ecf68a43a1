import { invalidInput } from '../../../errors/engine-error.js';
import { gs1CheckDigit, toGtin14 } from './gtin.js';

/**
 * EPC SGTIN-96 per GS1's EPC Tag Data Standard (TDS): the SGTIN-96 coding table (§14.5.1.1 in TDS 1.6) and the SGTIN
 * partition table (Table 17 in TDS 1.6); the same bit widths and ranges as GS1's Tag Data Translation definition
 * https://ref.gs1.org/standards/tdt/2.0.0/SGTIN-96.xml.
 *
 *   header 8 bits (0x30) | filter 3 | partition 3 | GS1 company prefix 20-40 | indicator + item reference 24-4 | serial 38
 *
 * The EPC pure identity URI is `urn:epc:id:sgtin:{companyPrefix}.{itemReference}.{serial}` (the item reference starts with
 * the GTIN's indicator digit, or a zero pad for a GTIN-12/13) and the tag URI adds the scheme and filter:
 * `urn:epc:tag:sgtin-96:{filter}.{companyPrefix}.{itemReference}.{serial}`. The serial is an integer below 2^38 written
 * without leading zeros (the TDS "Integer" encoding method; other serials need SGTIN-198).
 */

export const SGTIN96_HEADER = 0x30;
export const SGTIN96_MAX_SERIAL = 274877906943n; // 2^38 - 1

/** Partition value → [company prefix bits, company prefix digits, item reference bits, item reference digits]. */
export const SGTIN_PARTITIONS: ReadonlyArray<readonly [number, number, number, number]> = [
  [40, 12, 4, 1],
  [37, 11, 7, 2],
  [34, 10, 10, 3],
  [30, 9, 14, 4],
  [27, 8, 17, 5],
  [24, 7, 20, 6],
  [20, 6, 24, 7],
];

export interface Sgtin96Input {
  /** Filter value 0-7 (the TDS SGTIN filter values: 0 all others, 1 point of sale trade item, 2 full case for transport, …). */
  filter: number;
  /** GS1 company prefix, 6 to 12 digits (its length chooses the partition). */
  companyPrefix: string;
  /** Indicator digit (or 0) followed by the item reference: 13 minus the company prefix's length, in digits. */
  itemReference: string;
  /** 0 to 274877906943, no leading zeros when given as a string. */
  serial: bigint | number | string;
}

export interface Sgtin96Encoded {
  hex: string;
  pureIdentityUri: string;
  tagUri: string;
}

export interface Sgtin96Decoded extends Sgtin96Encoded {
  filter: number;
  partition: number;
  companyPrefix: string;
  itemReference: string;
  serial: string;
  /** GTIN-14: indicator digit, company prefix, item reference, computed check digit. */
  gtin: string;
}

const fail = (field: string, reason: string): never => {
  throw invalidInput(`${field}: ${reason}.`, [{ path: field, message: reason }]);
};

function serialValue(serial: Sgtin96Input['serial']): bigint {
  let value: bigint;
  if (typeof serial === 'bigint') value = serial;
  else if (typeof serial === 'number') {
    if (!Number.isSafeInteger(serial)) return fail('serial', `must be a whole number, got ${serial}`);
    value = BigInt(serial);
  } else if (typeof serial === 'string') {
    if (!/^(0|[1-9][0-9]*)$/.test(serial)) {
      return fail('serial', `SGTIN-96 serials are decimal integers without leading zeros, got '${serial}' (other serials need SGTIN-198)`);
    }
    value = BigInt(serial);
  } else return fail('serial', 'must be a bigint, number or string');
  if (value < 0n || value > SGTIN96_MAX_SERIAL) return fail('serial', `must be 0 to ${SGTIN96_MAX_SERIAL}, got ${value}`);
  return value;
}

const uris = (filter: number, companyPrefix: string, itemReference: string, serial: string) => ({
  pureIdentityUri: `urn:epc:id:sgtin:${companyPrefix}.${itemReference}.${serial}`,
  tagUri: `urn:epc:tag:sgtin-96:${filter}.${companyPrefix}.${itemReference}.${serial}`,
});

/** Encodes an SGTIN-96; out-of-range or malformed parts throw INVALID_INPUT naming the field. */
export function encodeSgtin96(input: Sgtin96Input): Sgtin96Encoded {
  const { filter, companyPrefix, itemReference } = input;
  if (!Number.isInteger(filter) || filter < 0 || filter > 7) fail('filter', `must be an integer from 0 to 7, got ${String(filter)}`);
  if (typeof companyPrefix !== 'string' || !/^[0-9]{6,12}$/.test(companyPrefix)) {
    fail('companyPrefix', `a GS1 company prefix has 6 to 12 digits, got '${String(companyPrefix)}'`);
  }
  const partition = 12 - companyPrefix.length;
  const [prefixBits, , referenceBits, referenceDigits] = SGTIN_PARTITIONS[partition]!;
  if (typeof itemReference !== 'string' || !/^[0-9]+$/.test(itemReference) || itemReference.length !== referenceDigits) {
    fail('itemReference', `with a ${companyPrefix.length}-digit company prefix the indicator digit and item reference are ${referenceDigits} digits, got '${String(itemReference)}'`);
  }
  const serial = serialValue(input.serial);
  let bits = BigInt(SGTIN96_HEADER);
  bits = (bits << 3n) | BigInt(filter);
  bits = (bits << 3n) | BigInt(partition);
  bits = (bits << BigInt(prefixBits)) | BigInt(companyPrefix);
  bits = (bits << BigInt(referenceBits)) | BigInt(itemReference);
  bits = (bits << 38n) | serial;
  return { hex: bits.toString(16).toUpperCase().padStart(24, '0'), ...uris(filter, companyPrefix, itemReference, serial.toString()) };
}

/** Encodes an SGTIN-96 from a GTIN (8 to 14 digits) and the length of its GS1 company prefix. */
export function encodeSgtin96FromGtin(input: { filter: number; gtin: string; companyPrefixLength: number; serial: Sgtin96Input['serial'] }): Sgtin96Encoded {
  const gtin14 = toGtin14(input.gtin);
  if (!Number.isInteger(input.companyPrefixLength) || input.companyPrefixLength < 6 || input.companyPrefixLength > 12) {
    fail('companyPrefixLength', `must be an integer from 6 to 12, got ${String(input.companyPrefixLength)}`);
  }
  const companyPrefix = gtin14.slice(1, 1 + input.companyPrefixLength);
  const itemReference = gtin14[0] + gtin14.slice(1 + input.companyPrefixLength, 13);
  return encodeSgtin96({ filter: input.filter, companyPrefix, itemReference, serial: input.serial });
}

/** Decodes a 96-bit SGTIN from 24 hex digits; a wrong length, header, partition or field value throws INVALID_INPUT. */
export function decodeSgtin96(hex: string, field = 'hex'): Sgtin96Decoded {
  if (typeof hex !== 'string' || !/^[0-9A-Fa-f]{24}$/.test(hex)) {
    fail(field, `an SGTIN-96 is 24 hexadecimal digits (96 bits), got ${typeof hex === 'string' ? `${hex.length} characters` : typeof hex}`);
  }
  const bits = BigInt(`0x${hex}`);
  const take = (offset: number, width: number): bigint => (bits >> BigInt(96 - offset - width)) & ((1n << BigInt(width)) - 1n);
  const header = Number(take(0, 8));
  if (header !== SGTIN96_HEADER) {
    fail(field, `header 0x${header.toString(16).toUpperCase().padStart(2, '0')} is not SGTIN-96 (0x30)`);
  }
  const filter = Number(take(8, 3));
  const partition = Number(take(11, 3));
  const row = SGTIN_PARTITIONS[partition];
  if (row === undefined) return fail(field, `partition ${partition} is not in the SGTIN partition table (0 to 6)`);
  const [prefixBits, prefixDigits, referenceBits, referenceDigits] = row;
  const prefixValue = take(14, prefixBits);
  const referenceValue = take(14 + prefixBits, referenceBits);
  if (prefixValue >= 10n ** BigInt(prefixDigits)) fail(field, `company prefix ${prefixValue} has more than the ${prefixDigits} digits partition ${partition} allows`);
  if (referenceValue >= 10n ** BigInt(referenceDigits)) {
    fail(field, `item reference ${referenceValue} has more than the ${referenceDigits} digits partition ${partition} allows`);
  }
  const companyPrefix = prefixValue.toString().padStart(prefixDigits, '0');
  const itemReference = referenceValue.toString().padStart(referenceDigits, '0');
  const serial = take(58, 38).toString();
  const body = `${itemReference[0]}${companyPrefix}${itemReference.slice(1)}`;
  return {
    filter,
    partition,
    companyPrefix,
    itemReference,
    serial,
    gtin: `${body}${gs1CheckDigit(body)}`,
    hex: hex.toUpperCase(),
    ...uris(filter, companyPrefix, itemReference, serial),
  };
}
