import { z } from 'zod';
import { defineTool } from '../../tool/define-tool.js';
import { httpUrl, metadataField, statusField, trackable, trackableId, trackableOutput } from './schemas.js';

export const updateTrackable = defineTool({
  name: 'update_trackable',
  title: 'Update trackable',
  description:
    'Change a trackable\'s name, targetUrl (null: no redirect), metadata (replaced whole; its gtin, lot and serial ' +
    'are checked and move its Digital Link) or status: active records and redirects, paused redirects without ' +
    'recording, retired answers 410 Gone and refuses usage. Its id, kind and scan link never change. Answers the ' +
    'trackable; get_trackable reads it again.',
  toolset: 'trackables',
  input: z
    .object({
      id: trackableId,
      name: z.string().trim().min(1).max(200).optional().describe('New name.'),
      targetUrl: httpUrl.nullable().optional().describe('New redirect target; null removes it (a scan then answers a small page).'),
      metadata: metadataField.optional(),
      status: statusField.optional().describe('active, paused or retired.'),
    })
    .refine((value) => value.name !== undefined || value.targetUrl !== undefined || value.metadata !== undefined || value.status !== undefined, {
      message: 'give at least one of name, targetUrl, metadata, status',
      path: ['name'],
    }),
  output: trackable,
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  scope: 'write',
  examples: [{ id: 'ethiopia-bag-001', status: 'paused' }],
  async handler(input, ctx) {
    const { id, ...patch } = input;
    const updated = await ctx.services.trackables.service.update(ctx.principal.workspaceId, id, patch);
    return trackableOutput(updated, ctx);
  },
});
