import { createHash } from 'node:crypto';
import type { PDFFont, PDFPage, PDFRef } from 'pdf-lib';
import { lazyModule } from '../../lazy/lazy-module.js';
import { invalidInput } from '../../../errors/engine-error.js';
import { pngToGray } from './png-gray.js';

const pdfLib = lazyModule<typeof import('pdf-lib')>('pdf-lib');

/**
 * Printable sheets: a grid of labelled codes (QR, barcode or DataMatrix PNGs), as many pages as needed, each with
 * the title and "page n of m". Identical images are embedded once; black-and-white PNGs (what qrcode and bwip-js make)
 * become 1-bit grey images (see png-gray.ts), anything else goes through pdf-lib's PNG embedder. Text uses the PDF
 * standard font Helvetica (WinAnsi): characters it cannot show print as '?'.
 */

export interface SheetItem {
  /** Printed under the code, e.g. the trackable id. */
  label: string;
  /** The code as a PNG image. */
  png: Buffer | Uint8Array;
  /** A second, smaller line, e.g. the name or the scan URL. */
  caption?: string;
}

export interface SheetOptions {
  /** Codes per row, 1 to 12; default 4. */
  columns?: number;
  pageSize?: 'A4' | 'Letter';
  /** Printed at the top of every page. */
  title?: string;
}

export const SHEET_MAX_ITEMS = 20_000;
const PAGE_SIZES = { A4: [595.28, 841.89], Letter: [612, 792] } as const;
const MARGIN = 36;
const TITLE_SIZE = 12;
const LABEL_SIZE = 8;
const CAPTION_SIZE = 6.5;
const FOOTER_SIZE = 7;
const GAP = 6;
const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

interface EmbeddedImage {
  ref: PDFRef;
  width: number;
  height: number;
}

const fail = (field: string, reason: string): never => {
  throw invalidInput(`${field}: ${reason}.`, [{ path: field, message: reason }]);
};

const isPng = (bytes: Uint8Array): boolean => bytes.length > 8 && PNG_SIGNATURE.every((byte, index) => bytes[index] === byte);

function checkInput(items: SheetItem[], options: SheetOptions): { columns: number; size: readonly [number, number] } {
  if (!Array.isArray(items) || items.length === 0) fail('items', 'a sheet needs at least one code');
  if (items.length > SHEET_MAX_ITEMS) fail('items', `a sheet holds at most ${SHEET_MAX_ITEMS} codes, got ${items.length}; split the batch`);
  items.forEach((item, index) => {
    if (typeof item?.label !== 'string') fail(`items[${index}].label`, 'must be a string');
    if (item.caption !== undefined && typeof item.caption !== 'string') fail(`items[${index}].caption`, 'must be a string');
    if (!(item.png instanceof Uint8Array) || !isPng(item.png)) fail(`items[${index}].png`, 'must be a PNG image');
  });
  const columns = options.columns ?? 4;
  if (!Number.isInteger(columns) || columns < 1 || columns > 12) fail('columns', `must be an integer from 1 to 12, got ${String(columns)}`);
  const pageSize = options.pageSize ?? 'A4';
  if (!(pageSize in PAGE_SIZES)) fail('pageSize', `must be A4 or Letter, got '${String(pageSize)}'`);
  if (options.title !== undefined && typeof options.title !== 'string') fail('title', 'must be a string');
  return { columns, size: PAGE_SIZES[pageSize] };
}

/** Text the font can show, shortened with an ellipsis to `width` points. */
function fitText(text: string, font: PDFFont, size: number, width: number, supported: ReadonlySet<number>): string {
  let shown = '';
  for (const char of text.replace(/[\r\n\t]+/g, ' ')) shown += supported.has(char.codePointAt(0)!) ? char : '?';
  if (font.widthOfTextAtSize(shown, size) <= width) return shown;
  const ellipsis = '...';
  let low = 0;
  let high = shown.length;
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if (font.widthOfTextAtSize(shown.slice(0, middle) + ellipsis, size) <= width) low = middle;
    else high = middle - 1;
  }
  return shown.slice(0, low) + ellipsis;
}

function drawCentered(page: PDFPage, text: string, font: PDFFont, size: number, centerX: number, y: number, gray = 0): void {
  if (text === '') return;
  page.drawText(text, { x: centerX - font.widthOfTextAtSize(text, size) / 2, y, size, font, color: pdfLib().rgb(gray, gray, gray) });
}

/** A PDF sheet of the codes in a grid, several pages when needed; bad input throws INVALID_INPUT naming the field. */
export async function codeSheetPdf(items: SheetItem[], options: SheetOptions = {}): Promise<Uint8Array> {
  const { columns, size } = checkInput(items, options);
  const [pageWidth, pageHeight] = size;
  const { PDFDocument, StandardFonts, degrees, drawImage } = pdfLib();
  const document = await PDFDocument.create();
  document.setTitle(options.title ?? 'Codes');
  document.setProducer('HeadlessAnalytics');
  document.setCreator('HeadlessAnalytics');
  const font = await document.embedFont(StandardFonts.Helvetica);
  const bold = await document.embedFont(StandardFonts.HelveticaBold);
  const supported = new Set(font.getCharacterSet());

  const hasCaptions = items.some((item) => item.caption);
  const cellWidth = (pageWidth - 2 * MARGIN) / columns;
  const imageBox = cellWidth - GAP * 2;
  const textHeight = LABEL_SIZE + 3 + (hasCaptions ? CAPTION_SIZE + 2 : 0);
  const cellHeight = imageBox + textHeight + GAP * 2;
  const top = pageHeight - MARGIN - (options.title ? TITLE_SIZE + GAP * 2 : 0);
  const bottom = MARGIN + FOOTER_SIZE + GAP;
  const rows = Math.max(1, Math.floor((top - bottom) / cellHeight));
  const perPage = rows * columns;
  const pageCount = Math.ceil(items.length / perPage);
  const title = options.title ? fitText(options.title, bold, TITLE_SIZE, pageWidth - 2 * MARGIN, supported) : '';

  const images = new Map<string, EmbeddedImage>();
  const embed = async (png: Uint8Array, index: number): Promise<EmbeddedImage> => {
    const key = createHash('sha1').update(png).digest('hex');
    let image = images.get(key);
    if (image !== undefined) return image;
    const gray = pngToGray(png);
    if (gray) {
      const stream = document.context.stream(gray.deflated, {
        Type: 'XObject',
        Subtype: 'Image',
        Width: gray.width,
        Height: gray.height,
        ColorSpace: 'DeviceGray',
        BitsPerComponent: gray.bitsPerComponent,
        Filter: 'FlateDecode',
        ...(gray.pngPredicted ? { DecodeParms: { Predictor: 15, Colors: 1, BitsPerComponent: gray.bitsPerComponent, Columns: gray.width } } : {}),
      });
      image = { ref: document.context.register(stream), width: gray.width, height: gray.height };
    } else {
      try {
        image = await document.embedPng(png);
      } catch {
        return fail(`items[${index}].png`, 'is not a PNG image pdf-lib can read');
      }
    }
    images.set(key, image);
    return image;
  };
  for (let pageIndex = 0; pageIndex < pageCount; pageIndex += 1) {
    const page = document.addPage([pageWidth, pageHeight]);
    if (title) page.drawText(title, { x: MARGIN, y: pageHeight - MARGIN - TITLE_SIZE, size: TITLE_SIZE, font: bold });
    const footer = `${title ? `${title} - ` : ''}page ${pageIndex + 1} of ${pageCount}`;
    drawCentered(page, fitText(footer, font, FOOTER_SIZE, pageWidth - 2 * MARGIN, supported), font, FOOTER_SIZE, pageWidth / 2, MARGIN, 0.4);
    const first = pageIndex * perPage;
    for (let slot = 0; slot < perPage && first + slot < items.length; slot += 1) {
      const item = items[first + slot]!;
      const image = await embed(item.png, first + slot);
      const column = slot % columns;
      const row = Math.floor(slot / columns);
      const cellX = MARGIN + column * cellWidth;
      const cellTop = top - row * cellHeight;
      const scale = Math.min(imageBox / image.width, imageBox / image.height);
      const width = image.width * scale;
      const height = image.height * scale;
      const centerX = cellX + cellWidth / 2;
      const imageBottom = cellTop - GAP - imageBox;
      const name = page.node.newXObject('Image', image.ref);
      page.pushOperators(...drawImage(name, { x: centerX - width / 2, y: imageBottom + (imageBox - height) / 2, width, height, rotate: degrees(0), xSkew: degrees(0), ySkew: degrees(0) }));
      const labelY = imageBottom - LABEL_SIZE - 2;
      drawCentered(page, fitText(item.label, font, LABEL_SIZE, cellWidth - GAP, supported), font, LABEL_SIZE, centerX, labelY);
      if (item.caption) {
        drawCentered(page, fitText(item.caption, font, CAPTION_SIZE, cellWidth - GAP, supported), font, CAPTION_SIZE, centerX, labelY - CAPTION_SIZE - 2, 0.35);
      }
    }
  }
  // pdf-lib yields to the event loop (a timer) every objectsPerTick objects; 50 by default made a 10,000-code sheet
  // spend most of its time idle. 1,000 keeps each blocking stretch to a few milliseconds.
  return document.save({ useObjectStreams: true, objectsPerTick: 1000 });
}
