import { describe, expect, it } from 'vitest';
import { EngineError } from '../../../errors/engine-error.js';
import { decodePng, readQrPng } from './__fixtures__/read-codes.js';
import { qrPng, qrSvg } from './qr.js';

const SCAN_URL = 'https://ha.example.com/t/ethiopia-bag-001';

async function invalid(run: () => Promise<unknown>): Promise<EngineError> {
  const error = await run().then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(EngineError.isInstance(error)).toBe(true);
  expect((error as EngineError).code).toBe('INVALID_INPUT');
  return error as EngineError;
}

describe('qrPng', () => {
  it('decodes back to its text with jsQR, at every error correction level', async () => {
    for (const errorCorrection of ['L', 'M', 'Q', 'H'] as const) {
      expect(readQrPng(await qrPng(SCAN_URL, { errorCorrection }))).toBe(SCAN_URL);
    }
  });

  it('is a small 1-bit greyscale PNG', async () => {
    const png = await qrPng(SCAN_URL);
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect([png[24], png[25]]).toEqual([1, 0]); // IHDR bit depth 1, colour type 0
    expect(png.length).toBeLessThan(600);
  });

  it('keeps non-ASCII text (UTF-8 byte mode)', async () => {
    const text = 'https://roastandorigin.com/café?lot=L2026-04&ß=1';
    expect(readQrPng(await qrPng(text))).toBe(text);
  });

  it('scales the image: pixels = (modules + 2 × margin) × scale', async () => {
    const small = decodePng(await qrPng(SCAN_URL, { scale: 2, margin: 4 }));
    const large = decodePng(await qrPng(SCAN_URL, { scale: 8, margin: 4 }));
    expect(large.width).toBe(small.width * 4);
    expect(decodePng(await qrPng(SCAN_URL, { scale: 2, margin: 0 })).width).toBe(small.width - 16);
  });

  it('refuses empty and oversized text and bad options, naming the field', async () => {
    expect((await invalid(() => qrPng(''))).details?.issues?.[0]?.path).toBe('text');
    expect((await invalid(() => qrPng('', { field: 'targetUrl' }))).details?.issues?.[0]?.path).toBe('targetUrl');
    const tooLong = await invalid(() => qrPng('x'.repeat(3000), { errorCorrection: 'H' }));
    expect(tooLong.message).toMatch(/^text: 3000 bytes do not fit in a QR code at error correction H/);
    expect((await invalid(() => qrPng(SCAN_URL, { scale: 0 }))).details?.issues?.[0]?.path).toBe('scale');
    expect((await invalid(() => qrPng(SCAN_URL, { margin: 1.5 }))).details?.issues?.[0]?.path).toBe('margin');
    expect((await invalid(() => qrSvg(SCAN_URL, { errorCorrection: 'X' as 'L' }))).details?.issues?.[0]?.path).toBe('errorCorrection');
  });
});

describe('qrSvg', () => {
  it('is a compact SVG document whose modules match the PNG of the same text', async () => {
    const svg = await qrSvg(SCAN_URL, { margin: 0 });
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"[^>]* viewBox="0 0 (\d+) \1"/);
    expect(svg.length).toBeLessThan(4000);
    const modules = Number(/viewBox="0 0 (\d+)/.exec(svg)![1]);
    expect(decodePng(await qrPng(SCAN_URL, { margin: 0, scale: 1 })).width).toBe(modules);
  });
});
