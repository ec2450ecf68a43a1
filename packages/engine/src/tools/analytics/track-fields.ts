import { z } from 'zod';
import type { TrackedEvent } from '../../domain/analytics/analytics-service.js';
import { EVENT_LIMITS } from '../../domain/events/envelope.js';
import { forbidden, invalidInput } from '../../errors/engine-error.js';
import type { ToolContext } from '../../context.js';

const FUTURE_TOLERANCE_MS = 5 * 60_000;
const MAX_PROPERTIES_BYTES = 16 * 1024;

/** One Agent Analytics event; `token` is read by the surface (project-token auth) and otherwise ignored. */
export const trackedEventFields = {
  token: z
    .string()
    .max(256)
    .optional()
    .describe('Project token (`ha_pt_…`) of a single tracked event; surfaces authenticate with it. In a batch, send it once at the top level. Not needed with an API key.'),
  project: z.string().min(1).max(256).optional().describe('Project name or id; required with an API key, implied by a project token.'),
  event: z.string().min(1).max(256).describe('Event name, e.g. `page_view`, `signup`.'),
  properties: z
    .record(z.string(), z.unknown())
    .optional()
    .describe('Event properties: path, url, referrer, title, utm_*, browser, os, device, country, variant, anything else.'),
  user_id: z.string().max(256).optional().describe('User identifier; events of one user are tied into sessions and retention.'),
  session_id: z.string().max(256).optional().describe('Session id; when absent, sessions are derived per user from a 30-minute inactivity gap.'),
  timestamp: z.number().int().min(0).optional().describe('Event time, ms since epoch; default now; at most 5 minutes in the future.'),
};

export const trackedEvent = z.object(trackedEventFields);
export type TrackedInput = z.output<typeof trackedEvent>;

/** Checks what the schema cannot (clock-relative time, size) naming the field path. */
export function checkTracked(event: TrackedInput, now: number, path: string): void {
  if (event.timestamp != null && event.timestamp > now + FUTURE_TOLERANCE_MS) {
    throw invalidInput(`${path}timestamp is more than 5 minutes in the future`, [
      { path: `${path}timestamp`, message: 'must be at most 5 minutes after the server time (ms since epoch)' },
    ]);
  }
  if (event.properties) {
    const bytes = Buffer.byteLength(JSON.stringify(event.properties));
    if (bytes > MAX_PROPERTIES_BYTES) {
      throw invalidInput(`${path}properties is ${bytes} bytes; the limit is ${MAX_PROPERTIES_BYTES}`, [
        { path: `${path}properties`, message: `must serialize to at most ${MAX_PROPERTIES_BYTES} bytes of JSON` },
      ]);
    }
  }
}

/** The project to write to: a project token's own project, else the named project of the API key's workspace. */
export async function writeTarget(ctx: ToolContext, project: string | undefined, path: string): Promise<string> {
  if (ctx.principal.kind === 'project_token') {
    const own = ctx.principal.projectId;
    if (!own) throw forbidden('This project token is not bound to a project.');
    if (project !== undefined) {
      const named = await ctx.services.analytics.scope(ctx.principal.workspaceId, project).catch(() => null);
      if (!named || named.projectId !== own) throw forbidden(`${path}project does not match the project of this token; leave it out, or use an API key to write to another project.`);
    }
    return own;
  }
  if (project === undefined) {
    throw invalidInput(`${path}project is required with an API key (or send the project token as \`token\`)`, [
      { path: `${path}project`, message: 'is required unless you authenticate with the project token' },
    ]);
  }
  return (await ctx.services.analytics.scope(ctx.principal.workspaceId, project)).projectId;
}

export const toTracked = (event: TrackedInput): TrackedEvent => ({
  event: event.event,
  properties: event.properties,
  user_id: event.user_id,
  session_id: event.session_id,
  timestamp: event.timestamp,
});

export const TRACK_BATCH_LIMIT = EVENT_LIMITS.batchLength;
