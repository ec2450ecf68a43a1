import { z } from 'zod';
import { codeSheetPdf, qrPng, barcodePng, type BarcodeSymbology } from '../../domain/trackables/codes/index.js';
import { digitalLinkOf, scanUrlOf } from '../../domain/trackables/trackable-codes.js';
import { EngineError } from '../../errors/engine-error.js';
import { defineTool } from '../../tool/define-tool.js';
import { nameCursor, readNameCursor } from '../paging.js';
import { READ_ONLY } from '../shared.js';
import { base64Field, kindField, qrContentField } from './schemas.js';

const MAX_SHEET = 10_000;

export const getTrackableSheet = defineTool({
  name: 'get_trackable_sheet',
  title: 'Get printable sheet',
  description:
    'A printable PDF (A4 or Letter) of trackables\' codes in a labelled grid: a batch (`batchId` from a bulk ' +
    'create_trackable), an id prefix, or a kind, in id order, up to 10,000 codes per sheet; `nextCursor` continues ' +
    'with the next sheet. QR codes encode the scan URL (or the GS1 Digital Link URI), barcode trackables print their ' +
    'barcode. Answers the PDF in base64: over REST GET /api/trackables/sheet.pdf sends the PDF itself, and ' +
    '`ha trackable-sheet --out sheet.pdf` writes it. Use get_trackable_code instead for one code.',
  toolset: 'trackables',
  input: z.object({
    batchId: z.string().min(1).max(64).optional().describe('The trackables of this bulk call.'),
    prefix: z.string().min(1).max(80).optional().describe('Trackables whose id starts with this.'),
    kind: kindField.optional().describe('Only this kind.'),
    limit: z.number().int().min(1).max(MAX_SHEET).default(100).describe(`Most codes on the sheet (1-${MAX_SHEET}, default 100).`),
    cursor: z.string().min(1).max(1024).optional().describe('The `nextCursor` of the previous sheet, with the same other arguments.'),
    columns: z.number().int().min(1).max(8).optional().describe('Codes per row (default 4).'),
    pageSize: z.enum(['A4', 'Letter']).optional().describe('A4 (default) or Letter.'),
    title: z.string().min(1).max(120).optional().describe('Heading printed on each page.'),
    qrContent: qrContentField,
  }),
  output: z.object({
    pdfBase64: base64Field('application/pdf', 'The PDF, base64.'),
    codes: z.number().int().describe('Codes on the sheet.'),
    bytes: z.number().int().describe('Size of the PDF.'),
    firstId: z.string().describe('First trackable on the sheet.'),
    lastId: z.string().describe('Last trackable on the sheet.'),
    nextCursor: z.string().nullable().describe('Cursor for the next sheet (pass it as `cursor`), or null when this one ends the list.'),
  }),
  annotations: READ_ONLY,
  scope: 'read',
  examples: [{ prefix: 'ethiopia-bag-', limit: 4 }],
  async handler(input, ctx) {
    const service = ctx.services.trackables.service;
    const found = await service.list(ctx.principal.workspaceId, {
      batchId: input.batchId, prefix: input.prefix, kind: input.kind, after: readNameCursor(input.cursor), limit: input.limit + 1,
    });
    const rows = found.slice(0, input.limit);
    if (rows.length === 0) {
      throw new EngineError('NOT_FOUND', 'No trackables match this batchId, prefix, kind and cursor; list_trackables lists them.', { details: { resource: 'trackable' } });
    }
    const base = service.baseUrl(ctx.baseUrl);
    const items = [];
    for (const [index, row] of rows.entries()) {
      const link = input.qrContent === 'digital_link' ? digitalLinkOf(base, row) : null;
      const png = row.code?.type === 'barcode' ? await barcodePng(row.code.symbology as BarcodeSymbology, row.code.text) : await qrPng(link ?? scanUrlOf(base, row), { scale: 2 });
      items.push({ label: row.id, png, caption: row.name });
      if ((index + 1) % 500 === 0) ctx.progress?.({ progress: index + 1, total: rows.length });
    }
    const pdf = await codeSheetPdf(items, { ...(input.columns ? { columns: input.columns } : {}), ...(input.pageSize ? { pageSize: input.pageSize } : {}), ...(input.title ? { title: input.title } : {}) });
    return {
      pdfBase64: Buffer.from(pdf).toString('base64'),
      codes: rows.length,
      bytes: pdf.byteLength,
      firstId: rows[0]!.id,
      lastId: rows.at(-1)!.id,
      nextCursor: found.length > input.limit ? nameCursor(rows.at(-1)!.id) : null,
    };
  },
});
