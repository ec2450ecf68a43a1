import { z } from 'zod';
import { effectiveStatus } from '../../domain/governance/decisions.js';
import type { Contract, Decision, Grant, Receipt } from '../../domain/governance/model.js';
import { CAP_PERIODS, COMPLIANCE_PACKS, DECISION_STATUSES, iso, OUTCOMES, RISKS, TRANSITIONS, TRUST_TIERS } from '../../domain/governance/model.js';

const time = (what: string) => z.string().nullable().describe(`${what} (ISO 8601), or null.`);

export const decisionOutput = z
  .object({
    id: z.string().describe('DecisionObject id.'),
    version: z.number().int().describe('Version, +1 on every change.'),
    action: z.string().describe('The governed action, e.g. campaign.scale.'),
    status: z.enum(DECISION_STATUSES).describe('Lifecycle state (expired once expiresAt passed while open).'),
    legalNextStates: z.array(z.enum(DECISION_STATUSES)).describe('States it may move to from here.'),
    risk: z.enum(RISKS).describe('Risk level.'),
    amount: z.number().nullable().describe('Amount the decision covers, or null.'),
    currency: z.string().nullable().describe('ISO 4217 currency of the amount, or null.'),
    requester: z
      .object({
        kind: z.enum(['agent', 'person']).describe('Whether an agent or a person asked.'),
        id: z.string().describe('Agent or person id.'),
        role: z.string().nullable().describe('Role of the requester, if given.'),
        keyId: z.string().nullable().describe('API key that created it (null: the local operator).'),
      })
      .describe('Who asked for the action.'),
    expiresAt: time('When it expires'),
    traceId: z.string().nullable().describe('Linked trace id.'),
    eventIds: z.array(z.string()).describe('Linked event ids.'),
    evidence: z.array(z.record(z.string(), z.unknown())).describe('Evidence items the receipt maps compliance controls to.'),
    approvals: z
      .array(
        z.object({
          by: z.string().describe('Approver key id, or local.'),
          decision: z.enum(['approved', 'rejected', 'released']).describe('What the approver decided.'),
          at: z.string().describe('When (ISO 8601).'),
          note: z.string().nullable().describe('Approver note.'),
        }),
      )
      .describe('Approvals, releases and rejections so far.'),
    createdAt: z.string().describe('Created (ISO 8601).'),
    updatedAt: z.string().describe('Last changed (ISO 8601).'),
  })
  .meta({ id: 'DecisionObject' });

export function decisionView(decision: Decision, now: number): z.input<typeof decisionOutput> {
  const status = effectiveStatus(decision, now);
  return {
    id: decision.id,
    version: decision.version,
    action: decision.action,
    status,
    legalNextStates: [...TRANSITIONS[status]],
    risk: decision.risk,
    amount: decision.amount,
    currency: decision.currency,
    requester: decision.requester,
    expiresAt: iso(decision.expiresAt),
    traceId: decision.traceId,
    eventIds: decision.eventIds,
    evidence: decision.evidence,
    approvals: decision.approvals.map((approval) => ({ ...approval, at: iso(approval.at)! })),
    createdAt: iso(decision.createdAt)!,
    updatedAt: iso(decision.updatedAt)!,
  };
}

export const grantOutput = z
  .object({
    id: z.string().describe('AuthorityGrant id.'),
    version: z.number().int().describe('Version (2 once revoked).'),
    name: z.string().nullable().describe('Name.'),
    principal: z
      .object({
        agentId: z.string().nullable().describe('Agent (decision requester id) it is for, or null for any.'),
        keyId: z.string().nullable().describe('API key that must call enforce, or null for any.'),
        role: z.string().nullable().describe('Requester role it is for, or null for any.'),
      })
      .describe('Who the grant is for.'),
    actions: z.array(z.string()).describe('Action globs it covers, e.g. campaign.*.'),
    currency: z.string().describe('Currency of its caps.'),
    caps: z
      .array(z.object({ maxAmount: z.number().describe('Cap.'), period: z.enum(CAP_PERIODS).describe('call, or UTC day/week/month.'), actions: z.string().nullable().describe('Glob it applies to, or null for all the grant covers.') }))
      .describe('Amount caps; period caps sum the allowed amounts of the period.'),
    overCap: z.enum(['deny', 'escrow']).describe('Outcome when a cap would be exceeded.'),
    approvalAbove: z.number().nullable().describe('Amounts above this need a person\'s approval on the decision.'),
    validFrom: time('Valid from'),
    validUntil: time('Valid until'),
    revokedAt: time('Revoked at'),
    active: z.boolean().describe('Not revoked and within its validity now.'),
    createdAt: z.string().describe('Created (ISO 8601).'),
  })
  .meta({ id: 'AuthorityGrant' });

export function grantView(grant: Grant, now: number): z.input<typeof grantOutput> {
  const active = grant.revokedAt === null && (grant.validFrom === null || grant.validFrom <= now) && (grant.validUntil === null || now < grant.validUntil);
  return { ...grant, validFrom: iso(grant.validFrom), validUntil: iso(grant.validUntil), revokedAt: iso(grant.revokedAt), active, createdAt: iso(grant.createdAt)! };
}

export const requirementSchema = z.object({
  field: z.string().min(1).max(200).regex(/^[A-Za-z0-9_]+(\.[A-Za-z0-9_]+)*$/, 'must be a dotted path such as attribution.snapshotId').describe('Dotted path into the enforce call\'s `context`, e.g. healthScore or attribution.snapshotId.'),
  op: z.enum(['present', 'gte', 'lte', 'eq']).default('present').describe('present (default), gte/lte (numbers) or eq.'),
  value: z.union([z.string(), z.number(), z.boolean(), z.null()]).default(null).describe('Bound for gte/lte/eq.'),
});

export const compliancePackSchema = z.object({
  pack: z.enum(COMPLIANCE_PACKS).describe('Compliance pack.'),
  controls: z.array(z.string().min(1).max(100)).min(1).max(100).describe('Control ids the receipt maps evidence to, e.g. CC8.1.'),
});

export const contractOutput = z
  .object({
    id: z.string().describe('ContextContract id.'),
    version: z.number().int().describe('Version (2 once revoked).'),
    name: z.string().nullable().describe('Name.'),
    actions: z.array(z.string()).describe('Action globs it applies to (empty: any, when passed explicitly).'),
    required: z.array(z.object({ field: z.string().describe('Path in context.'), op: z.enum(['present', 'gte', 'lte', 'eq']).describe('Operator.'), value: z.union([z.string(), z.number(), z.boolean(), z.null()]).describe('Bound.') })).describe('Required context.'),
    minTrustTier: z.enum(TRUST_TIERS).nullable().describe('Minimum trust tier T0..T4, or null.'),
    requiresAttestation: z.boolean().describe('Whether an attestation of the proposed action is required.'),
    onMissing: z.enum(['deny', 'escrow']).describe('Outcome when required context is missing or out of bounds.'),
    compliance: z.array(z.object({ pack: z.enum(COMPLIANCE_PACKS).describe('Pack.'), controls: z.array(z.string()).describe('Control ids.') })).describe('Compliance packs and their controls.'),
    revokedAt: time('Revoked at'),
    createdAt: z.string().describe('Created (ISO 8601).'),
  })
  .meta({ id: 'ContextContract' });

export function contractView(contract: Contract): z.input<typeof contractOutput> {
  return { ...contract, revokedAt: iso(contract.revokedAt), createdAt: iso(contract.createdAt)! };
}

export const reasonSchema = z.object({
  code: z.string().describe('Reason code, e.g. CAP_EXCEEDED.'),
  check: z.string().describe('The check that gave it: decision, grant, contract, trust_tier, compliance, attestation.'),
  effect: z.enum(OUTCOMES).describe('The outcome this reason alone leads to.'),
  message: z.string().describe('What was found.'),
  wouldChange: z.string().describe('What would change the outcome.'),
});

export const receiptOutput = z
  .object({
    id: z.string().describe('Receipt id.'),
    seq: z.number().int().describe('Position in the workspace\'s chain (1, 2, …).'),
    createdAt: z.string().describe('When (ISO 8601).'),
    principal: z.object({ kind: z.string().describe('Caller kind.'), keyId: z.string().nullable().describe('Caller key id (null: local operator).') }).describe('Who called enforce.'),
    action: z.string().describe('Proposed action.'),
    amount: z.number().nullable().describe('Proposed amount.'),
    currency: z.string().nullable().describe('Proposed currency.'),
    outcome: z.enum(OUTCOMES).describe('allow, deny, escrow or needs_human_approval.'),
    reasons: z.array(reasonSchema).describe('Every reason, in check order.'),
    inputs: z.object({ proposedAction: z.string().describe('sha-256 (hex) of its RFC 8785 JSON.'), refs: z.string().describe('sha-256 of the refs.'), context: z.string().describe('sha-256 of the context.'), attestation: z.string().describe('sha-256 of the attestation input.') }).describe('Hashes of the inputs.'),
    decision: z.object({ id: z.string().describe('Id.'), version: z.number().int().describe('Version judged.'), status: z.string().describe('Status after the call.') }).nullable().describe('The DecisionObject.'),
    grant: z.object({ id: z.string().describe('Id.'), version: z.number().int().describe('Version judged.') }).nullable().describe('The AuthorityGrant used.'),
    contract: z.object({ id: z.string().describe('Id.'), version: z.number().int().describe('Version judged.') }).nullable().describe('The ContextContract used.'),
    compliance: z.array(z.object({ pack: z.string().describe('Pack.'), controlId: z.string().describe('Control.'), evidence: z.array(z.string()).describe('sha-256 of each evidence item.') })).describe('Controls mapped to evidence.'),
    attestation: z.object({ provider: z.string().describe('software_local.'), keyId: z.string().describe('Workspace key id.'), signature: z.string().describe('Ed25519 signature (base64url) of the canonical proposed action.'), valid: z.boolean().describe('Whether it verified.') }).nullable().describe('The attestation, if any.'),
    prevHash: z.string().nullable().describe('Hash of the previous receipt (null for the first).'),
    hash: z.string().describe('sha-256 of this receipt\'s RFC 8785 JSON without `hash`.'),
  })
  .meta({ id: 'EnforcementReceipt' });

export const receiptView = (receipt: Receipt): z.input<typeof receiptOutput> => ({ ...receipt, createdAt: iso(receipt.createdAt)! });

export const timeField = (what: string) => z.iso.datetime({ offset: true }).describe(`${what} (ISO 8601).`);
export const toMs = (value: string | undefined): number | undefined => (value === undefined ? undefined : Date.parse(value));
