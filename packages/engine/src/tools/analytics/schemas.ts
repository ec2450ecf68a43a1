import { z } from 'zod';
import type { ProjectScope } from '../../domain/analytics/period-summary.js';
import { hourFloor } from '../../domain/analytics/time.js';
import { fallbackTime, resolveTime, timeInput, type TimeValue } from '../time-input.js';
import type { ToolContext } from '../../context.js';

export const projectField = z.string().min(1).max(256).describe('Project name or id (as returned by list_projects).');

/** `since` of a read with its own description; the window runs from it to now. */
export const sinceInput = (description: string) => timeInput(description).optional();

export const sinceField = sinceInput('Start of the window, which runs to now. Default: 7d.');

/** The start of a read's window in ms: `since`, else the fallback (same forms) before now. */
export const sinceFrom = (since: TimeValue | undefined, now: number, fallback = '7d'): number =>
  resolveTime(since ?? fallbackTime(fallback), now);

export const flagsField = z
  .array(z.string())
  .describe('Anomaly flags computed from this answer (e.g. anonymous_only_tracking); empty when nothing stands out.');

export const deltaSchema = z
  .object({
    current: z.number(),
    previous: z.number(),
    change: z.number(),
    change_pct: z.number().int().nullable().describe('Whole percent; null when previous is 0 — always nil-check.'),
  })
  .meta({ id: 'AnalyticsDelta' });

export const comparisonSchema = z
  .object({
    total_events: deltaSchema,
    unique_users: deltaSchema,
    total_sessions: deltaSchema,
    bounce_rate: deltaSchema,
    avg_duration: deltaSchema,
  })
  .describe('Current window vs the previous window of the same length.');

/** The project a read covers; NOT_FOUND for unknown names and other workspaces' projects. */
export const scopeOf = (ctx: ToolContext, project: string): Promise<ProjectScope> =>
  ctx.services.analytics.scope(ctx.principal.workspaceId, project);

/** `since` for aggregate reads: rollups are hourly, so the window starts on the hour at or before it. */
export const aggregateFrom = (since: TimeValue | undefined, now: number, fallback = '7d'): number =>
  hourFloor(sinceFrom(since, now, fallback));

export const READ_ANNOTATIONS = { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false } as const;
