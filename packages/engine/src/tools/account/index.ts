import type { AliasTable } from '../../tool/aliases.js';
import type { AnyTool } from '../../tool/define-tool.js';
import { getAccount } from './get-account.js';
import { rotateApiKey } from './rotate-api-key.js';
import { updateAccount } from './update-account.js';

/** The account of the Agent Analytics API = the workspace: tier, limits (enforced), usage, key rotation. */
export const accountTools: readonly AnyTool[] = [getAccount, updateAccount, rotateApiKey];

export const accountAliases: AliasTable = {
  rest: [
    { tool: 'get_account', method: 'GET', path: '/account', auth: 'agent-analytics' },
    { tool: 'rotate_api_key', method: 'POST', path: '/account/revoke-key', auth: 'agent-analytics', fields: { key_id: 'keyId' } },
    { tool: 'update_account', method: 'PATCH', path: '/api/account' },
  ],
  cli: [
    { tool: 'get_account', command: 'account', positionals: [] },
    { tool: 'update_account', command: 'account-update', positionals: [{ json: true }] },
    { tool: 'rotate_api_key', command: 'key-rotate', positionals: [{ field: 'keyId' }] },
  ],
};
