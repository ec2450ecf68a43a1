import { z } from 'zod';
import { actionName, currencyCode, RISKS } from '../../domain/governance/model.js';
import { defineTool } from '../../tool/define-tool.js';
import { decisionOutput, decisionView, timeField, toMs } from './views.js';

export const createDecisionObject = defineTool({
  name: 'create_decision_object',
  title: 'Create a DecisionObject',
  description:
    'Record a consequential action an agent or person wants to take (e.g. campaign.scale 500 USD) before it runs, with ' +
    'its risk, requester, expiry, trace, events and evidence. Status starts as pending_approval (or draft). Who may ' +
    'create it already approved: only an admin-scoped key or the local operator; from any other key `status: approved` ' +
    'is recorded as pending_approval (see `note`) and a person approves it with approve_decision_object. Then call ' +
    'enforce_action with its id; allow moves it to executed.',
  toolset: 'governance',
  input: z.object({
    id: z.string().min(1).max(100).regex(/^[a-z0-9][a-z0-9_-]*$/, 'must be lower-case letters, digits, _ and -').optional().describe('Your own id for it (CONFLICT if taken); default: a generated dec_… id.'),
    action: actionName.describe('The action, dotted lower-case words, e.g. campaign.scale.'),
    status: z.enum(['draft', 'pending_approval', 'approved']).optional().describe('Initial status (default pending_approval; approved only from an admin key or the local operator).'),
    risk: z.enum(RISKS).optional().describe('low, medium (default), high or critical.'),
    amount: z.number().min(0).optional().describe('Amount the action spends or moves, at most this is allowed.'),
    currency: currencyCode.optional().describe('ISO 4217 currency of the amount, e.g. USD.'),
    requester: z
      .object({
        kind: z.enum(['agent', 'person']).describe('agent or person.'),
        id: z.string().min(1).max(200).describe('The agent or person id (grants with principal.agentId match it).'),
        role: z.string().min(1).max(100).optional().describe('Their role (grants with principal.role match it).'),
      })
      .optional()
      .describe('Who asks; default: the calling key (an agent) or the local operator (a person).'),
    expiresAt: timeField('After this the decision is expired').optional(),
    traceId: z.string().min(1).max(200).optional().describe('Trace id linking it to the events that led to it.'),
    eventIds: z.array(z.string().min(1).max(200)).max(100).optional().describe('Ids of events it is based on.'),
    evidence: z.array(z.record(z.string(), z.unknown())).max(100).optional().describe('Evidence items (objects), mapped to the contract\'s compliance controls in the receipt.'),
  }),
  output: decisionOutput.extend({ note: z.string().nullable().describe('Set when the asked status was not granted, saying why.') }),
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
  scope: 'write',
  examples: [
    { action: 'campaign.scale', status: 'approved', risk: 'medium' },
    { action: 'campaign.scale', amount: 500, currency: 'USD', risk: 'high', requester: { kind: 'agent', id: 'growth-agent' }, evidence: [{ kind: 'attribution', snapshotId: 'snap_1' }] },
  ],
  async handler(input, ctx) {
    const { decision, note } = await ctx.services.governance.createDecision(ctx.principal, { ...input, expiresAt: toMs(input.expiresAt) });
    return { ...decisionView(decision, ctx.clock()), note };
  },
});
