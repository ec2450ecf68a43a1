import type { AliasTable } from '../../tool/aliases.js';
import type { AnyTool } from '../../tool/define-tool.js';
import { approveDecisionObject } from './approve-decision-object.js';
import { createAuthorityGrant } from './create-authority-grant.js';
import { createContextContract } from './create-context-contract.js';
import { createDecisionObject } from './create-decision-object.js';
import { enforceAction } from './enforce-action.js';
import { getAuthorityGrant } from './get-authority-grant.js';
import { getContextContract } from './get-context-contract.js';
import { getDecisionObject } from './get-decision-object.js';
import { getEnforcementReceipt } from './get-enforcement-receipt.js';
import { listAuthorityGrants } from './list-authority-grants.js';
import { listContextContracts } from './list-context-contracts.js';
import { listDecisionObjects } from './list-decision-objects.js';
import { listEnforcementReceipts } from './list-enforcement-receipts.js';
import { rejectDecisionObject } from './reject-decision-object.js';
import { revokeAuthorityGrant } from './revoke-authority-grant.js';
import { revokeContextContract } from './revoke-context-contract.js';
import { revokeDecisionObject } from './revoke-decision-object.js';
import { updateDecisionObject } from './update-decision-object.js';
import { verifyEnforcementReceipts } from './verify-enforcement-receipts.js';

export const governanceTools: readonly AnyTool[] = [
  createDecisionObject,
  getDecisionObject,
  listDecisionObjects,
  updateDecisionObject,
  revokeDecisionObject,
  approveDecisionObject,
  rejectDecisionObject,
  createAuthorityGrant,
  getAuthorityGrant,
  listAuthorityGrants,
  revokeAuthorityGrant,
  createContextContract,
  getContextContract,
  listContextContracts,
  revokeContextContract,
  enforceAction,
  listEnforcementReceipts,
  getEnforcementReceipt,
  verifyEnforcementReceipts,
];

export const governanceAliases: AliasTable = {
  rest: [
    { tool: 'create_decision_object', method: 'POST', path: '/api/governance/decisions', status: 201 },
    { tool: 'list_decision_objects', method: 'GET', path: '/api/governance/decisions' },
    { tool: 'get_decision_object', method: 'GET', path: '/api/governance/decisions/{id}' },
    { tool: 'update_decision_object', method: 'PATCH', path: '/api/governance/decisions/{id}' },
    { tool: 'revoke_decision_object', method: 'POST', path: '/api/governance/decisions/{id}/revoke' },
    { tool: 'approve_decision_object', method: 'POST', path: '/api/governance/decisions/{id}/approve' },
    { tool: 'reject_decision_object', method: 'POST', path: '/api/governance/decisions/{id}/reject' },
    { tool: 'create_authority_grant', method: 'POST', path: '/api/governance/grants', status: 201 },
    { tool: 'list_authority_grants', method: 'GET', path: '/api/governance/grants' },
    { tool: 'get_authority_grant', method: 'GET', path: '/api/governance/grants/{id}' },
    { tool: 'revoke_authority_grant', method: 'POST', path: '/api/governance/grants/{id}/revoke' },
    { tool: 'create_context_contract', method: 'POST', path: '/api/governance/contracts', status: 201 },
    { tool: 'list_context_contracts', method: 'GET', path: '/api/governance/contracts' },
    { tool: 'get_context_contract', method: 'GET', path: '/api/governance/contracts/{id}' },
    { tool: 'revoke_context_contract', method: 'POST', path: '/api/governance/contracts/{id}/revoke' },
    { tool: 'enforce_action', method: 'POST', path: '/api/governance/enforce' },
    { tool: 'list_enforcement_receipts', method: 'GET', path: '/api/governance/receipts' },
    { tool: 'verify_enforcement_receipts', method: 'GET', path: '/api/governance/receipts/verify' },
    { tool: 'get_enforcement_receipt', method: 'GET', path: '/api/governance/receipts/{id}' },
  ],
  cli: [
    { tool: 'create_decision_object', command: 'decision-create', positionals: [{ field: 'action', required: true }, { json: true }] },
    { tool: 'list_decision_objects', command: 'decisions', positionals: [{ json: true }] },
    { tool: 'get_decision_object', command: 'decision', positionals: [{ field: 'id', required: true }] },
    { tool: 'update_decision_object', command: 'decision-update', positionals: [{ field: 'id', required: true }, { json: true }] },
    { tool: 'revoke_decision_object', command: 'decision-revoke', positionals: [{ field: 'id', required: true }, { json: true }] },
    { tool: 'approve_decision_object', command: 'approve', positionals: [{ field: 'id', required: true }, { json: true }] },
    { tool: 'reject_decision_object', command: 'reject', positionals: [{ field: 'id', required: true }, { json: true }] },
    { tool: 'create_authority_grant', command: 'grant-create', positionals: [{ json: true }] },
    { tool: 'list_authority_grants', command: 'grants', positionals: [{ json: true }] },
    { tool: 'get_authority_grant', command: 'grant', positionals: [{ field: 'id', required: true }] },
    { tool: 'revoke_authority_grant', command: 'grant-revoke', positionals: [{ field: 'id', required: true }] },
    { tool: 'create_context_contract', command: 'contract-create', positionals: [{ json: true }] },
    { tool: 'list_context_contracts', command: 'contracts', positionals: [{ json: true }] },
    { tool: 'get_context_contract', command: 'contract', positionals: [{ field: 'id', required: true }] },
    { tool: 'revoke_context_contract', command: 'contract-revoke', positionals: [{ field: 'id', required: true }] },
    { tool: 'enforce_action', command: 'enforce', positionals: [{ field: 'proposedAction', json: true, required: true }, { json: true }] },
    { tool: 'list_enforcement_receipts', command: 'receipts', positionals: [{ json: true }] },
    { tool: 'get_enforcement_receipt', command: 'receipt', positionals: [{ field: 'id', required: true }] },
    { tool: 'verify_enforcement_receipts', command: 'receipts-verify', positionals: [] },
  ],
};
