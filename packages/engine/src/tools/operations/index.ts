import type { AliasTable } from '../../tool/aliases.js';
import type { AnyTool } from '../../tool/define-tool.js';
import { getBusinessHealth } from './get-business-health.js';
import { getWorkflowStatus } from './get-workflow-status.js';

/** Operating status: workflow runs and business health. */
export const operationsTools: readonly AnyTool[] = [getWorkflowStatus, getBusinessHealth];

export const operationsAliases: AliasTable = {
  rest: [
    { tool: 'get_workflow_status', method: 'GET', path: '/api/workflows/{workflowId}/status' },
    { tool: 'get_business_health', method: 'GET', path: '/api/businesses/{id}/health', params: { id: 'businessId' } },
  ],
  cli: [
    { tool: 'get_workflow_status', command: 'workflow-status', positionals: [{ field: 'workflowId', required: true }, { json: true }] },
    { tool: 'get_business_health', command: 'health', positionals: [{ field: 'businessId', required: true }, { json: true }] },
  ],
};
