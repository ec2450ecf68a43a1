import type { Contract, ContextRequirement, Decision, Grant, Outcome, Reason, TrustTier } from './model.js';
import { globMatch, TRUST_TIERS } from './model.js';

/** What an enforcement is judged on: the proposed action, the referenced objects as loaded, and the running totals. */
export interface EnforcementState {
  now: number;
  principal: { kind: string; keyId: string | null };
  proposed: { action: string; amount: number | null; currency: string | null };
  decision: Decision | undefined;
  decisionId: string;
  grant: Grant | undefined;
  grantId: string | null;
  contract: Contract | undefined;
  contractId: string | null;
  context: Record<string, unknown>;
  trustTier: TrustTier;
  /** Allowed amount so far in each period cap's window, by cap index. */
  totals: number[];
  /** Revocation times of the caller's key and the grant's key, where revoked. */
  revokedKeys: ReadonlyMap<string, number>;
  attestation: { present: boolean; valid: boolean | null; provider: string | null };
}

/** Stronger outcomes win: any deny reason denies; else any escrow escrows; else a needed approval; else allow. */
const RANK: Record<Outcome, number> = { allow: 0, needs_human_approval: 1, escrow: 2, deny: 3 };

export function outcomeOf(reasons: readonly Reason[]): Outcome {
  return reasons.reduce<Outcome>((worst, reason) => (RANK[reason.effect] > RANK[worst] ? reason.effect : worst), 'allow');
}

export function readPath(context: Record<string, unknown>, path: string): unknown {
  let value: unknown = context;
  for (const part of path.split('.')) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

export function requirementHolds(requirement: ContextRequirement, context: Record<string, unknown>): boolean {
  const value = readPath(context, requirement.field);
  if (value === undefined || value === null) return false;
  if (requirement.op === 'present') return true;
  if (requirement.op === 'eq') return value === requirement.value;
  if (typeof value !== 'number' || typeof requirement.value !== 'number') return false;
  return requirement.op === 'gte' ? value >= requirement.value : value <= requirement.value;
}

/**
 * The checks, in their documented order (the API scope is checked by the tool's `write` scope before this runs):
 * 0. The calling key: not revoked since it authenticated (KEY_REVOKED).
 * 1. DecisionObject: exists, state (approved or released proceed), expiry, same action, amount and currency within it.
 * 2. AuthorityGrant: exists, not revoked, within validFrom/validUntil, its bound API key not revoked, names the caller, covers the action and
 *    currency, every cap (per call, and per day/week/month counting the period's allowed amounts), approval threshold.
 * 3. ContextContract: not revoked, covers the action, required context present and within bounds.
 * 4. Trust tier: the supplied tier is at least the contract's minimum.
 * 5. Compliance mapping: each control of the contract's packs maps to evidence (the decision's evidence).
 * 6. Attestation: present and valid where the contract requires it.
 * Every failed check adds a reason; the same state gives the same reasons in the same order.
 */
export function evaluate(state: EnforcementState): Reason[] {
  const reasons: Reason[] = [];
  const add = (check: string, code: string, effect: Outcome, message: string, wouldChange: string) =>
    reasons.push({ code, check, effect, message, wouldChange });
  const { decision, grant, contract, proposed } = state;
  const amount = proposed.amount ?? 0;
  const revokedAt = (keyId: string | null) => (keyId === null ? undefined : state.revokedKeys.get(keyId));

  // The API scope itself is checked before this runs; a key revoked since its caller authenticated is refused here.
  const callerRevoked = revokedAt(state.principal.keyId);
  if (callerRevoked !== undefined) {
    add('scope', 'KEY_REVOKED', 'deny', `The calling API key ${state.principal.keyId} was revoked at ${new Date(callerRevoked).toISOString()}.`, 'Call with an active key (create_api_key or rotate_api_key).');
  }

  if (!decision) {
    add('decision', 'DECISION_NOT_FOUND', 'deny', `DecisionObject '${state.decisionId}' was not found in this workspace.`, 'Create it with create_decision_object and pass its id.');
  } else {
    const expired = decision.status === 'expired' || (decision.expiresAt !== null && decision.expiresAt <= state.now && !['executed', 'denied', 'revoked'].includes(decision.status));
    if (expired) {
      add('decision', 'DECISION_EXPIRED', 'deny', `DecisionObject '${decision.id}' expired at ${new Date(decision.expiresAt ?? state.now).toISOString()}.`, 'Create a new DecisionObject with a later expiresAt.');
    } else if (decision.status === 'pending_approval') {
      add('decision', 'DECISION_PENDING_APPROVAL', 'needs_human_approval', `DecisionObject '${decision.id}' is pending_approval.`, 'A person with admin rights approves it (approve_decision_object), then enforce again.');
    } else if (decision.status === 'escrowed') {
      add('decision', 'DECISION_ESCROWED', 'escrow', `DecisionObject '${decision.id}' is escrowed.`, 'It is released by a person (approve_decision_object) or once its condition is met, then enforce again.');
    } else if (decision.status === 'draft') {
      add('decision', 'DECISION_DRAFT', 'deny', `DecisionObject '${decision.id}' is a draft.`, 'Submit it (update_decision_object with status pending_approval) and have it approved.');
    } else if (decision.status !== 'approved' && decision.status !== 'released') {
      add('decision', 'DECISION_CLOSED', 'deny', `DecisionObject '${decision.id}' is ${decision.status}; it cannot be executed.`, 'Create a new DecisionObject.');
    }
    if (decision.action !== proposed.action) {
      add('decision', 'ACTION_MISMATCH', 'deny', `The proposed action '${proposed.action}' is not the decision's action '${decision.action}'.`, `Propose '${decision.action}' or use a decision for '${proposed.action}'.`);
    }
    if (decision.amount !== null && amount > decision.amount) {
      add('decision', 'AMOUNT_ABOVE_DECISION', 'deny', `The proposed amount ${amount} is above the decision's ${decision.amount}.`, `Propose at most ${decision.amount}.`);
    }
    if (decision.currency !== null && proposed.currency !== null && decision.currency !== proposed.currency) {
      add('decision', 'CURRENCY_MISMATCH', 'deny', `The proposed currency ${proposed.currency} is not the decision's ${decision.currency}.`, `Propose the amount in ${decision.currency}.`);
    }
  }

  if (!grant) {
    const message = state.grantId === null ? `No active AuthorityGrant covers '${proposed.action}' for this caller.` : `AuthorityGrant '${state.grantId}' was not found in this workspace.`;
    add('grant', 'GRANT_MISSING', 'deny', message, `Create an AuthorityGrant whose actions match '${proposed.action}' (create_authority_grant) and pass its id.`);
  } else {
    if (grant.revokedAt !== null) add('grant', 'GRANT_REVOKED', 'deny', `AuthorityGrant '${grant.id}' was revoked at ${new Date(grant.revokedAt).toISOString()}.`, 'Use an active grant.');
    if (grant.validFrom !== null && state.now < grant.validFrom) add('grant', 'GRANT_NOT_YET_VALID', 'deny', `AuthorityGrant '${grant.id}' is valid from ${new Date(grant.validFrom).toISOString()}.`, 'Enforce again once it is valid.');
    if (grant.validUntil !== null && state.now >= grant.validUntil) add('grant', 'GRANT_EXPIRED', 'deny', `AuthorityGrant '${grant.id}' expired at ${new Date(grant.validUntil).toISOString()}.`, 'Create a new grant or extend it.');
    const grantKeyRevoked = revokedAt(grant.principal.keyId);
    if (grantKeyRevoked !== undefined) {
      add('grant', 'GRANT_KEY_REVOKED', 'deny', `AuthorityGrant '${grant.id}' is bound to API key ${grant.principal.keyId}, which was revoked at ${new Date(grantKeyRevoked).toISOString()}.`,
        'Create a grant for an active key (create_authority_grant with principal.keyId).');
    }
    if (grant.principal.keyId !== null && grant.principal.keyId !== state.principal.keyId) {
      add('grant', 'GRANT_PRINCIPAL_MISMATCH', 'deny', `AuthorityGrant '${grant.id}' is for key ${grant.principal.keyId}, not the caller.`, 'Call with the key the grant names.');
    }
    if (grant.principal.agentId !== null && decision && decision.requester.id !== grant.principal.agentId) {
      add('grant', 'GRANT_PRINCIPAL_MISMATCH', 'deny', `AuthorityGrant '${grant.id}' is for agent ${grant.principal.agentId}, not the decision's requester ${decision.requester.id}.`, 'Use the grant of the requesting agent.');
    }
    if (grant.principal.role !== null && decision && decision.requester.role !== grant.principal.role) {
      add('grant', 'GRANT_PRINCIPAL_MISMATCH', 'deny', `AuthorityGrant '${grant.id}' is for role ${grant.principal.role}, not the requester's role ${decision.requester.role ?? 'none'}.`, 'Use a grant for the requester\'s role.');
    }
    if (!grant.actions.some((glob) => globMatch(glob, proposed.action))) {
      add('grant', 'GRANT_ACTION_NOT_COVERED', 'deny', `AuthorityGrant '${grant.id}' covers ${grant.actions.join(', ')}, not '${proposed.action}'.`, 'Use a grant covering the action.');
    }
    if (proposed.currency !== null && proposed.currency !== grant.currency) {
      add('grant', 'GRANT_CURRENCY_MISMATCH', 'deny', `AuthorityGrant '${grant.id}' caps amounts in ${grant.currency}, not ${proposed.currency}.`, `Propose the amount in ${grant.currency}.`);
    }
    grant.caps.forEach((cap, index) => {
      if (cap.actions !== null && !globMatch(cap.actions, proposed.action)) return;
      const total = cap.period === 'call' ? 0 : (state.totals[index] ?? 0);
      if (total + amount > cap.maxAmount) {
        const window = cap.period === 'call' ? 'per call' : `per ${cap.period} (${total} ${grant.currency} already allowed this ${cap.period})`;
        add('grant', 'CAP_EXCEEDED', grant.overCap, `${amount} ${grant.currency} is above the cap of ${cap.maxAmount} ${grant.currency} ${window}.`,
          `Propose at most ${Math.max(0, cap.maxAmount - total)} ${grant.currency}${cap.period === 'call' ? '' : `, or wait for the next ${cap.period} (UTC)`}.`);
      }
    });
    if (grant.approvalAbove !== null && amount > grant.approvalAbove && !(decision?.approvals.some((approval) => approval.decision !== 'rejected' && approval.by !== (decision.requester.keyId ?? 'local')) ?? false)) {
      add('grant', 'APPROVAL_REQUIRED', 'needs_human_approval', `Amounts above ${grant.approvalAbove} ${grant.currency} need a person's approval under AuthorityGrant '${grant.id}'.`,
        'A person with admin rights other than its requester approves the decision (approve_decision_object; creating it approved is not enough), or propose a smaller amount.');
    }
  }

  if (state.contractId !== null && !contract) {
    add('contract', 'CONTRACT_MISSING', 'deny', `ContextContract '${state.contractId}' was not found in this workspace.`, 'Pass an existing contract id (list_context_contracts).');
  }
  if (contract) {
    if (contract.revokedAt !== null) add('contract', 'CONTRACT_REVOKED', 'deny', `ContextContract '${contract.id}' was revoked.`, 'Use an active contract.');
    if (contract.actions.length > 0 && !contract.actions.some((glob) => globMatch(glob, proposed.action))) {
      add('contract', 'CONTRACT_ACTION_NOT_COVERED', 'deny', `ContextContract '${contract.id}' covers ${contract.actions.join(', ')}, not '${proposed.action}'.`, 'Use a contract covering the action.');
    }
    for (const requirement of contract.required) {
      if (requirementHolds(requirement, state.context)) continue;
      const wanted = requirement.op === 'present' ? 'present' : `${requirement.op} ${JSON.stringify(requirement.value)}`;
      const actual = readPath(state.context, requirement.field);
      add('contract', actual === undefined ? 'CONTEXT_MISSING' : 'CONTEXT_OUT_OF_BOUNDS', contract.onMissing,
        `context.${requirement.field} must be ${wanted}${actual === undefined ? ' but is missing' : ` but is ${JSON.stringify(actual)}`}.`,
        `Supply context.${requirement.field} (${wanted}).`);
    }
    if (contract.minTrustTier !== null && TRUST_TIERS.indexOf(state.trustTier) < TRUST_TIERS.indexOf(contract.minTrustTier)) {
      add('trust_tier', 'TRUST_TIER_TOO_LOW', 'deny', `Trust tier ${state.trustTier} is below the contract's minimum ${contract.minTrustTier}.`, `Act from evidence at trust tier ${contract.minTrustTier} or above.`);
    }
    if (contract.compliance.length > 0 && (decision?.evidence.length ?? 0) === 0) {
      add('compliance', 'COMPLIANCE_EVIDENCE_MISSING', 'escrow', `ContextContract '${contract.id}' maps controls (${contract.compliance.map((pack) => pack.pack).join(', ')}) to evidence, and the decision has none.`,
        'Add evidence to the decision (update_decision_object with evidence).');
    }
    if (contract.requiresAttestation && !state.attestation.present) {
      add('attestation', 'ATTESTATION_MISSING', 'deny', `ContextContract '${contract.id}' requires an attestation of the proposed action.`, "Pass attestation: { provider: 'software_local' }.");
    }
  }
  if (state.attestation.present && state.attestation.valid === false) {
    add('attestation', 'ATTESTATION_INVALID', 'deny', 'The attestation\'s signature does not verify against the canonical proposed action and the workspace key.', "Omit the signature to let software_local sign, or sign the canonical proposed action with the workspace key.");
  }
  return reasons;
}
