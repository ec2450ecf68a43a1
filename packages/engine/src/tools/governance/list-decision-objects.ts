import { z } from 'zod';
import { DECISION_STATUSES } from '../../domain/governance/model.js';
import { defineTool } from '../../tool/define-tool.js';
import { nameCursor, pageInput, pageOutput, readNameCursor } from '../paging.js';
import { READ_ONLY } from '../shared.js';
import { decisionOutput, decisionView } from './views.js';

export const listDecisionObjects = defineTool({
  name: 'list_decision_objects',
  title: 'List DecisionObjects',
  description:
    'The workspace\'s DecisionObjects in id order (ids sort by creation time), optionally one status (stored status; ' +
    'an open decision past expiresAt shows as expired). get_decision_object answers one. Pass `nextCursor` as `cursor`.',
  toolset: 'governance',
  input: z.object({ status: z.enum(DECISION_STATUSES).optional().describe('Only decisions stored with this status.'), ...pageInput(50, 200) }),
  output: z.object({ decisions: z.array(decisionOutput), ...pageOutput() }),
  page: { rows: 'decisions', cursorKey: 'nextCursor', cursorAfter: (row) => nameCursor((row as { id: string }).id) },
  annotations: READ_ONLY,
  scope: 'read',
  examples: [{}, { status: 'approved', limit: 10 }],
  async handler(input, ctx) {
    const found = await ctx.services.governance.listDecisions(ctx.principal.workspaceId, { status: input.status, after: readNameCursor(input.cursor), limit: input.limit + 1 });
    const decisions = found.slice(0, input.limit).map((decision) => decisionView(decision, ctx.clock()));
    return { decisions, nextCursor: found.length > input.limit ? nameCursor(decisions.at(-1)!.id) : null };
  },
});
