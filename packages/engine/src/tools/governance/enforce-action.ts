import { z } from 'zod';
import { actionName, currencyCode, OUTCOMES, TRUST_TIERS } from '../../domain/governance/model.js';
import { defineTool } from '../../tool/define-tool.js';
import { reasonSchema, receiptOutput, receiptView } from './views.js';

export const enforceAction = defineTool({
  name: 'enforce_action',
  title: 'Enforce a proposed action',
  description:
    'Ask whether a consequential action may run now, before running it. Checks in this order: the API scope (write; a key revoked ' +
    'since it authenticated is refused), the DecisionObject (approved or released, not expired, same action, amount within it), the AuthorityGrant (active, ' +
    'its bound API key not revoked, for this caller, covers the action, caps per call and the UTC period\'s running total of allowed amounts, approval ' +
    'threshold), the ContextContract (required context, trust tier, compliance evidence, attestation). Outcome: allow ' +
    '(the decision becomes executed and the amount counts toward the caps), deny, escrow (held: the decision becomes ' +
    'escrowed until released) or needs_human_approval, with every reason and what would change it. Every call appends ' +
    'a hash-chained EnforcementReceipt, durable before the answer. Same inputs and state, same outcome.',
  toolset: 'governance',
  input: z.object({
    decisionObjectId: z.string().min(1).max(200).describe('The DecisionObject this action executes (create_decision_object).'),
    authorityGrantId: z.string().min(1).max(200).optional().describe('Grant to judge it under; default: the first active grant covering the action.'),
    contextContractId: z.string().min(1).max(200).optional().describe('Contract to judge it under; default: the first active contract whose actions cover it.'),
    proposedAction: z
      .object({
        action: actionName.describe('The action, e.g. campaign.scale.'),
        amount: z.number().min(0).optional().describe('Amount it spends or moves.'),
        currency: currencyCode.optional().describe('ISO 4217 currency of the amount.'),
      })
      .catchall(z.unknown())
      .describe('The action as it would run, e.g. {action, amount, currency, businessId, campaignId}; extra fields are part of what is attested and hashed.'),
    context: z.record(z.string(), z.unknown()).optional().describe('Context the contract requires, e.g. {attribution: {snapshotId}, healthScore: 82}.'),
    trustTier: z.enum(TRUST_TIERS).optional().describe('Trust tier (T0..T4) of the evidence the action rests on (default T0).'),
    attestation: z
      .object({
        provider: z.literal('software_local').describe('software_local: the engine signs the canonical proposed action with the workspace Ed25519 key.'),
        signature: z.string().min(1).max(200).optional().describe('A signature (base64url) to verify instead of signing; an invalid one is a deny reason.'),
      })
      .optional()
      .describe('Attestation of the proposed action.'),
  }),
  output: z.object({
    outcome: z.enum(OUTCOMES).describe('allow, deny, escrow or needs_human_approval.'),
    reasons: z.array(reasonSchema).describe('Every reason, in check order (empty on allow).'),
    decisionStatus: z.string().nullable().describe('The DecisionObject\'s status after the call.'),
    receipt: receiptOutput.describe('The EnforcementReceipt appended for this call.'),
  }),
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
  scope: 'write',
  examples: [
    {
      decisionObjectId: 'dec_seed_approved',
      authorityGrantId: 'grant_seed',
      contextContractId: 'ctr_seed',
      proposedAction: { action: 'campaign.scale', amount: 500, currency: 'USD' },
      attestation: { provider: 'software_local' },
    },
  ],
  async handler(input, ctx) {
    const result = await ctx.services.governance.enforce(ctx.principal, input);
    return { outcome: result.outcome, reasons: result.receipt.reasons, decisionStatus: result.decisionStatus, receipt: receiptView(result.receipt) };
  },
});
