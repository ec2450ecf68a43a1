import { z } from 'zod';
import type { ToolContext } from '../../context.js';
import { TRACKABLE_KINDS, TRACKABLE_STATUSES } from '../../domain/trackables/kinds.js';
import { ID_PATTERN } from '../../domain/trackables/slug.js';
import { digitalLinkOf, scanUrlOf } from '../../domain/trackables/trackable-codes.js';
import type { Trackable } from '../../domain/trackables/trackable-repo.js';

export const trackableId = z
  .string()
  .min(1)
  .max(80)
  .regex(ID_PATTERN, 'use letters, digits, dots, dashes or underscores, starting with a letter or digit')
  .describe('Trackable id, e.g. `ethiopia-bag-001`.');

export const kindField = z.enum(TRACKABLE_KINDS);
export const statusField = z.enum(TRACKABLE_STATUSES);

/** An absolute http(s) URL. */
export const httpUrl = z
  .string()
  .max(2048)
  .refine((value) => {
    try {
      const url = new URL(value);
      return url.protocol === 'https:' || url.protocol === 'http:';
    } catch {
      return false;
    }
  }, 'must be an absolute http or https URL');

/** Free-form metadata of a trackable: at most 8 KB of JSON. */
export const metadataField = z
  .record(z.string(), z.unknown())
  .refine((value) => Buffer.byteLength(JSON.stringify(value)) <= 8192, 'must be at most 8,192 bytes of JSON')
  .describe(
    'Free-form facts: sku, lot, serial, gtin (GS1 Digital Link when set), campaign (utm_campaign of the scan redirect), ' +
      'location; for rfid companyPrefix, itemReference, serial, filter (SGTIN-96) or epc (24 hex digits).',
  );

export const QR_CONTENTS = ['scan_url', 'digital_link'] as const;
export const qrContentField = z
  .enum(QR_CONTENTS)
  .default('scan_url')
  .describe('What a QR code encodes: the short scan URL (`scan_url`, default) or the GS1 Digital Link URI (`digital_link`, needs metadata.gtin); both resolve on this server and record the scan.');

export const trackable = z
  .object({
    id: z.string().describe('Readable id, unique in the workspace.'),
    kind: kindField,
    name: z.string(),
    eventName: z.string().describe('Event name its scans and usage are recorded under.'),
    targetUrl: z.string().nullable().describe('Where a scan redirects (with UTM parameters); null: a scan answers a small page.'),
    metadata: z.record(z.string(), z.unknown()),
    status: statusField.describe('active records and redirects; paused redirects without recording; retired answers 410 Gone and records nothing.'),
    batchId: z.string().nullable().describe('The bulk call that created it (list_trackables and get_trackable_sheet take it).'),
    scanCode: z.string().describe('The server-wide code in its scan URL (the id, unless another workspace has that id).'),
    scanUrl: z.string().describe('Public scan link (`/t/{scanCode}`, no credentials): records a scan, then redirects. What its QR code encodes.'),
    digitalLinkUri: z.string().nullable().describe('GS1 Digital Link URI (`/01/{gtin}/10/{lot}/21/{serial}`) on this server, when metadata has a gtin.'),
    barcode: z.object({ symbology: z.string(), text: z.string() }).nullable().describe('A barcode trackable\'s symbology and encoded text (check digit included).'),
    sgtin96: z
      .object({ hex: z.string(), pureIdentityUri: z.string(), tagUri: z.string() })
      .nullable()
      .describe('An RFID trackable\'s EPC as SGTIN-96: 24 hex digits and the urn:epc URIs.'),
    createdAt: z.number().int(),
    updatedAt: z.number().int(),
  })
  .meta({ id: 'Trackable' });

export type TrackableOutput = z.input<typeof trackable>;

/** A trackable as tools answer it, its links built on this deployment's base URL. */
export function trackableOutput(value: Trackable, ctx: Pick<ToolContext, 'services' | 'baseUrl'>): TrackableOutput {
  const base = ctx.services.trackables.service.baseUrl(ctx.baseUrl);
  return {
    id: value.id,
    kind: value.kind,
    name: value.name,
    eventName: value.eventName,
    targetUrl: value.targetUrl,
    metadata: value.metadata,
    status: value.status,
    batchId: value.batchId,
    scanCode: value.scanCode,
    scanUrl: scanUrlOf(base, value),
    digitalLinkUri: digitalLinkOf(base, value),
    barcode: value.code?.type === 'barcode' ? { symbology: value.code.symbology, text: value.code.text } : null,
    sgtin96: value.code?.type === 'sgtin96' ? { hex: value.code.hex, pureIdentityUri: value.code.pureIdentityUri, tagUri: value.code.tagUri } : null,
    createdAt: value.createdAt,
    updatedAt: value.updatedAt,
  };
}

/** base64 of binary data, marked so that the CLI's --out and REST raw responses write the bytes. */
export const base64Field = (contentMediaType: string, description: string) =>
  z.string().meta({ contentEncoding: 'base64', contentMediaType }).describe(description);
