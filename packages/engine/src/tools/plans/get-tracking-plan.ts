import { z } from 'zod';
import { planOutput, planView } from '../../domain/plans/plan.js';
import { defineTool } from '../../tool/define-tool.js';
import { READ_ONLY } from '../shared.js';

export const getTrackingPlan = defineTool({
  name: 'get_tracking_plan',
  title: 'Get a tracking plan',
  description:
    'One tracking plan with its events and property schemas: the current (enforced) version, or any earlier one by ' +
    '`version` (versions never change). Use list_tracking_plans to find ids, get_tracking_plan_coverage for what ' +
    'was actually received against it.',
  toolset: 'plans',
  input: z.object({
    id: z.string().min(1).max(200).describe('Plan id (from create_tracking_plan or list_tracking_plans).'),
    version: z.number().int().min(1).optional().describe('Version to read; omit for the current one.'),
  }),
  output: planOutput,
  annotations: READ_ONLY,
  scope: 'read',
  examples: [{ id: 'roast-origin' }, { id: 'roast-origin', version: 1 }],
  async handler(input, ctx) {
    const { plan, version } = await ctx.services.plans.get(ctx.principal.workspaceId, input.id, input.version);
    return planView(plan, version);
  },
});
