import type bwipjs from 'bwip-js';
import { lazyModule } from '../../lazy/lazy-module.js';
import { invalidInput } from '../../../errors/engine-error.js';
import { formatElementString, parseElementString } from './gs1-element-string.js';
import { gs1CheckDigit } from './gtin.js';

const bwip = lazyModule<typeof bwipjs>('bwip-js');

/** The barcode symbologies a trackable can print, with bwip-js (BWIPP) as the encoder. */
export const BARCODE_SYMBOLOGIES = ['code128', 'ean13', 'upca', 'gs1_128', 'datamatrix', 'gs1_datamatrix'] as const;
export type BarcodeSymbology = (typeof BARCODE_SYMBOLOGIES)[number];

const BWIP_ID: Record<BarcodeSymbology, string> = {
  code128: 'code128',
  ean13: 'ean13',
  upca: 'upca',
  gs1_128: 'gs1-128',
  datamatrix: 'datamatrix',
  gs1_datamatrix: 'gs1datamatrix',
};
const TWO_DIMENSIONAL: ReadonlySet<BarcodeSymbology> = new Set(['datamatrix', 'gs1_datamatrix']);

/** Code 128: printable ASCII, at most 80 characters (longer symbols outgrow labels and most scanners). */
export const CODE128_MAX_LENGTH = 80;
/** GS1-128: at most 48 data characters, AIs included (GS1 General Specifications, GS1-128 symbol characteristics). */
export const GS1_128_MAX_LENGTH = 48;
/** DataMatrix: printable ASCII, at most 2,000 characters (the largest symbol, 144 × 144, holds 2,335 alphanumerics). */
export const DATAMATRIX_MAX_LENGTH = 2000;

const PRINTABLE_ASCII = /^[\x20-\x7e]+$/;
const DIGITS = /^[0-9]+$/;

export type BarcodeTextCheck = { ok: true; text: string } | { ok: false; reason: string };

/** EAN-13 (13 digits) and UPC-A (12): digits only; a given check digit must be right, a missing one is computed. */
function checkRetail(name: string, text: string, length: number): BarcodeTextCheck {
  if (!DIGITS.test(text)) return { ok: false, reason: `${name} takes digits only, got '${text}'` };
  if (text.length === length - 1) return { ok: true, text: `${text}${gs1CheckDigit(text)}` };
  if (text.length !== length) {
    return { ok: false, reason: `${name} takes ${length - 1} digits (the check digit is then computed) or ${length} with the check digit, got ${text.length}` };
  }
  const expected = gs1CheckDigit(text.slice(0, -1));
  if (String(expected) !== text.slice(-1)) return { ok: false, reason: `${name} '${text}' has check digit ${text.slice(-1)}; the right one is ${expected}` };
  return { ok: true, text };
}

function checkAscii(name: string, text: string, max: number): BarcodeTextCheck {
  if (text.length === 0) return { ok: false, reason: `${name} needs at least one character` };
  if (text.length > max) return { ok: false, reason: `${name} takes at most ${max} characters, got ${text.length}` };
  if (!PRINTABLE_ASCII.test(text)) return { ok: false, reason: `${name} takes printable ASCII only (space to ~), got a character outside it` };
  return { ok: true, text };
}

function checkGs1(name: string, text: string, max: number | undefined): BarcodeTextCheck {
  const parsed = parseElementString(text);
  if (!parsed.ok) return { ok: false, reason: `${name}: ${parsed.reason}` };
  const normalized = formatElementString(parsed.elements);
  const dataLength = parsed.elements.reduce((sum, { ai, value }) => sum + ai.length + value.length, 0);
  if (max !== undefined && dataLength > max) return { ok: false, reason: `${name} holds at most ${max} data characters (AIs included), got ${dataLength}` };
  return { ok: true, text: normalized };
}

/** Whether `text` can be encoded in `symbology`; the text to encode (with a computed check digit) or the reason. */
export function checkBarcodeText(symbology: BarcodeSymbology, text: string): BarcodeTextCheck {
  if (typeof text !== 'string') return { ok: false, reason: 'the text must be a string' };
  switch (symbology) {
    case 'ean13':
      return checkRetail('EAN-13', text, 13);
    case 'upca':
      return checkRetail('UPC-A', text, 12);
    case 'code128':
      return checkAscii('Code 128', text, CODE128_MAX_LENGTH);
    case 'datamatrix':
      return checkAscii('DataMatrix', text, DATAMATRIX_MAX_LENGTH);
    case 'gs1_128':
      return checkGs1('GS1-128', text, GS1_128_MAX_LENGTH);
    case 'gs1_datamatrix':
      return checkGs1('GS1 DataMatrix', text, undefined);
    default:
      return { ok: false, reason: `unknown symbology '${String(symbology)}'; use one of ${BARCODE_SYMBOLOGIES.join(', ')}` };
  }
}

export interface BarcodeOptions {
  /** Module size: 1 to 20 (PNG: pixels per module at 72 dpi × scale); default 2. */
  scale?: number;
  /** Bar height in millimetres for linear symbols (5 to 100); default 15. Ignored for DataMatrix. */
  height?: number;
  /** Print the human-readable text under linear symbols; default true. Ignored for DataMatrix. */
  includeText?: boolean;
  /** Quiet zone around the symbol in points (0 to 50); default 10 for linear symbols, 2 for DataMatrix. */
  margin?: number;
  /** Input field named in INVALID_INPUT errors about the text; default `text`. */
  field?: string;
}

function numberOption(value: number | undefined, field: string, min: number, max: number, fallback: number, integer = false): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max || (integer && !Number.isInteger(value))) {
    const what = integer ? 'an integer' : 'a number';
    throw invalidInput(`${field}: expected ${what} from ${min} to ${max}, got ${String(value)}.`, [{ path: field, message: `expected ${what} from ${min} to ${max}` }]);
  }
  return value;
}

function renderOptions(symbology: BarcodeSymbology, text: string, options: BarcodeOptions) {
  const field = options.field ?? 'text';
  if (!BARCODE_SYMBOLOGIES.includes(symbology)) {
    const reason = `unknown symbology '${String(symbology)}'; use one of ${BARCODE_SYMBOLOGIES.join(', ')}`;
    throw invalidInput(`symbology: ${reason}.`, [{ path: 'symbology', message: reason }]);
  }
  const check = checkBarcodeText(symbology, text);
  if (!check.ok) throw invalidInput(`${field}: ${check.reason}.`, [{ path: field, message: check.reason }]);
  const twoDimensional = TWO_DIMENSIONAL.has(symbology);
  const margin = numberOption(options.margin, 'margin', 0, 50, twoDimensional ? 2 : 10, true);
  const render: bwipjs.RenderOptions = {
    bcid: BWIP_ID[symbology],
    text: check.text,
    scale: numberOption(options.scale, 'scale', 1, 20, 2, true),
    padding: margin,
    backgroundcolor: 'FFFFFF',
  };
  if (!twoDimensional) {
    render.height = numberOption(options.height, 'height', 5, 100, 15);
    render.includetext = options.includeText ?? true;
    render.textxalign = 'center';
  }
  return { field, render };
}

/** bwip-js (BWIPP) refuses what our checks let through only in corners (e.g. capacity); it still names the field. */
function encoderRefused(error: unknown, field: string): never {
  const text = error instanceof Error ? error.message : String(error);
  const reason = text.replace(/^bwipp\.\w+#\d+:\s*/, '').replace(/^bwip-js:\s*/, '');
  throw invalidInput(`${field}: the barcode encoder refused the text: ${reason}.`, [{ path: field, message: reason }]);
}

/** The barcode as an SVG document (vector; the human-readable text drawn as paths). Bad text throws INVALID_INPUT. */
export function barcodeSvg(symbology: BarcodeSymbology, text: string, options: BarcodeOptions = {}): string {
  const { field, render } = renderOptions(symbology, text, options);
  try {
    return bwip().toSVG(render);
  } catch (error) {
    return encoderRefused(error, field);
  }
}

/** The barcode as a PNG image. Bad text throws (rejects with) INVALID_INPUT. */
export async function barcodePng(symbology: BarcodeSymbology, text: string, options: BarcodeOptions = {}): Promise<Buffer> {
  const { field, render } = renderOptions(symbology, text, options);
  try {
    return await bwip().toBuffer(render);
  } catch (error) {
    return encoderRefused(error, field);
  }
}
