import { z } from 'zod';
import { DECISION_STATUSES, RISKS } from '../../domain/governance/model.js';
import { defineTool } from '../../tool/define-tool.js';
import { decisionOutput, decisionView, timeField, toMs } from './views.js';

export const updateDecisionObject = defineTool({
  name: 'update_decision_object',
  title: 'Update or transition a DecisionObject',
  description:
    'Move a DecisionObject along its lifecycle and/or change its open fields (risk, expiry, trace, events, evidence); ' +
    'each change is a new version. Lifecycle: draft → pending_approval → approved → executed, plus denied, ' +
    'escrowed → released, revoked, expired. An illegal move is CONFLICT naming the current state and the legal next ' +
    'ones. approved, released and denied need an admin-scoped key or the local operator and never the requester\'s own ' +
    'key (approve_decision_object / reject_decision_object say it shorter); executed comes only from enforce_action; ' +
    'revoke_decision_object revokes.',
  toolset: 'governance',
  input: z.object({
    id: z.string().min(1).max(200).describe('DecisionObject id.'),
    status: z.enum(DECISION_STATUSES).optional().describe('Next status (must be a legal next state).'),
    note: z.string().max(1000).optional().describe('Why (kept with an approval, release or rejection).'),
    risk: z.enum(RISKS).optional().describe('New risk level.'),
    expiresAt: timeField('New expiry').optional(),
    traceId: z.string().min(1).max(200).optional().describe('Linked trace id.'),
    eventIds: z.array(z.string().min(1).max(200)).max(100).optional().describe('Linked event ids (replaces the list).'),
    evidence: z.array(z.record(z.string(), z.unknown())).max(100).optional().describe('Evidence items (replaces the list).'),
  }),
  output: decisionOutput,
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
  scope: 'write',
  examples: [{ id: 'dec_seed_pending', evidence: [{ kind: 'attribution', snapshotId: 'snap_seed' }] }, { id: 'dec_seed_draft', status: 'pending_approval' }],
  async handler(input, ctx) {
    const { id, expiresAt, ...change } = input;
    return decisionView(await ctx.services.governance.updateDecision(ctx.principal, id, { ...change, expiresAt: toMs(expiresAt) }), ctx.clock());
  },
});
