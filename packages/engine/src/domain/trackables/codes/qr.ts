import type QRCodeModule from 'qrcode';
import { lazyModule } from '../../lazy/lazy-module.js';
import { invalidInput } from '../../../errors/engine-error.js';
import { moduleGridPng } from './png-write.js';

const qrcode = lazyModule<typeof QRCodeModule>('qrcode');

/** QR error correction: L 7 %, M 15 %, Q 25 %, H 30 % of the symbol may be damaged and still read. */
export type QrErrorCorrection = 'L' | 'M' | 'Q' | 'H';
export const QR_ERROR_CORRECTIONS = ['L', 'M', 'Q', 'H'] as const;

export interface QrOptions {
  /** Quiet zone in modules around the symbol (0 to 16; the QR standard asks for 4, the default). */
  margin?: number;
  /** Error correction level; default M. */
  errorCorrection?: QrErrorCorrection;
  /** Input field named in INVALID_INPUT errors about the text; default `text`. */
  field?: string;
}

export interface QrPngOptions extends QrOptions {
  /** Pixels per module (1 to 40); default 4. */
  scale?: number;
}

/** The most a QR symbol holds: 2,953 bytes (version 40, level L, byte mode); less at higher levels. */
export const QR_MAX_BYTES = 2953;

function checkInteger(value: number | undefined, field: string, min: number, max: number): void {
  if (value === undefined) return;
  if (!Number.isInteger(value) || value < min || value > max) {
    throw invalidInput(`${field}: expected an integer from ${min} to ${max}, got ${String(value)}.`, [
      { path: field, message: `expected an integer from ${min} to ${max}` },
    ]);
  }
}

function qrSettings(text: string, options: QrOptions) {
  const field = options.field ?? 'text';
  if (typeof text !== 'string' || text.length === 0) {
    throw invalidInput(`${field}: a QR code needs a non-empty text.`, [{ path: field, message: 'must not be empty' }]);
  }
  checkInteger(options.margin, 'margin', 0, 16);
  const errorCorrection = options.errorCorrection ?? 'M';
  if (!QR_ERROR_CORRECTIONS.includes(errorCorrection)) {
    throw invalidInput(`errorCorrection: expected one of L, M, Q, H, got '${String(errorCorrection)}'.`, [
      { path: 'errorCorrection', message: 'expected one of L, M, Q, H' },
    ]);
  }
  return { field, margin: options.margin ?? 4, errorCorrectionLevel: errorCorrection };
}

/** qrcode throws plain errors for data that does not fit; they become INVALID_INPUT naming the field. */
function tooLong(error: unknown, field: string, text: string, level: QrErrorCorrection): never {
  const bytes = Buffer.byteLength(text, 'utf8');
  const reason = `${bytes} bytes do not fit in a QR code at error correction ${level} (at most ${QR_MAX_BYTES} bytes at L, fewer at M, Q, H)`;
  throw invalidInput(`${field}: ${reason}.`, [{ path: field, message: reason }]);
}

/** A QR code of `text` as an SVG document (one path, scalable; a few hundred bytes for a short URL). */
export async function qrSvg(text: string, options: QrOptions = {}): Promise<string> {
  const settings = qrSettings(text, options);
  try {
    return await qrcode().toString(text, { type: 'svg', margin: settings.margin, errorCorrectionLevel: settings.errorCorrectionLevel });
  } catch (error) {
    return tooLong(error, settings.field, text, settings.errorCorrectionLevel);
  }
}

/**
 * A QR code of `text` as a PNG image: black on white, `scale` pixels per module, 1-bit greyscale (qrcode computes the
 * symbol; png-write.ts writes the image, a few hundred bytes for a scan URL).
 */
export async function qrPng(text: string, options: QrPngOptions = {}): Promise<Buffer> {
  const settings = qrSettings(text, options);
  checkInteger(options.scale, 'scale', 1, 40);
  let symbol: QRCodeModule.QRCode;
  try {
    symbol = qrcode().create(text, { errorCorrectionLevel: settings.errorCorrectionLevel });
  } catch (error) {
    return tooLong(error, settings.field, text, settings.errorCorrectionLevel);
  }
  const { modules } = symbol;
  return moduleGridPng(modules.size, (row, column) => modules.get(row, column) === 1, options.scale ?? 4, settings.margin);
}
