import { z } from 'zod';
import { TIERS } from '../../domain/account/account-service.js';
import { defineTool } from '../../tool/define-tool.js';
import { account, accountOutput } from './schemas.js';

const override = (description: string) => z.number().int().min(0).nullable().optional().describe(`${description} null: back to the tier's value.`);

export const updateAccount = defineTool({
  name: 'update_account',
  title: 'Update account tier and limits',
  description:
    'Operator tool: set the account\'s tier and/or override single limits (projects_limit, rate_limit_rpm, ' +
    'max_events_lifetime, retention_days). The engine enforces them at once: 403 past projects_limit, 429 past ' +
    'rate_limit_rpm, 403 on writes past max_events_lifetime; past retention_days, events older than that many days ' +
    'before today (UTC) and their rollups are deleted, starting now in the background and then every hour. Returns the ' +
    'account as get_account does.',
  toolset: 'account',
  input: z
    .object({
      tier: z.enum(TIERS).optional().describe('Account tier; its limits apply unless overridden in `limits`.'),
      limits: z
        .object({
          projects_limit: override('Most projects.'),
          rate_limit_rpm: override('Calls per minute per key or project token; 0 disables the limit.'),
          max_events_lifetime: override('Most events ever stored.'),
          retention_days: override('Days events are kept.'),
        })
        .strict()
        .optional()
        .describe('Overrides of single tier limits; a limit left out keeps its value.'),
    })
    .strict(),
  output: account,
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  scope: 'admin',
  examples: [{ tier: 'pro' }, { limits: { projects_limit: 20, rate_limit_rpm: null } }],
  async handler(input, ctx) {
    const limits = input.limits ?? {};
    await ctx.services.account.update(ctx.principal.workspaceId, {
      ...(input.tier === undefined ? {} : { tier: input.tier }),
      overrides: {
        ...(limits.projects_limit === undefined ? {} : { projectsLimit: limits.projects_limit }),
        ...(limits.rate_limit_rpm === undefined ? {} : { rateLimitPerMinute: limits.rate_limit_rpm }),
        ...(limits.max_events_lifetime === undefined ? {} : { maxEventsLifetime: limits.max_events_lifetime }),
        ...(limits.retention_days === undefined ? {} : { retentionDays: limits.retention_days }),
      },
    });
    // In the background: a purge of millions of events takes longer than a request should.
    const workspaceId = ctx.principal.workspaceId;
    void ctx.services.retention.purge(workspaceId).catch((error: unknown) => ctx.logger.error('retention purge failed', { workspaceId, error: String(error) }));
    return accountOutput(ctx);
  },
});
