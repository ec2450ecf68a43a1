import type { AliasTable } from '../../tool/aliases.js';
import type { AnyTool } from '../../tool/define-tool.js';
import { getSigningKey } from './get-signing-key.js';

export const signingTools: readonly AnyTool[] = [getSigningKey];

export const signingAliases: AliasTable = {
  rest: [{ tool: 'get_signing_key', method: 'GET', path: '/api/signing-key' }],
  cli: [{ tool: 'get_signing_key', command: 'signing-key', positionals: [] }],
};
