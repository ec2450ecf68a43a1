import { z } from 'zod';
import { codeImage, digitalLinkOf, scanUrlOf } from '../../domain/trackables/trackable-codes.js';
import { invalidInput } from '../../errors/engine-error.js';
import { defineTool } from '../../tool/define-tool.js';
import { READ_ONLY } from '../shared.js';
import { base64Field, qrContentField, trackableId } from './schemas.js';

const FORMATS = ['svg', 'png', 'payload', 'digital_link', 'sgtin96'] as const;

export const getTrackableCode = defineTool({
  name: 'get_trackable_code',
  title: 'Get trackable code',
  description:
    'The code of one trackable, to print or program: `svg` or `png` (base64) image of its barcode (barcode kind) or ' +
    'else of a QR code of its scan URL (or, with qrContent digital_link, of its GS1 Digital Link URI); `payload` the ' +
    'text a code encodes; `digital_link` its GS1 Digital Link URI (needs metadata.gtin); `sgtin96` an RFID tag\'s EPC ' +
    '(hex, pure-identity and tag URIs). Use get_trackable_sheet instead for a printable PDF of many codes.',
  toolset: 'trackables',
  input: z.object({
    id: trackableId,
    format: z.enum(FORMATS).default('svg').describe('svg (default), png, payload, digital_link or sgtin96.'),
    qrContent: qrContentField,
    scale: z.number().int().min(1).max(20).optional().describe('Pixels per module of a PNG (default 4 for QR, 2 for barcodes), or a barcode SVG\'s module size.'),
  }),
  output: z.object({
    id: z.string(),
    kind: z.string(),
    format: z.enum(FORMATS),
    content: z.string().describe('What the code encodes: the scan URL, the Digital Link URI, the barcode text or the EPC hex.'),
    svg: z.string().optional().describe('format svg: the SVG document.'),
    pngBase64: base64Field('image/png', 'format png: the PNG image, base64.').optional(),
    sgtin96: z.object({ hex: z.string(), pureIdentityUri: z.string(), tagUri: z.string() }).optional().describe('format sgtin96: the EPC.'),
  }),
  annotations: READ_ONLY,
  scope: 'read',
  examples: [{ id: 'ethiopia-bag-001', format: 'svg' }, { id: 'ethiopia-bag-001', format: 'payload' }],
  async handler(input, ctx) {
    const found = await ctx.services.trackables.service.get(ctx.principal.workspaceId, input.id);
    const base = ctx.services.trackables.service.baseUrl(ctx.baseUrl);
    const head = { id: found.id, kind: found.kind, format: input.format };
    if (input.format === 'sgtin96') {
      if (found.code?.type !== 'sgtin96') {
        throw invalidInput('format: sgtin96 is for RFID trackables with an EPC (metadata companyPrefix, itemReference, serial, or epc).', [
          { path: 'format', message: `trackable '${found.id}' (${found.kind}) has no SGTIN-96` },
        ]);
      }
      const { hex, pureIdentityUri, tagUri } = found.code;
      return { ...head, content: hex, sgtin96: { hex, pureIdentityUri, tagUri } };
    }
    const link = digitalLinkOf(base, found);
    const wantsLink = input.format === 'digital_link' || input.qrContent === 'digital_link';
    if (wantsLink && link === null) {
      const path = input.format === 'digital_link' ? 'format' : 'qrContent';
      throw invalidInput(`${path}: trackable '${found.id}' has no GTIN; set metadata.gtin (update_trackable) for a GS1 Digital Link.`, [
        { path, message: 'needs metadata.gtin on the trackable' },
      ]);
    }
    const qrContent = wantsLink ? link! : scanUrlOf(base, found);
    if (input.format === 'digital_link') return { ...head, content: link! };
    const content = found.code?.type === 'barcode' ? found.code.text : qrContent;
    if (input.format === 'payload') return { ...head, content };
    const image = await codeImage(found, qrContent, input.format, input.scale);
    return image.svg !== undefined ? { ...head, content, svg: image.svg } : { ...head, content, pngBase64: image.png!.toString('base64') };
  },
});
