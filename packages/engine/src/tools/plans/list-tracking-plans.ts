import { z } from 'zod';
import { ENFORCEMENTS } from '../../domain/plans/plan.js';
import { invalidInput } from '../../errors/engine-error.js';
import { defineTool } from '../../tool/define-tool.js';
import { pageInput, pageOutput } from '../paging.js';
import { READ_ONLY } from '../shared.js';

const row = z.object({
  id: z.string().describe('Plan id.'),
  name: z.string().describe('Plan name.'),
  vertical: z.string().nullable().describe('Template it started from, if any.'),
  businessId: z.string().nullable().describe('Business it checks, or null for all.'),
  currentVersion: z.number().int().describe('The enforced version.'),
  enforcement: z.enum(ENFORCEMENTS).describe('Enforcement of the current version.'),
  events: z.number().int().describe('Planned events in the current version.'),
  updatedAt: z.string().describe('When the current version was written (ISO 8601).'),
});

const cursorOf = (id: string) => Buffer.from(JSON.stringify({ after: id })).toString('base64url');
function readCursor(cursor: string | undefined): string | undefined {
  if (cursor === undefined) return undefined;
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString()) as { after?: unknown };
    if (typeof parsed.after === 'string') return parsed.after;
  } catch {
    // falls through
  }
  throw invalidInput('Invalid cursor', [{ path: 'cursor', message: 'is not a nextCursor of list_tracking_plans' }]);
}

export const listTrackingPlans = defineTool({
  name: 'list_tracking_plans',
  title: 'List tracking plans',
  description:
    'The tracking plans of the workspace in id order, with their current version and enforcement (a summary: ' +
    'get_tracking_plan answers one plan\'s events and schemas). Pass `nextCursor` as `cursor` for the next page.',
  toolset: 'plans',
  input: z.object({ ...pageInput(50, 200) }),
  output: z.object({ plans: z.array(row), ...pageOutput() }),
  page: { rows: 'plans', cursorKey: 'nextCursor', cursorAfter: (entry) => cursorOf((entry as { id: string }).id) },
  annotations: READ_ONLY,
  scope: 'read',
  examples: [{}],
  async handler(input, ctx) {
    const workspaceId = ctx.principal.workspaceId;
    const found = await ctx.services.plans.list(workspaceId, { after: readCursor(input.cursor), limit: input.limit + 1 });
    const page = found.slice(0, input.limit);
    const plans = await Promise.all(
      page.map(async (plan) => {
        const { version } = await ctx.services.plans.get(workspaceId, plan.id);
        return {
          id: plan.id,
          name: plan.name,
          vertical: plan.vertical,
          businessId: plan.businessId,
          currentVersion: plan.currentVersion,
          enforcement: version.enforcement,
          events: version.events.length,
          updatedAt: new Date(plan.updatedAt).toISOString(),
        };
      }),
    );
    const last = plans.at(-1);
    return { plans, nextCursor: found.length > input.limit && last ? cursorOf(last.id) : null };
  },
});
