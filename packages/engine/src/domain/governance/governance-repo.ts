import type { Contract, Decision, DecisionStatus, Grant, Receipt } from './model.js';

/** A period cap's running total: a grant's allowed amounts for actions matching the glob since the period's start. */
export interface CapTotalKey {
  grantId: string;
  period: 'day' | 'week' | 'month';
  actionsGlob: string;
  since: number;
}

/** A running-total condition the receipt insert re-checks inside its write transaction (and then adds to). */
export interface CapCondition extends CapTotalKey {
  amount: number;
  maxAmount: number;
}

/** The decision change that commits with the receipt (only when the decision is still at `fromVersion`). */
export interface DecisionMove {
  id: string;
  fromVersion: number;
  status: DecisionStatus;
  decision: Decision;
}

export type GovernanceKind = 'grant' | 'contract';

/** Storage of the governance domain. Receipts are append-only: the store refuses any update or delete of one. */
export interface GovernanceRepo {
  insertDecision(decision: Decision): Promise<void>;
  getDecision(workspaceId: string, id: string): Promise<Decision | undefined>;
  listDecisions(workspaceId: string, query: { status?: DecisionStatus | undefined; after?: string | undefined; limit: number }): Promise<Decision[]>;
  /** Writes `decision` if the stored one is still at `fromVersion`; false when another write came first. */
  updateDecision(decision: Decision, fromVersion: number): Promise<boolean>;

  insertGrant(grant: Grant): Promise<void>;
  getGrant(workspaceId: string, id: string): Promise<Grant | undefined>;
  listGrants(workspaceId: string, query: { after?: string | undefined; limit: number }): Promise<Grant[]>;
  updateGrant(grant: Grant): Promise<void>;

  insertContract(contract: Contract): Promise<void>;
  getContract(workspaceId: string, id: string): Promise<Contract | undefined>;
  listContracts(workspaceId: string, query: { after?: string | undefined; limit: number }): Promise<Contract[]>;
  updateContract(contract: Contract): Promise<void>;

  /** When each of these API keys of the workspace was revoked (keys not revoked, or unknown, are absent). */
  revokedKeys(workspaceId: string, keyIds: readonly string[]): Promise<Map<string, number>>;
  /** The workspace's chain head (newest receipt's seq and hash), if any. */
  chainHead(workspaceId: string): Promise<{ seq: number; hash: string } | undefined>;
  /** The running totals of a grant's period caps, in the order of `keys` (0 where nothing was allowed yet). */
  runningTotals(workspaceId: string, keys: readonly CapTotalKey[]): Promise<number[]>;
  /**
   * Appends `receipt` in one durable write transaction, only if the chain head is still `receipt.prevHash`, every
   * cap condition still holds, and the decision is still at its version; then adds the amount to each cap's running
   * total and moves the decision. False when any of those changed meanwhile (the caller re-evaluates).
   */
  appendReceipt(workspaceId: string, receipt: Receipt, caps: CapCondition[], move: DecisionMove | null): Promise<boolean>;
  getReceipt(workspaceId: string, id: string): Promise<{ receipt: Receipt; stored: { outcome: string; hash: string; prevHash: string | null } } | undefined>;
  /** Receipts in chain order after `afterSeq`, each with the body as stored and its hash columns. */
  listReceipts(
    workspaceId: string,
    query: { afterSeq?: number | undefined; beforeSeq?: number | undefined; descending?: boolean; outcome?: string | undefined; decisionId?: string | undefined; limit: number },
  ): Promise<Array<{ receipt: Receipt; body: string; hash: string; prevHash: string | null; seq: number }>>;
}
