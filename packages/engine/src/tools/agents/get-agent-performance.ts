import { z } from 'zod';
import { agentPerformance } from '../../domain/agents/agent-performance.js';
import { defineTool } from '../../tool/define-tool.js';
import { afterOffset, offsetWindow, pageInput, pageOutput, readOffsetCursor } from '../paging.js';
import { READ_ONLY, resolveRange, timeRangeFields } from '../shared.js';

const rate = z.number().min(0).max(1);

export const getAgentPerformance = defineTool({
  name: 'get_agent_performance',
  title: 'Agent performance',
  description:
    'How well each AI agent performs, from the agent.run.* and agent.tool.* events that the LangChain, LlamaIndex, ' +
    'OpenAI and agent-hook recorders send: runs, successRate (0 to 1), p50/p95/average run latency in ms, tokens, LLM ' +
    'calls, tool calls and toolErrorRate. Use it to compare agents or to check one agent (`agentId`) over a time range; ' +
    'to inspect one run, call query_events with its traceId. Most runs first, paged: pass `nextCursor` back as `cursor`.',
  toolset: 'agents',
  input: z.object({
    agentId: z.string().min(1).max(256).optional().describe('Only this agent (the actor id its events were recorded with).'),
    ...timeRangeFields,
    businessId: z.string().min(1).optional().describe('Only events of this business (a project id is its business id).'),
    ...pageInput(100, 1000),
  }),
  output: z.object({
    agents: z.array(
      z.object({
        agentId: z.string(),
        runs: z.number().int(),
        succeeded: z.number().int(),
        failed: z.number().int(),
        successRate: rate,
        latencyMs: z.object({ p50: z.number().nullable(), p95: z.number().nullable(), avg: z.number().nullable() }).describe('Run latency; null without runs.'),
        tokens: z.object({ input: z.number(), output: z.number(), total: z.number() }),
        llmCalls: z.number().int(),
        toolCalls: z.number().int(),
        toolErrors: z.number().int(),
        toolErrorRate: rate,
      }),
    ).describe('One entry per agent, most runs first (ties by agentId).'),
    from: z.number().int(),
    to: z.number().int(),
    ...pageOutput(),
  }),
  annotations: READ_ONLY,
  scope: 'read',
  examples: [{}, { agentId: 'growth-agent' }],
  page: { rows: 'agents', cursorKey: 'nextCursor', cursorAfter: afterOffset },
  async handler(input, ctx) {
    const range = resolveRange(input, ctx.clock());
    const agents = await agentPerformance(ctx.services.store, ctx.principal.workspaceId, {
      ...range,
      ...(input.agentId ? { agentId: input.agentId } : {}),
      ...(input.businessId ? { businessId: input.businessId } : {}),
    });
    const offset = readOffsetCursor(input.cursor);
    const { rows, next } = offsetWindow(agents, offset, input.limit);
    return { agents: rows, ...range, nextCursor: next, truncated: false };
  },
});
