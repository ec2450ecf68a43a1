import type { AliasTable } from '../../tool/aliases.js';
import type { AnyTool } from '../../tool/define-tool.js';
import { getAgentContext } from './get-agent-context.js';

export const intelligenceTools: readonly AnyTool[] = [getAgentContext];

export const intelligenceAliases: AliasTable = {
  rest: [{ tool: 'get_agent_context', method: 'POST', path: '/api/intelligence/agent-context' }],
  cli: [{ tool: 'get_agent_context', command: 'agent-context', positionals: [{ field: 'mode', required: true }, { json: true }] }],
};
