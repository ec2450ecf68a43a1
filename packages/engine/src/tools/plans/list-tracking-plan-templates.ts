import { z } from 'zod';
import { planEventOutput } from '../../domain/plans/plan.js';
import { defineTool } from '../../tool/define-tool.js';
import { READ_ONLY } from '../shared.js';

export const listTrackingPlanTemplates = defineTool({
  name: 'list_tracking_plan_templates',
  title: 'List tracking plan templates',
  description:
    'The vertical templates create_tracking_plan starts from (`vertical`): DTC commerce, creator studio, field ' +
    'services, each with its events and property schemas. A fixed, short list (no paging).',
  toolset: 'plans',
  input: z.object({
    vertical: z.string().min(1).max(100).optional().describe('Only this template (e.g. dtc_commerce_ops).'),
  }),
  output: z.object({
    templates: z
      .array(
        z.object({
          vertical: z.string().describe('The value of create_tracking_plan\'s `vertical`.'),
          title: z.string().describe('Display title.'),
          description: z.string().describe('What kind of business it fits.'),
          events: z.array(planEventOutput).describe('Its planned events.'),
        }),
      )
      .describe('The templates, a handful at most.'),
  }),
  annotations: READ_ONLY,
  scope: 'read',
  examples: [{}, { vertical: 'field_services' }],
  async handler(input, ctx) {
    const templates = ctx.services.plans.templates().filter((template) => input.vertical === undefined || template.vertical === input.vertical);
    return { templates: templates.map((template) => ({ ...template, events: template.events.map((event) => ({ ...event })) })) };
  },
});
