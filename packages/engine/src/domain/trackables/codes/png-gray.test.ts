import { createRequire } from 'node:module';
import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { barcodePng } from './barcode.js';
import { decodePng, oneBitRows } from './__fixtures__/read-codes.js';
import { pngToGray } from './png-gray.js';
import { qrPng } from './qr.js';

interface Image {
  width: number;
  height: number;
  data: Buffer;
}
const { PNG } = createRequire(import.meta.url)('pngjs') as {
  PNG: { sync: { write(image: Image, options?: { colorType?: number; inputHasAlpha?: boolean; filterType?: number }): Buffer } };
};

describe('pngToGray', () => {
  it('turns black-and-white QR and barcode PNGs into 1-bit images with the same pixels (QR: its own stream, predicted)', async () => {
    for (const png of [await qrPng('https://ha.example.com/t/x', { scale: 3 }), await barcodePng('code128', 'ETH-250G', { includeText: false })]) {
      const source = decodePng(png);
      const gray = pngToGray(png)!;
      expect(gray).toMatchObject({ width: source.width, height: source.height, bitsPerComponent: 1 });
      const bits = oneBitRows(gray.deflated, gray.width, gray.height, gray.pngPredicted);
      const rowBytes = Math.ceil(gray.width / 8);
      for (let pixel = 0; pixel < gray.width * gray.height; pixel += 1) {
        const [x, y] = [pixel % gray.width, Math.floor(pixel / gray.width)];
        const white = (bits[y * rowBytes + (x >> 3)]! >> (7 - (x & 7))) & 1;
        expect(white * 255).toBe(source.data[pixel * 4]);
      }
    }
  });

  it('keeps the anti-aliased human-readable text of a barcode in 8-bit grey', async () => {
    expect(pngToGray(await barcodePng('ean13', '590123412345'))?.bitsPerComponent).toBe(8);
  });

  it('keeps grey levels in 8 bits, composites transparency over white, and reads every PNG filter type', () => {
    // Four pixels: black, mid grey, black at half opacity, transparent.
    const data = Buffer.from([0, 0, 0, 255, 128, 128, 128, 255, 0, 0, 0, 128, 0, 0, 0, 0]);
    for (const filterType of [0, 1, 2, 3, 4]) {
      const gray = pngToGray(PNG.sync.write({ width: 2, height: 2, data }, { filterType }))!;
      expect(gray.bitsPerComponent, `filter ${filterType}`).toBe(8);
      expect([...inflateSync(gray.deflated)], `filter ${filterType}`).toEqual([0, 128, 127, 255]);
    }
  });

  it('leaves colour and non-PNG input to pdf-lib (undefined)', () => {
    const red = PNG.sync.write({ width: 1, height: 1, data: Buffer.from([255, 0, 0, 255]) });
    expect(pngToGray(red)).toBeUndefined();
    expect(pngToGray(Buffer.from('not a png at all, not at all, no'))).toBeUndefined();
  });

  it('takes the 1-bit PNG of qrPng as it is (PNG-predicted), and refuses one whose zlib stream is broken', async () => {
    const png = await qrPng('https://ha.example.com/t/x');
    expect(pngToGray(png)?.pngPredicted).toBe(true);
    expect(pngToGray(await barcodePng('code128', 'x', { includeText: false }))?.pngPredicted).toBe(false);
    const broken = Buffer.from(png);
    broken[41] = 0x00; // the first byte of the IDAT data (8 signature + 25 IHDR + 8 chunk head): a zlib header no more
    expect(pngToGray(broken)).toBeUndefined();
  });
});
