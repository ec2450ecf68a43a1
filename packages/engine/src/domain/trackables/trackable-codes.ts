import { EngineError, invalidInput } from '../../errors/engine-error.js';
import {
  barcodePng, barcodeSvg, BARCODE_SYMBOLOGIES, checkBarcodeText, decodeSgtin96, digitalLinkUri, encodeSgtin96, gtinProblem, qrPng, qrSvg, toGtin14,
  type BarcodeSymbology,
} from './codes/index.js';
import type { TrackableKind } from './kinds.js';
import type { Trackable, TrackableCode } from './trackable-repo.js';

/** Runs `build`; an INVALID_INPUT it throws names its fields under `prefix` (`metadata.serial`, `barcode.text`). */
export function underField<T>(prefix: string, build: () => T): T {
  try {
    return build();
  } catch (error) {
    if (!EngineError.isInstance(error) || error.code !== 'INVALID_INPUT') throw error;
    const issues = (error.details?.issues ?? []).map((issue) => ({ path: issue.path ? `${prefix}.${issue.path}` : prefix, message: issue.message }));
    throw invalidInput(issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ') || `${prefix}: ${error.message}`, issues);
  }
}

/** A metadata value as text (strings, finite numbers), else undefined. */
export function metadataText(metadata: Record<string, unknown>, key: string): string | undefined {
  const value = metadata[key];
  if (typeof value === 'string' && value !== '') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

/** The GS1 keys of a trackable's metadata (`gtin`, `lot`, `serial`), checked when there is a GTIN: what its Digital Link carries. */
export function gs1Keys(metadata: Record<string, unknown>): { gtin: string | null; lot: string | null; serial: string | null } {
  const raw = metadataText(metadata, 'gtin');
  if (raw === undefined) {
    if (metadata.gtin !== undefined && metadata.gtin !== null) throw invalidInput('metadata.gtin: must be a string of digits.', [{ path: 'metadata.gtin', message: 'must be a string of digits' }]);
    return { gtin: null, lot: null, serial: null };
  }
  const problem = gtinProblem(raw);
  if (problem) throw invalidInput(`metadata.gtin: ${problem}.`, [{ path: 'metadata.gtin', message: problem }]);
  const gtin = toGtin14(raw, 'metadata.gtin');
  const lot = metadataText(metadata, 'lot') ?? null;
  const serial = metadataText(metadata, 'serial') ?? null;
  // The Digital Link syntax checks lot and serial (GS1's 82 characters, at most 20).
  underField('metadata', () => digitalLinkUri({ base: 'https://example.com', gtin, ...(lot ? { lot } : {}), ...(serial ? { serial } : {}) }));
  return { gtin, lot, serial };
}

/** The barcode a barcode trackable carries: as given, else from the metadata's GTIN (EAN-13, UPC-A or GS1-128). */
export function barcodeCode(given: { symbology: BarcodeSymbology; text: string } | undefined, gtin: string | null): TrackableCode {
  let symbology: BarcodeSymbology;
  let source: string;
  if (given) ({ symbology, text: source } = given);
  else if (gtin) {
    // GTIN-12 (and -8) as UPC-A, GTIN-13 as EAN-13, GTIN-14 in a GS1-128 element string.
    [symbology, source] = gtin.startsWith('00') ? ['upca', gtin.slice(2)] : gtin.startsWith('0') ? ['ean13', gtin.slice(1)] : ['gs1_128', `(01)${gtin}`];
  } else {
    throw invalidInput('barcode: a barcode trackable needs `barcode` ({ symbology, text }) or a `metadata.gtin`.', [
      { path: 'barcode', message: `is required for kind barcode unless metadata.gtin is set; symbology is one of ${BARCODE_SYMBOLOGIES.join(', ')}` },
    ]);
  }
  const check = checkBarcodeText(symbology, source);
  if (!check.ok) throw invalidInput(`barcode.text: ${check.reason}.`, [{ path: given ? 'barcode.text' : 'metadata.gtin', message: check.reason }]);
  return { type: 'barcode', symbology, text: check.text };
}

/**
 * The EPC an RFID trackable carries: decoded from `metadata.epc` (24 hex digits), or encoded as SGTIN-96 from
 * `metadata.companyPrefix`, `itemReference`, `serial` and `filter` (default 1, point-of-sale item). Neither given:
 * none (a tag read by its own id).
 */
export function rfidCode(metadata: Record<string, unknown>): TrackableCode | null {
  const epc = metadataText(metadata, 'epc');
  if (epc !== undefined) {
    const decoded = decodeSgtin96(epc, 'metadata.epc');
    return { type: 'sgtin96', hex: decoded.hex, pureIdentityUri: decoded.pureIdentityUri, tagUri: decoded.tagUri };
  }
  if (metadata.companyPrefix === undefined && metadata.itemReference === undefined) return null;
  const encoded = underField('metadata', () =>
    encodeSgtin96({
      filter: metadata.filter === undefined ? 1 : (metadata.filter as number),
      companyPrefix: metadataText(metadata, 'companyPrefix') ?? (metadata.companyPrefix as string),
      itemReference: metadataText(metadata, 'itemReference') ?? (metadata.itemReference as string),
      serial: (metadata.serial ?? 0) as string | number,
    }),
  );
  return { type: 'sgtin96', ...encoded };
}

/** The code fixed at creation for a kind: barcode and RFID trackables carry one, the others none. */
export function codeFor(kind: TrackableKind, metadata: Record<string, unknown>, barcode: { symbology: BarcodeSymbology; text: string } | undefined, gtin: string | null): TrackableCode | null {
  if (kind === 'barcode') return barcodeCode(barcode, gtin);
  if (kind === 'rfid') return rfidCode(metadata);
  return null;
}

/** The public scan link of a trackable on this server. */
export const scanUrlOf = (base: string, trackable: Pick<Trackable, 'scanCode'>): string => `${base}/t/${encodeURIComponent(trackable.scanCode)}`;

/** Its GS1 Digital Link URI on this server (resolved by the scan route), when its metadata has a GTIN. */
export function digitalLinkOf(base: string, trackable: Pick<Trackable, 'gtin' | 'lot' | 'serial'>): string | null {
  if (!trackable.gtin) return null;
  return digitalLinkUri({ base, gtin: trackable.gtin, ...(trackable.lot ? { lot: trackable.lot } : {}), ...(trackable.serial ? { serial: trackable.serial } : {}) });
}

export type ImageFormat = 'svg' | 'png';

/** The image of a trackable's code: its barcode for a barcode trackable, else a QR code of `content`. */
export async function codeImage(trackable: Trackable, content: string, format: ImageFormat, scale?: number): Promise<{ svg?: string; png?: Buffer }> {
  if (trackable.code?.type === 'barcode') {
    const symbology = trackable.code.symbology as BarcodeSymbology;
    const options = scale === undefined ? {} : { scale };
    return format === 'svg' ? { svg: barcodeSvg(symbology, trackable.code.text, options) } : { png: await barcodePng(symbology, trackable.code.text, options) };
  }
  return format === 'svg' ? { svg: await qrSvg(content) } : { png: await qrPng(content, scale === undefined ? {} : { scale }) };
}
