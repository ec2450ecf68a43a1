import { z } from 'zod';
import { TIERS, type AccountLimits } from '../../domain/account/account-service.js';
import type { ToolContext } from '../../context.js';

const limitsShape = z.object({
  projects_limit: z.number().int(),
  rate_limit_rpm: z.number().int().nullable().describe('Calls per minute per API key or project token; null: not limited.'),
  max_events_lifetime: z.number().int().nullable().describe('Most events the account may store; writes past it fail with 403. null: unlimited.'),
  retention_days: z.number().int().nullable().describe('Days of history kept: older events and their rollups are deleted hourly. null: forever.'),
});

export const account = z
  .object({
    account_id: z.string().describe('The workspace id: an account is a HeadlessAnalytics workspace.'),
    name: z.string(),
    tier: z.enum(TIERS),
    projects_count: z.number().int(),
    projects_limit: z.number().int(),
    rate_limit_rpm: z.number().int().nullable(),
    tier_limits: limitsShape,
    usage: z.object({
      events_today: z.number().int().describe('Events stored since 00:00 UTC, all projects.'),
      events_lifetime: z.number().int(),
      api_calls_today: z.number().int().describe('Tool calls (any surface) today.'),
    }),
    flags: z
      .array(z.object({ code: z.enum(['project_limit_near']), message: z.string() }))
      .describe('Anomalies to surface: `project_limit_near` when the next create_project may fail with 403.'),
  })
  .meta({ id: 'Account' });

/** Remaining project slots at or below which `project_limit_near` is raised: 10 % of the limit, at least 1. */
export const nearLimitSlots = (limit: number): number => Math.max(1, Math.ceil(limit * 0.1));

export async function accountOutput(ctx: ToolContext): Promise<z.input<typeof account>> {
  const workspaceId = ctx.principal.workspaceId;
  const [workspace, settings, limits, usage] = await Promise.all([
    ctx.services.tenancy.getWorkspace(workspaceId),
    ctx.services.account.settings(workspaceId),
    ctx.services.account.limits(workspaceId),
    ctx.services.account.usage(workspaceId),
  ]);
  const today = new Date(ctx.clock()).toISOString().slice(0, 10);
  const calls = await ctx.services.usage.query(workspaceId, { from: today, to: today, limit: 100_000 });
  const rpm = effectiveRpm(limits, ctx.services.limiter.perMinute);
  const remaining = limits.projectsLimit - usage.projectsCount;
  const flags =
    remaining <= nearLimitSlots(limits.projectsLimit)
      ? [
          {
            code: 'project_limit_near' as const,
            message:
              remaining <= 0
                ? `All ${limits.projectsLimit} project slots are used: the next create_project fails with 403.`
                : `${remaining} of ${limits.projectsLimit} project slots left: create_project fails with 403 past the limit.`,
          },
        ]
      : [];
  return {
    account_id: workspace.id,
    name: workspace.name,
    tier: settings.tier,
    projects_count: usage.projectsCount,
    projects_limit: limits.projectsLimit,
    rate_limit_rpm: rpm,
    tier_limits: {
      projects_limit: limits.projectsLimit,
      rate_limit_rpm: rpm,
      max_events_lifetime: limits.maxEventsLifetime,
      retention_days: limits.retentionDays,
    },
    usage: {
      events_today: usage.eventsToday,
      events_lifetime: usage.eventsLifetime,
      api_calls_today: calls.reduce((sum, row) => sum + row.calls, 0),
    },
    flags,
  };
}

/** The account's own limit, else the engine's per-key default (0 there means not limited). */
export function effectiveRpm(limits: AccountLimits, engineDefault: number): number | null {
  if (limits.rateLimitPerMinute !== null) return limits.rateLimitPerMinute;
  return engineDefault > 0 ? engineDefault : null;
}
