import type { AliasTable } from '../../tool/aliases.js';
import type { AnyTool } from '../../tool/define-tool.js';
import { createTrackingPlan } from './create-tracking-plan.js';
import { getTrackingPlan } from './get-tracking-plan.js';
import { getTrackingPlanCoverage } from './get-tracking-plan-coverage.js';
import { getTrackingPlanTypes } from './get-tracking-plan-types.js';
import { listTrackingPlanTemplates } from './list-tracking-plan-templates.js';
import { listTrackingPlans } from './list-tracking-plans.js';
import { updateTrackingPlan } from './update-tracking-plan.js';

export const plansTools: readonly AnyTool[] = [
  createTrackingPlan,
  getTrackingPlan,
  listTrackingPlans,
  updateTrackingPlan,
  listTrackingPlanTemplates,
  getTrackingPlanCoverage,
  getTrackingPlanTypes,
];

export const plansAliases: AliasTable = {
  rest: [
    { tool: 'list_tracking_plans', method: 'GET', path: '/api/tracking-plans' },
    { tool: 'create_tracking_plan', method: 'POST', path: '/api/tracking-plans', status: 201 },
    { tool: 'list_tracking_plan_templates', method: 'GET', path: '/api/tracking-plan-templates' },
    { tool: 'get_tracking_plan', method: 'GET', path: '/api/tracking-plans/{id}' },
    { tool: 'update_tracking_plan', method: 'PATCH', path: '/api/tracking-plans/{id}' },
    { tool: 'get_tracking_plan_coverage', method: 'GET', path: '/api/tracking-plans/{id}/coverage' },
    { tool: 'get_tracking_plan_types', method: 'GET', path: '/api/tracking-plans/{id}/types' },
  ],
  cli: [
    { tool: 'create_tracking_plan', command: 'tracking-plan-create', positionals: [{ json: true }] },
    { tool: 'get_tracking_plan', command: 'tracking-plan', positionals: [{ field: 'id', required: true }, { json: true }] },
    { tool: 'list_tracking_plans', command: 'tracking-plans', positionals: [{ json: true }] },
    { tool: 'update_tracking_plan', command: 'tracking-plan-update', positionals: [{ field: 'id', required: true }, { json: true }] },
    { tool: 'list_tracking_plan_templates', command: 'tracking-plan-templates', positionals: [{ json: true }] },
    { tool: 'get_tracking_plan_coverage', command: 'tracking-plan-coverage', positionals: [{ field: 'id', required: true }, { json: true }] },
    { tool: 'get_tracking_plan_types', command: 'tracking-plan-types', positionals: [{ field: 'id', required: true }, { json: true }] },
  ],
};
