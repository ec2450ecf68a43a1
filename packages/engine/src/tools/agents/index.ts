import type { AliasTable } from '../../tool/aliases.js';
import type { AnyTool } from '../../tool/define-tool.js';
import { getAgentPerformance } from './get-agent-performance.js';

/** Agent analytics: reads of the agent.* events that agent-run recorders send. */
export const agentTools: readonly AnyTool[] = [getAgentPerformance];

export const agentAliases: AliasTable = {
  rest: [{ tool: 'get_agent_performance', method: 'GET', path: '/api/agents/performance' }],
  cli: [{ tool: 'get_agent_performance', command: 'agent-performance', positionals: [{ field: 'agentId' }] }],
};
