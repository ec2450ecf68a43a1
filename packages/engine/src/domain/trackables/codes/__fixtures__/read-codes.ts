// Test helpers: decode the images the code library makes, with independent readers (pngjs, jsQR, ZXing).
import { createRequire } from 'node:module';
import { inflateSync } from 'node:zlib';
import jsqrModule from 'jsqr';
import { BarcodeFormat, BinaryBitmap, DecodeHintType, HybridBinarizer, MultiFormatReader, RGBLuminanceSource } from '@zxing/library';

interface DecodedPng {
  width: number;
  height: number;
  /** RGBA, 4 bytes per pixel. */
  data: Buffer;
}

// pngjs (a dependency of qrcode) ships no types; its sync reader is all the tests need.
const { PNG } = createRequire(import.meta.url)('pngjs') as { PNG: { sync: { read(buffer: Buffer): DecodedPng } } };

// jsqr is CommonJS with an ES-style default export: under NodeNext its types sit one `default` deeper than at runtime.
type JsQr = (data: Uint8ClampedArray, width: number, height: number) => { data: string } | null;
const jsQR = ((jsqrModule as unknown as { default?: JsQr }).default ?? jsqrModule) as unknown as JsQr;

export const decodePng = (png: Buffer): DecodedPng => PNG.sync.read(png);

/** The text of the QR code in an RGBA bitmap, or null. */
export function readQrPixels(image: DecodedPng): string | null {
  const result = jsQR(new Uint8ClampedArray(image.data.buffer, image.data.byteOffset, image.data.byteLength), image.width, image.height);
  return result ? result.data : null;
}

export const readQrPng = (png: Buffer): string | null => readQrPixels(decodePng(png));

const ZXING_FORMATS = {
  code128: BarcodeFormat.CODE_128,
  ean13: BarcodeFormat.EAN_13,
  upca: BarcodeFormat.UPC_A,
  gs1_128: BarcodeFormat.CODE_128,
  datamatrix: BarcodeFormat.DATA_MATRIX,
  gs1_datamatrix: BarcodeFormat.DATA_MATRIX,
} as const;

/** The text ZXing reads from a barcode PNG (white background composited under any transparency). */
export function readBarcodePng(png: Buffer, symbology: keyof typeof ZXING_FORMATS): string {
  const image = decodePng(png);
  const luminances = new Uint8ClampedArray(image.width * image.height);
  for (let pixel = 0; pixel < luminances.length; pixel += 1) {
    const [r, g, b, a] = [image.data[pixel * 4]!, image.data[pixel * 4 + 1]!, image.data[pixel * 4 + 2]!, image.data[pixel * 4 + 3]!];
    const gray = (r * 299 + g * 587 + b * 114) / 1000;
    luminances[pixel] = Math.round((gray * a + 255 * (255 - a)) / 255);
  }
  const reader = new MultiFormatReader();
  const hints = new Map<DecodeHintType, unknown>([
    [DecodeHintType.POSSIBLE_FORMATS, [ZXING_FORMATS[symbology]]],
    [DecodeHintType.TRY_HARDER, true],
  ]);
  // Code 128 readers report FNC1 (the GS1 marker and field separator) only when told to expect GS1 data.
  if (symbology === 'gs1_128') hints.set(DecodeHintType.ASSUME_GS1, true);
  const bitmap = new BinaryBitmap(new HybridBinarizer(new RGBLuminanceSource(luminances, image.width, image.height)));
  return reader.decode(bitmap, hints).getText();
}

/**
 * The 1-bit rows of a DeviceGray image stream (zlib): with PNG predictors each row is led by a filter type byte, which
 * must be 0 (none) or 2 (up) here, as the code library writes.
 */
export function oneBitRows(deflated: Uint8Array, width: number, height: number, pngPredicted: boolean): Buffer {
  const rowBytes = Math.ceil(width / 8);
  const data = inflateSync(deflated);
  if (!pngPredicted) return data;
  const rows = Buffer.alloc(rowBytes * height);
  for (let row = 0; row < height; row += 1) {
    const filter = data[row * (rowBytes + 1)];
    if (filter !== 0 && filter !== 2) throw new Error(`row ${row} uses PNG filter ${filter}`);
    for (let index = 0; index < rowBytes; index += 1) {
      const up = filter === 2 && row > 0 ? rows[(row - 1) * rowBytes + index]! : 0;
      rows[row * rowBytes + index] = (data[row * (rowBytes + 1) + 1 + index]! + up) & 0xff;
    }
  }
  return rows;
}
