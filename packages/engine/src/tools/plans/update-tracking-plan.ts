import { z } from 'zod';
import { ENFORCEMENTS, planEventSchema, planOutput, planView } from '../../domain/plans/plan.js';
import { defineTool } from '../../tool/define-tool.js';

export const updateTrackingPlan = defineTool({
  name: 'update_tracking_plan',
  title: 'Update a tracking plan',
  description:
    'Change a tracking plan: add or replace events (by name), remove events, change enforcement or ' +
    'allowUnplannedEvents. Each call writes a new immutable version that becomes the enforced one; earlier ' +
    'versions stay readable with get_tracking_plan. CONFLICT when another update came first (read and retry).',
  toolset: 'plans',
  input: z.object({
    id: z.string().min(1).max(200).describe('Plan id.'),
    enforcement: z.enum(ENFORCEMENTS).optional().describe('New enforcement: off, warn or block.'),
    allowUnplannedEvents: z.boolean().optional().describe('Whether events the plan does not list pass.'),
    upsertEvents: z.array(planEventSchema).max(500).optional().describe('Events to add, or to replace when the name is already planned.'),
    removeEvents: z.array(z.string().min(1)).max(500).optional().describe('Names of planned events to remove.'),
  }),
  output: planOutput,
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
  scope: 'write',
  examples: [{ id: 'roast-origin', allowUnplannedEvents: true }],
  async handler(input, ctx) {
    const { id, ...change } = input;
    const { plan, version } = await ctx.services.plans.update(ctx.principal.workspaceId, id, change);
    return planView(plan, version);
  },
});
