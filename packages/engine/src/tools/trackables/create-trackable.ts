import { z } from 'zod';
import { BARCODE_SYMBOLOGIES, qrPng, qrSvg } from '../../domain/trackables/codes/index.js';
import { MAX_BULK_COUNT } from '../../domain/trackables/kinds.js';
import { digitalLinkOf, scanUrlOf } from '../../domain/trackables/trackable-codes.js';
import { invalidInput } from '../../errors/engine-error.js';
import { defineTool } from '../../tool/define-tool.js';
import { nameCursor } from '../paging.js';
import { base64Field, httpUrl, kindField, metadataField, qrContentField, statusField, trackable, trackableId, trackableOutput } from './schemas.js';

const FIRST_IDS = 20;

const input = z
  .object({
    kind: kindField.describe('qr_code, barcode, rfid, sensor, robot, agent, mcp_server, cli_workflow or custom.'),
    name: z.string().trim().min(1).max(200).describe('Human name, e.g. "Ethiopia Single-Origin Bag"; the id is derived from it.'),
    targetUrl: httpUrl.optional().describe('Where a scan redirects (UTM parameters appended), e.g. https://roastandorigin.com/ethiopia.'),
    eventName: z
      .string()
      .min(1)
      .max(200)
      .optional()
      .describe('Event its scans and usage are recorded as. Default per kind: qr.scanned, barcode.scanned, rfid.read, sensor.reading, robot.action, agent.action, mcp.tool_called, cli.command_run, trackable.used.'),
    id: trackableId.max(72).optional().describe('Explicit id instead of the derived one (with `count`: the stem of the numbered ids).'),
    metadata: metadataField.optional(),
    status: statusField.default('active').describe('active (default), paused or retired.'),
    barcode: z
      .object({
        symbology: z.enum(BARCODE_SYMBOLOGIES).describe('code128, ean13, upca, gs1_128, datamatrix or gs1_datamatrix.'),
        text: z.string().min(1).max(2000).describe('What it encodes; EAN-13/UPC-A check digits are checked (or computed when left off), GS1 AIs as (01)…(10)….'),
      })
      .optional()
      .describe('Kind barcode: the symbol to print. Default from metadata.gtin (UPC-A, EAN-13 or GS1-128).'),
    count: z
      .number()
      .int()
      .min(1)
      .max(MAX_BULK_COUNT)
      .optional()
      .describe(`Bulk: create this many numbered trackables (up to ${MAX_BULK_COUNT.toLocaleString('en-US')}) in one call, ids zero-padded to the count's width (1,000 → name-0001 … name-1000).`),
    includeQrSvg: z.boolean().default(false).describe('Answer the QR code as SVG (`qrSvg`); in bulk, of the first trackable only.'),
    includeQrPng: z.boolean().default(false).describe('Answer the QR code as PNG in base64 (`qrPngBase64`); in bulk, of the first trackable only.'),
    qrContent: qrContentField,
    issueToken: z.boolean().default(false).describe('Also issue a device token (sensors, robots, agents…) that may only record this trackable\'s usage; not with `count`.'),
  })
  .superRefine((value, ctx) => {
    if (value.issueToken && value.count !== undefined) ctx.addIssue({ code: 'custom', path: ['issueToken'], message: 'cannot be combined with `count`; rotate_trackable_token issues one per trackable' });
    if (value.barcode && value.kind !== 'barcode') ctx.addIssue({ code: 'custom', path: ['barcode'], message: 'is only for kind barcode' });
    if (value.qrContent === 'digital_link' && value.metadata?.gtin === undefined) ctx.addIssue({ code: 'custom', path: ['qrContent'], message: 'digital_link needs metadata.gtin' });
  });

const output = trackable.extend({
    qrSvg: z.string().optional().describe('The QR code as SVG (includeQrSvg).'),
    qrPngBase64: base64Field('image/png', 'The QR code as PNG, base64 (includeQrPng).').optional(),
    token: z
      .object({ token: z.string().describe('Shown once: store it on the device.'), tokenId: z.string(), prefix: z.string() })
      .optional()
      .describe('The device token (issueToken).'),
    batch: z
      .object({
        batchId: z.string(),
        created: z.number().int().describe('Trackables created.'),
        firstIds: z.array(z.string()).describe(`The first ${FIRST_IDS} ids.`),
        lastId: z.string(),
        nextCursor: z.string().nullable().describe('list_trackables with this batchId and cursor continues after firstIds.'),
      })
      .optional()
      .describe('Bulk calls (`count`): the batch; the top-level fields are its first trackable.'),
  });

export const createTrackable = defineTool({
  name: 'create_trackable',
  title: 'Create trackable',
  description:
    'Create a QR code, barcode, RFID tag, sensor, robot, agent, MCP server or CLI workflow identifier whose scans and ' +
    'usage become events. The id is readable and unique in the workspace: the first and last word of the slugified ' +
    'name plus a 3-digit sequence per stem ("Ethiopia Single-Origin Bag" → ethiopia-bag-001, then -002), unless `id` ' +
    'is given. Answers the trackable with its public scanUrl (/t/{scanCode}: records a scan, then redirects to targetUrl ' +
    'with UTM parameters), its GS1 Digital Link URI when metadata has a gtin, the barcode or SGTIN-96 of its kind, and ' +
    'the QR code with includeQrSvg / includeQrPng. With `count` it creates up to 10,000 numbered trackables in seconds ' +
    'and answers the first with counts, the first ids and a cursor for list_trackables; get_trackable_sheet prints ' +
    'them. Next: record_trackable_usage (or the scan link) records usage, get_trackable_stats reads it.',
  toolset: 'trackables',
  input,
  output,
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
  scope: 'write',
  examples: [
    { kind: 'qr_code', name: 'Olive Oil Bottle QR', targetUrl: 'https://roastandorigin.com/ethiopia', eventName: 'qr.bottle_scanned', includeQrSvg: true },
    { kind: 'sensor', name: 'Roaster Temperature Probe', metadata: { location: 'roastery-1' }, issueToken: true },
  ],
  async handler(value, ctx) {
    const { trackables, batchId } = await ctx.services.trackables.service.create(
      ctx.principal.workspaceId,
      {
        kind: value.kind,
        name: value.name,
        id: value.id,
        eventName: value.eventName,
        targetUrl: value.targetUrl,
        metadata: value.metadata,
        status: value.status,
        barcode: value.barcode,
        count: value.count,
      },
      ctx.progress,
    );
    const first = trackables[0]!;
    const base = ctx.services.trackables.service.baseUrl(ctx.baseUrl);
    const content = value.qrContent === 'digital_link' ? digitalLinkOf(base, first) : scanUrlOf(base, first);
    if (content === null) throw invalidInput('qrContent: digital_link needs metadata.gtin.', [{ path: 'qrContent', message: 'digital_link needs metadata.gtin' }]);
    const answer: z.input<typeof output> = trackableOutput(first, ctx);
    if (value.includeQrSvg) answer.qrSvg = await qrSvg(content);
    if (value.includeQrPng) answer.qrPngBase64 = (await qrPng(content)).toString('base64');
    if (value.issueToken) {
      const issued = await ctx.services.trackables.service.rotateToken(ctx.principal.workspaceId, first.id);
      answer.token = { token: issued.token, tokenId: issued.info.id, prefix: issued.info.prefix };
    }
    if (batchId) {
      const firstIds = trackables.slice(0, FIRST_IDS).map((item) => item.id);
      answer.batch = {
        batchId,
        created: trackables.length,
        firstIds,
        lastId: trackables.at(-1)!.id,
        nextCursor: trackables.length > FIRST_IDS ? nameCursor(firstIds.at(-1)!) : null,
      };
    }
    return answer;
  },
});
