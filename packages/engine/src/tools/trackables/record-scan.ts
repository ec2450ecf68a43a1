import { z } from 'zod';
import { defineTool } from '../../tool/define-tool.js';

const header = (what: string) => z.string().max(2048).optional().describe(`The scanner's ${what} (the scan route fills it from the request).`);

/** A small page for a scan that does not redirect: a retired code, or one without a target. */
function page(title: string, text: string): string {
  const escape = (value: string) => value.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
  return `<!doctype html><html lang="en"><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${escape(title)}</title><p>${escape(text)}</p></html>`;
}

export const recordScan = defineTool({
  name: 'record_scan',
  title: 'Record scan',
  description:
    'What the public scan link runs (GET /t/{scanCode}, and GS1 Digital Link paths /01/{gtin}[/10/{lot}][/21/{serial}]; ' +
    'no credentials): records a scan of the trackable as its event (the trackable, its campaign, user agent, referrer, ' +
    'language; bot: true for crawlers and link previewers; repeat: true for the same client within 30 minutes, the ' +
    'client being a salted hash of address and user agent, no address stored) and answers where to redirect: ' +
    'targetUrl with utm_source, utm_medium, utm_campaign and utm_content appended. A paused trackable redirects ' +
    'without recording; a retired one records nothing and answers 410 Gone. Use record_trackable_usage instead to ' +
    'record a device\'s or app\'s own usage event with properties.',
  toolset: 'trackables',
  input: z
    .object({
      code: z.string().min(1).max(120).optional().describe('The scan code of the link /t/{code}.'),
      gtin: z.string().min(1).max(14).optional().describe('A GS1 Digital Link\'s GTIN (8 to 14 digits).'),
      lot: z.string().min(1).max(20).optional().describe('The Digital Link\'s lot (AI 10).'),
      serial: z.string().min(1).max(20).optional().describe('The Digital Link\'s serial (AI 21).'),
      userAgent: header('User-Agent'),
      referrer: header('Referer'),
      language: header('Accept-Language'),
      clientAddress: z.string().max(64).optional().describe('The scanner\'s network address, only hashed (the scan route fills it).'),
    })
    .superRefine((value, ctx) => {
      if (value.code === undefined && value.gtin === undefined) ctx.addIssue({ code: 'custom', path: ['code'], message: 'is required (or a Digital Link `gtin`)' });
    }),
  output: z.object({
    trackableId: z.string(),
    outcome: z
      .enum(['recorded', 'paused', 'retired', 'refused'])
      .describe('recorded; paused: redirected, not recorded; retired: nothing recorded (410); refused: a block tracking plan refused the event, redirected.'),
    eventId: z.string().nullable().describe('The scan event\'s id, when recorded.'),
    bot: z.boolean(),
    repeat: z.boolean(),
    location: z.string().nullable().describe('Redirect target with UTM parameters; null when retired or without a target.'),
    page: z.string().nullable().describe('HTML answered instead of a redirect (retired, or no target).'),
  }),
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
  scope: 'write',
  allowAnonymous: true,
  examples: [{ code: 'ethiopia-bag-001', userAgent: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X)', language: 'en-US' }],
  async handler(input, ctx) {
    // Without credentials the scan code alone names the workspace; with a key, only that key's workspace's trackables.
    const workspaceId = ctx.principal.kind === 'anonymous' ? undefined : ctx.principal.workspaceId;
    const result = await ctx.services.trackables.scans.scan(input, workspaceId);
    const { trackable } = result;
    const html =
      result.outcome === 'retired'
        ? page('No longer active', `${trackable.name}: this code is no longer active.`)
        : result.location === null
          ? page(trackable.name, `${trackable.name}: scan received.`)
          : null;
    return { trackableId: trackable.id, outcome: result.outcome, eventId: result.eventId, bot: result.bot, repeat: result.repeat, location: result.location, page: html };
  },
});
