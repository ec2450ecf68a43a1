import { z } from 'zod';
import { ENFORCEMENTS, planEventSchema, planOutput, planView } from '../../domain/plans/plan.js';
import { defineTool } from '../../tool/define-tool.js';

export const createTrackingPlan = defineTool({
  name: 'create_tracking_plan',
  title: 'Create a tracking plan',
  description:
    'Create a tracking plan: the events a workspace (or one business) should send, each with a JSON Schema of its ' +
    'properties, and how ingest enforces it (off, warn: stored with violations in context.trackingPlans, block: ' +
    'refused with the field named). Start from a vertical template (list_tracking_plan_templates) and/or give ' +
    '`events`. The id is a slug of the name. To change a plan use update_tracking_plan (a new version). Every ingest ' +
    'path enforces it at once in this process, within 2 s in other processes on the same database.',
  toolset: 'plans',
  input: z.object({
    name: z.string().min(1).max(200).describe('Plan name; its slug becomes the id (e.g. "Roast & Origin" → roast-origin).'),
    vertical: z.string().min(1).max(100).optional().describe('Template to start from (e.g. dtc_commerce_ops, creator_studio, field_services).'),
    businessId: z.string().min(1).max(200).optional().describe('Only events of this business are checked; omit for every business of the workspace.'),
    enforcement: z.enum(ENFORCEMENTS).optional().describe('off, warn (default) or block.'),
    allowUnplannedEvents: z.boolean().optional().describe('Whether events the plan does not list pass (default true; false makes them violations).'),
    events: z.array(planEventSchema).max(500).optional().describe('Planned events, added to (or replacing by name) the template\'s.'),
  }),
  output: planOutput,
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
  scope: 'write',
  examples: [
    { name: 'Roast & Origin', vertical: 'dtc_commerce_ops' },
    {
      name: 'Field crew plan',
      enforcement: 'block',
      businessId: 'crew-east',
      events: [
        {
          name: 'job.completed',
          description: 'A job was finished.',
          properties: { type: 'object', properties: { jobId: { type: 'string' }, hours: { type: 'number', minimum: 0 } }, required: ['jobId'] },
        },
      ],
    },
  ],
  async handler(input, ctx) {
    const { plan, version } = await ctx.services.plans.create(ctx.principal.workspaceId, input);
    return planView(plan, version);
  },
});
