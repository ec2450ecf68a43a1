import type { Principal } from '../../context.js';
import { conflict, forbidden } from '../../errors/engine-error.js';
import type { Decision, DecisionStatus } from './model.js';
import { TRANSITIONS } from './model.js';

/** Who may approve, release or reject, and create a decision already approved: the local operator or an admin-scoped key. */
export const canApprove = (principal: Principal): boolean => principal.kind === 'local' || principal.scopes.includes('admin');

/** The approver's name in a decision's approvals: the key id, or `local` for the embedded operator. */
export const approverOf = (principal: Principal): string => principal.keyId ?? 'local';

/** The stored status, or `expired` once its expiry has passed while still open. */
export function effectiveStatus(decision: Decision, now: number): DecisionStatus {
  const open = !['executed', 'denied', 'revoked', 'expired'].includes(decision.status);
  return open && decision.expiresAt !== null && decision.expiresAt <= now ? 'expired' : decision.status;
}

/** Refuses a transition the lifecycle does not have, naming the current state and the legal next ones. */
export function assertTransition(decision: Decision, to: DecisionStatus, now: number): void {
  const from = effectiveStatus(decision, now);
  const legal = TRANSITIONS[from];
  if (!legal.includes(to)) {
    throw conflict(
      `DecisionObject '${decision.id}' is ${from}; it cannot move to ${to}. Legal next states: ${legal.length ? legal.join(', ') : 'none (terminal)'}.`,
      { current: from, requested: to, legal: [...legal] },
    );
  }
}

/** Approving, releasing or rejecting needs that right, and never the requester's own key. */
export function assertApprover(decision: Decision, principal: Principal): void {
  if (!canApprove(principal)) throw forbidden('Only an admin-scoped key or the local operator may approve, release or reject a DecisionObject.');
  if (principal.keyId !== null && principal.keyId === decision.requester.keyId) {
    throw forbidden(`Key ${principal.keyId} requested DecisionObject '${decision.id}'; a requester cannot approve, release or reject its own request.`);
  }
}
