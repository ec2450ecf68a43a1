import { createRequire } from 'node:module';
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFNumber, PDFRawStream, decodePDFRawStream, type PDFPage } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { EngineError } from '../../../errors/engine-error.js';
import { oneBitRows, readQrPixels } from './__fixtures__/read-codes.js';
import { barcodePng } from './barcode.js';
import { qrPng } from './qr.js';
import { codeSheetPdf, type SheetItem } from './sheet.js';

const { PNG } = createRequire(import.meta.url)('pngjs') as {
  PNG: { sync: { write(image: { width: number; height: number; data: Buffer }): Buffer } };
};

const scanUrl = (index: number) => `https://ha.example.com/t/ethiopia-bag-${String(index).padStart(4, '0')}`;

async function qrItems(count: number, distinct = count): Promise<SheetItem[]> {
  const pngs = await Promise.all(Array.from({ length: distinct }, (_, index) => qrPng(scanUrl(index + 1), { scale: 2 })));
  return Array.from({ length: count }, (_, index) => ({ label: `ethiopia-bag-${String(index + 1).padStart(4, '0')}`, png: pngs[index % distinct]!, caption: 'Ethiopia Single-Origin Bag' }));
}

function imageStreams(page: PDFPage): PDFRawStream[] {
  const xObjects = page.node.Resources()?.lookupMaybe(PDFName.of('XObject'), PDFDict);
  if (!xObjects) return [];
  return xObjects.keys().map((key) => xObjects.lookup(key)).filter((value): value is PDFRawStream => value instanceof PDFRawStream);
}

const drawCount = (page: PDFPage): number => {
  const contents = page.node.Contents();
  const parts = contents instanceof PDFArray ? contents.asArray().map((ref) => page.doc.context.lookup(ref)) : [contents];
  const streams = parts.filter((value): value is PDFRawStream => value instanceof PDFRawStream);
  const text = streams.map((stream) => Buffer.from(decodePDFRawStream(stream).decode()).toString('latin1')).join('\n');
  return (text.match(/ Do\b/g) ?? []).length;
};

/** A 1-bit DeviceGray image stream from the PDF as RGBA pixels. */
function grayImagePixels(stream: PDFRawStream) {
  const width = stream.dict.lookup(PDFName.of('Width'), PDFNumber).asNumber();
  const height = stream.dict.lookup(PDFName.of('Height'), PDFNumber).asNumber();
  expect(stream.dict.lookup(PDFName.of('BitsPerComponent'), PDFNumber).asNumber()).toBe(1);
  const bits = oneBitRows(stream.contents, width, height, stream.dict.has(PDFName.of('DecodeParms')));
  const rowBytes = Math.ceil(width / 8);
  const data = Buffer.alloc(width * height * 4);
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1) {
      const white = (bits[y * rowBytes + (x >> 3)]! >> (7 - (x & 7))) & 1;
      data.fill(white ? 255 : 0, (y * width + x) * 4, (y * width + x) * 4 + 3);
      data[(y * width + x) * 4 + 3] = 255;
    }
  }
  return { width, height, data };
}

describe('codeSheetPdf', () => {
  it('lays codes out in a grid and adds pages when they fill', async () => {
    const items = await qrItems(40, 8);
    const onePage = await PDFDocument.load(await codeSheetPdf(items.slice(0, 1), { title: 'Ethiopia bags' }));
    expect(onePage.getPageCount()).toBe(1);
    expect(onePage.getTitle()).toBe('Ethiopia bags');
    // A4, 4 columns: the page holds a whole number of rows; one more code starts a page.
    const perPage = await (async () => {
      for (let count = 2; count <= 40; count += 1) {
        const pdf = await PDFDocument.load(await codeSheetPdf(items.slice(0, count)));
        if (pdf.getPageCount() === 2) return count - 1;
      }
      throw new Error('40 codes fit on one A4 page');
    })();
    expect(perPage % 4).toBe(0);
    const full = await PDFDocument.load(await codeSheetPdf(items));
    expect(full.getPageCount()).toBe(Math.ceil(40 / perPage));
    expect(full.getPages().reduce((sum, page) => sum + drawCount(page), 0)).toBe(40);
    const [width, height] = [full.getPage(0).getWidth(), full.getPage(0).getHeight()];
    expect([Math.round(width), Math.round(height)]).toEqual([595, 842]);
    const letter = await PDFDocument.load(await codeSheetPdf(items, { pageSize: 'Letter', columns: 2 }));
    expect(letter.getPage(0).getSize()).toEqual({ width: 612, height: 792 });
    expect(letter.getPageCount()).toBeGreaterThan(full.getPageCount());
  });

  it('embeds QR codes as 1-bit images that still decode to their scan URL, identical images once', async () => {
    const items = await qrItems(6, 3);
    const pdf = await PDFDocument.load(await codeSheetPdf(items, { title: 'Batch' }));
    const streams = imageStreams(pdf.getPage(0));
    expect(streams.length).toBe(6); // six placements on the page ...
    const unique = new Set(streams.map((stream) => pdf.context.getObjectRef(stream)?.toString()));
    expect(unique.size).toBe(3); // ... of three image objects
    const decoded = new Set(streams.map((stream) => readQrPixels(grayImagePixels(stream))));
    expect(decoded).toEqual(new Set([scanUrl(1), scanUrl(2), scanUrl(3)]));
  });

  it('takes barcodes and colour or translucent PNGs (through pdf-lib’s own embedder)', async () => {
    const red = PNG.sync.write({ width: 2, height: 2, data: Buffer.from([255, 0, 0, 255, 0, 0, 0, 255, 0, 0, 0, 128, 255, 255, 255, 255]) });
    const items: SheetItem[] = [
      { label: 'ean', png: await barcodePng('ean13', '590123412345') },
      { label: 'red', png: red },
      { label: 'Kaffee – Äthiopien ☕ 咖啡', png: red, caption: 'line\nbreak' },
    ];
    const pdf = await PDFDocument.load(await codeSheetPdf(items, { columns: 3 }));
    expect(pdf.getPageCount()).toBe(1);
    expect(drawCount(pdf.getPage(0))).toBe(3);
  });

  it('makes a 10,000-code sheet', async () => {
    const items = await qrItems(10_000, 50);
    const bytes = await codeSheetPdf(items, { title: 'Ethiopia Single-Origin Bag' });
    const pdf = await PDFDocument.load(bytes);
    const perPage = drawCount(pdf.getPage(0));
    expect(pdf.getPageCount()).toBe(Math.ceil(10_000 / perPage));
    expect(drawCount(pdf.getPage(pdf.getPageCount() - 1))).toBe(10_000 - perPage * (pdf.getPageCount() - 1));
  });

  it('refuses bad input naming the field', async () => {
    const [item] = await qrItems(1);
    const issue = async (run: () => Promise<unknown>) => {
      const error = await run().then(() => undefined, (thrown: unknown) => thrown);
      expect(EngineError.isInstance(error) && error.code).toBe('INVALID_INPUT');
      return (error as EngineError).details!.issues![0]!.path;
    };
    expect(await issue(() => codeSheetPdf([]))).toBe('items');
    expect(await issue(() => codeSheetPdf([item!, { label: 'x', png: Buffer.from('not a png') }]))).toBe('items[1].png');
    expect(await issue(() => codeSheetPdf([{ ...item!, label: 3 as unknown as string }]))).toBe('items[0].label');
    expect(await issue(() => codeSheetPdf([item!], { columns: 0 }))).toBe('columns');
    expect(await issue(() => codeSheetPdf([item!], { pageSize: 'A3' as 'A4' }))).toBe('pageSize');
    expect(await issue(() => codeSheetPdf(Array.from({ length: 20_001 }, () => item!)))).toBe('items');
  });
});
