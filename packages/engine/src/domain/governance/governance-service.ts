import { randomUUID } from 'node:crypto';
import { ulid } from 'ulid';
import type { Principal } from '../../context.js';
import { conflict, notFound } from '../../errors/engine-error.js';
import type { SigningService } from '../signing/signing-service.js';
import { approverOf, assertApprover, assertTransition, canApprove, effectiveStatus } from './decisions.js';
import { evaluate, outcomeOf } from './evaluate.js';
import type { CapCondition, CapTotalKey, DecisionMove, GovernanceRepo } from './governance-repo.js';
import type { Contract, Decision, DecisionStatus, Grant, Outcome, Receipt, Requester, TrustTier } from './model.js';
import { globMatch, periodStart } from './model.js';
import { canonical, receiptHash, sha256 } from './receipts.js';

export interface DecisionInput {
  action: string;
  status?: 'draft' | 'pending_approval' | 'approved' | undefined;
  risk?: Decision['risk'] | undefined;
  amount?: number | undefined;
  currency?: string | undefined;
  requester?: { kind: 'agent' | 'person'; id: string; role?: string | undefined } | undefined;
  expiresAt?: number | undefined;
  traceId?: string | undefined;
  eventIds?: string[] | undefined;
  evidence?: Record<string, unknown>[] | undefined;
  id?: string | undefined;
}

export interface EnforceInput {
  decisionObjectId: string;
  authorityGrantId?: string | undefined;
  contextContractId?: string | undefined;
  proposedAction: { action: string; amount?: number | undefined; currency?: string | undefined; [key: string]: unknown };
  context?: Record<string, unknown> | undefined;
  trustTier?: TrustTier | undefined;
  attestation?: { provider: 'software_local'; signature?: string | undefined } | undefined;
}

export interface Enforcement {
  outcome: Outcome;
  receipt: Receipt;
  decisionStatus: string | null;
}

const newId = (prefix: string, now: number) => `${prefix}_${ulid(now).toLowerCase()}`;

/**
 * DecisionObjects, AuthorityGrants, ContextContracts, enforcement and its hash-chained receipts. Enforcements of one
 * workspace run one at a time in this process; across processes the receipt insert re-checks the chain head, the
 * caps' running totals (one row per grant, period and cap glob, added to in the same transaction) and the decision's
 * version, and a lost race is evaluated again. One enforcement is four to six indexed reads and one durable commit.
 */
export class GovernanceService {
  readonly #queues = new Map<string, Promise<unknown>>();
  /** The chain head of each workspace as this process last wrote or read it; the insert re-checks it. */
  readonly #heads = new Map<string, { seq: number; hash: string }>();

  constructor(
    private readonly repo: GovernanceRepo,
    private readonly signing: SigningService,
    private readonly clock: () => number,
  ) {}

  async createDecision(principal: Principal, input: DecisionInput): Promise<{ decision: Decision; note: string | null }> {
    const now = this.clock();
    const asked = input.status ?? 'pending_approval';
    const approved = asked === 'approved' && canApprove(principal);
    const status: DecisionStatus = asked === 'approved' && !approved ? 'pending_approval' : asked;
    const requester: Requester = {
      kind: input.requester?.kind ?? (principal.kind === 'local' ? 'person' : 'agent'),
      id: input.requester?.id ?? approverOf(principal),
      role: input.requester?.role ?? null,
      keyId: principal.keyId,
    };
    const decision: Decision = {
      workspaceId: principal.workspaceId,
      id: input.id ?? newId('dec', now),
      version: 1,
      action: input.action,
      status,
      risk: input.risk ?? 'medium',
      amount: input.amount ?? null,
      currency: input.currency ?? null,
      requester,
      expiresAt: input.expiresAt ?? null,
      traceId: input.traceId ?? null,
      eventIds: input.eventIds ?? [],
      evidence: input.evidence ?? [],
      approvals: approved ? [{ by: approverOf(principal), decision: 'approved', at: now, note: 'created approved' }] : [],
      createdAt: now,
      updatedAt: now,
    };
    await this.repo.insertDecision(decision);
    const note = asked === 'approved' && !approved ? 'Created as pending_approval: only an admin-scoped key or the local operator may create a decision already approved.' : null;
    return { decision, note };
  }

  async getDecision(workspaceId: string, id: string): Promise<Decision> {
    const decision = await this.repo.getDecision(workspaceId, id);
    if (!decision) throw notFound('DecisionObject', id, 'list_decision_objects lists the workspace\'s decisions');
    return decision;
  }

  listDecisions(workspaceId: string, query: { status?: DecisionStatus | undefined; after?: string | undefined; limit: number }): Promise<Decision[]> {
    return this.repo.listDecisions(workspaceId, query);
  }

  /** Moves a decision to `status` (approve/release/deny need the approver's right) and/or changes its open fields. */
  async updateDecision(
    principal: Principal,
    id: string,
    change: { status?: DecisionStatus | undefined; note?: string | undefined; risk?: Decision['risk'] | undefined; expiresAt?: number | undefined; evidence?: Record<string, unknown>[] | undefined; eventIds?: string[] | undefined; traceId?: string | undefined },
  ): Promise<Decision> {
    const current = await this.getDecision(principal.workspaceId, id);
    const now = this.clock();
    const next: Decision = { ...current, version: current.version + 1, updatedAt: now };
    if (change.status !== undefined) {
      if (change.status === 'executed') throw conflict(`A DecisionObject becomes executed only through enforce_action when the outcome is allow.`, { current: current.status, requested: 'executed' });
      assertTransition(current, change.status, now);
      if (['approved', 'released', 'denied'].includes(change.status)) {
        assertApprover(current, principal);
        next.approvals = [...current.approvals, { by: approverOf(principal), decision: change.status === 'denied' ? 'rejected' : change.status === 'released' ? 'released' : 'approved', at: now, note: change.note ?? null }];
      }
      next.status = change.status;
    } else if (['executed', 'denied', 'revoked', 'expired'].includes(effectiveStatus(current, now))) {
      throw conflict(`DecisionObject '${id}' is ${effectiveStatus(current, now)} (terminal); it can no longer change.`, { current: effectiveStatus(current, now), legal: [] });
    }
    if (change.risk !== undefined) next.risk = change.risk;
    if (change.expiresAt !== undefined) next.expiresAt = change.expiresAt;
    if (change.evidence !== undefined) next.evidence = change.evidence;
    if (change.eventIds !== undefined) next.eventIds = change.eventIds;
    if (change.traceId !== undefined) next.traceId = change.traceId;
    if (!(await this.repo.updateDecision(next, current.version))) {
      throw conflict(`DecisionObject '${id}' changed while this update was applied; read it again and retry.`, { current: current.status });
    }
    return next;
  }

  /** approve: pending_approval → approved, escrowed → released. reject: either → denied. */
  async decide(principal: Principal, id: string, verdict: 'approve' | 'reject', note?: string): Promise<Decision> {
    const current = await this.getDecision(principal.workspaceId, id);
    const from = effectiveStatus(current, this.clock());
    if (from !== 'pending_approval' && from !== 'escrowed') {
      assertTransition(current, verdict === 'approve' ? 'approved' : 'denied', this.clock());
    }
    const status: DecisionStatus = verdict === 'reject' ? 'denied' : from === 'escrowed' ? 'released' : 'approved';
    return this.updateDecision(principal, id, { status, note });
  }

  async createGrant(workspaceId: string, input: Omit<Grant, 'workspaceId' | 'version' | 'revokedAt' | 'createdAt' | 'id'> & { id?: string | undefined }): Promise<Grant> {
    const now = this.clock();
    const grant: Grant = { ...input, workspaceId, id: input.id ?? newId('grant', now), version: 1, revokedAt: null, createdAt: now };
    await this.repo.insertGrant(grant);
    return grant;
  }

  async getGrant(workspaceId: string, id: string): Promise<Grant> {
    const grant = await this.repo.getGrant(workspaceId, id);
    if (!grant) throw notFound('AuthorityGrant', id, 'list_authority_grants lists the workspace\'s grants');
    return grant;
  }

  listGrants(workspaceId: string, query: { after?: string | undefined; limit: number }): Promise<Grant[]> {
    return this.repo.listGrants(workspaceId, query);
  }

  async revokeGrant(workspaceId: string, id: string): Promise<Grant> {
    const grant = await this.getGrant(workspaceId, id);
    if (grant.revokedAt !== null) return grant;
    const revoked = { ...grant, version: grant.version + 1, revokedAt: this.clock() };
    await this.repo.updateGrant(revoked);
    return revoked;
  }

  async createContract(workspaceId: string, input: Omit<Contract, 'workspaceId' | 'version' | 'revokedAt' | 'createdAt' | 'id'> & { id?: string | undefined }): Promise<Contract> {
    const now = this.clock();
    const contract: Contract = { ...input, workspaceId, id: input.id ?? newId('ctr', now), version: 1, revokedAt: null, createdAt: now };
    await this.repo.insertContract(contract);
    return contract;
  }

  async getContract(workspaceId: string, id: string): Promise<Contract> {
    const contract = await this.repo.getContract(workspaceId, id);
    if (!contract) throw notFound('ContextContract', id, 'list_context_contracts lists the workspace\'s contracts');
    return contract;
  }

  listContracts(workspaceId: string, query: { after?: string | undefined; limit: number }): Promise<Contract[]> {
    return this.repo.listContracts(workspaceId, query);
  }

  async revokeContract(workspaceId: string, id: string): Promise<Contract> {
    const contract = await this.getContract(workspaceId, id);
    if (contract.revokedAt !== null) return contract;
    const revoked = { ...contract, version: contract.version + 1, revokedAt: this.clock() };
    await this.repo.updateContract(revoked);
    return revoked;
  }

  /** The attestation payload: the canonical JSON of the proposed action. */
  attestationPayload(proposed: EnforceInput['proposedAction']): string {
    return canonical(proposed);
  }

  /** Judges the proposed action and appends its receipt (durable before this settles). */
  enforce(principal: Principal, input: EnforceInput): Promise<Enforcement> {
    const previous = this.#queues.get(principal.workspaceId) ?? Promise.resolve();
    const run = previous.then(() => this.#enforceOnce(principal, input), () => this.#enforceOnce(principal, input));
    const settled = run.catch(() => undefined);
    this.#queues.set(principal.workspaceId, settled);
    void settled.then(() => {
      if (this.#queues.get(principal.workspaceId) === settled) this.#queues.delete(principal.workspaceId);
    });
    return run;
  }

  async #enforceOnce(principal: Principal, input: EnforceInput): Promise<Enforcement> {
    for (let attempt = 0; ; attempt++) {
      const result = await this.#attempt(principal, input);
      if (result) return result;
      if (attempt >= 20) throw conflict('Enforcement kept racing other writers; retry.', {});
    }
  }

  async #resolve<T extends Grant | Contract>(id: string | undefined, get: (id: string) => Promise<T | undefined>, list: (after: string) => Promise<T[]>, action: string, now: number): Promise<T | undefined> {
    if (id !== undefined) return get(id);
    for (let after = ''; ; ) {
      const page = await list(after);
      const found = page.find((item) => item.revokedAt === null && item.actions.some((glob) => globMatch(glob, action)) && !('validUntil' in item && item.validUntil !== null && item.validUntil <= now));
      if (found || page.length < 100) return found;
      after = page.at(-1)!.id;
    }
  }

  async #attempt(principal: Principal, input: EnforceInput): Promise<Enforcement | undefined> {
    const workspaceId = principal.workspaceId;
    const now = this.clock();
    const proposed = { action: input.proposedAction.action, amount: input.proposedAction.amount ?? null, currency: input.proposedAction.currency ?? null };
    const decision = await this.repo.getDecision(workspaceId, input.decisionObjectId);
    const grant = await this.#resolve(input.authorityGrantId, (id) => this.repo.getGrant(workspaceId, id), (after) => this.repo.listGrants(workspaceId, { after, limit: 100 }), proposed.action, now);
    const contract = await this.#resolve(input.contextContractId, (id) => this.repo.getContract(workspaceId, id), (after) => this.repo.listContracts(workspaceId, { after, limit: 100 }), proposed.action, now);
    // Period caps read their running totals (one row each); a per-call cap counts nothing before the call.
    const keys: CapTotalKey[] = [];
    const keyOf: Array<number | null> = [];
    for (const cap of grant?.caps ?? []) {
      if (cap.period === 'call' || !grant) {
        keyOf.push(null);
        continue;
      }
      keyOf.push(keys.length);
      keys.push({ grantId: grant.id, period: cap.period, actionsGlob: cap.actions ?? '*', since: periodStart(cap.period, now) });
    }
    const running = keys.length > 0 ? await this.repo.runningTotals(workspaceId, keys) : [];
    const totals = keyOf.map((index) => (index === null ? 0 : running[index]!));
    const caps: CapCondition[] = [];
    (grant?.caps ?? []).forEach((cap, index) => {
      const key = keyOf[index];
      if (key === null || key === undefined || (cap.actions !== null && !globMatch(cap.actions, proposed.action))) return;
      caps.push({ ...keys[key]!, amount: proposed.amount ?? 0, maxAmount: cap.maxAmount });
    });
    const keyIds = [principal.keyId, grant?.principal.keyId ?? null].filter((keyId): keyId is string => keyId !== null);
    const revokedKeys = keyIds.length > 0 ? await this.repo.revokedKeys(workspaceId, keyIds) : new Map<string, number>();
    let attestation: Receipt['attestation'] = null;
    if (input.attestation) {
      const payload = this.attestationPayload(input.proposedAction);
      if (input.attestation.signature !== undefined) {
        const key = await this.signing.key(workspaceId);
        attestation = { provider: 'software_local', keyId: key.keyId, signature: input.attestation.signature, valid: await this.signing.verify(workspaceId, payload, input.attestation.signature) };
      } else {
        const signed = await this.signing.sign(workspaceId, payload);
        attestation = { provider: 'software_local', keyId: signed.keyId, signature: signed.signature, valid: true };
      }
    }
    const reasons = evaluate({
      now,
      principal: { kind: principal.kind, keyId: principal.keyId },
      proposed,
      decision,
      decisionId: input.decisionObjectId,
      grant,
      grantId: input.authorityGrantId ?? null,
      contract,
      contractId: input.contextContractId ?? null,
      context: input.context ?? {},
      trustTier: input.trustTier ?? 'T0',
      totals,
      revokedKeys,
      attestation: { present: attestation !== null, valid: attestation?.valid ?? null, provider: attestation?.provider ?? null },
    });
    const outcome = outcomeOf(reasons);
    const move = decision ? this.#moveFor(decision, outcome, reasons, now) : null;
    const head = await this.#head(workspaceId);
    const evidenceIds = (decision?.evidence ?? []).map((item) => sha256(canonical(item)));
    const body: Omit<Receipt, 'hash'> = {
      id: `rcpt_${ulid(now).toLowerCase()}${randomUUID().slice(0, 4)}`,
      seq: (head?.seq ?? 0) + 1,
      createdAt: now,
      principal: { kind: principal.kind, keyId: principal.keyId },
      action: proposed.action,
      amount: proposed.amount,
      currency: proposed.currency,
      outcome,
      reasons,
      inputs: {
        proposedAction: sha256(canonical(input.proposedAction)),
        refs: sha256(canonical({ decisionObjectId: input.decisionObjectId, authorityGrantId: input.authorityGrantId ?? null, contextContractId: input.contextContractId ?? null })),
        context: sha256(canonical(input.context ?? {})),
        attestation: sha256(canonical(input.attestation ?? null)),
      },
      decision: decision ? { id: decision.id, version: decision.version, status: move?.status ?? effectiveStatus(decision, now) } : null,
      grant: grant ? { id: grant.id, version: grant.version } : null,
      contract: contract ? { id: contract.id, version: contract.version } : null,
      compliance: (contract?.compliance ?? []).flatMap((pack) => pack.controls.map((controlId) => ({ pack: pack.pack, controlId, evidence: evidenceIds }))),
      attestation,
      prevHash: head?.hash ?? null,
    };
    const receipt: Receipt = { ...body, hash: receiptHash(body) };
    const appended = await this.repo.appendReceipt(workspaceId, receipt, outcome === 'allow' ? caps : [], move);
    if (!appended) {
      // Another writer (or engine on the same file) came first: read the head again next time.
      this.#heads.delete(workspaceId);
      return undefined;
    }
    this.#heads.set(workspaceId, { seq: receipt.seq, hash: receipt.hash });
    return { outcome, receipt, decisionStatus: receipt.decision?.status ?? null };
  }

  async #head(workspaceId: string): Promise<{ seq: number; hash: string } | undefined> {
    const known = this.#heads.get(workspaceId);
    if (known) return known;
    const head = await this.repo.chainHead(workspaceId);
    if (head) this.#heads.set(workspaceId, head);
    return head;
  }

  /** allow executes the decision; escrow holds it (when it may move there); an expired decision is marked expired. */
  #moveFor(decision: Decision, outcome: Outcome, reasons: readonly { code: string }[], now: number): DecisionMove | null {
    let status: DecisionStatus | null = null;
    if (outcome === 'allow') status = 'executed';
    else if (reasons.some((reason) => reason.code === 'DECISION_EXPIRED') && decision.status !== 'expired') status = 'expired';
    else if (outcome === 'escrow' && (decision.status === 'approved' || decision.status === 'pending_approval')) status = 'escrowed';
    if (status === null) return null;
    return { id: decision.id, fromVersion: decision.version, status, decision: { ...decision, status, version: decision.version + 1, updatedAt: now } };
  }

  /** A receipt by id, or by its position in the chain. */
  async getReceipt(workspaceId: string, id: string | number): Promise<Receipt> {
    const found = typeof id === 'number' ? (await this.repo.listReceipts(workspaceId, { afterSeq: id - 1, limit: 1 })).find((row) => row.seq === id) : await this.repo.getReceipt(workspaceId, id);
    if (!found) throw notFound('EnforcementReceipt', String(id), 'list_enforcement_receipts lists the workspace\'s receipts');
    return found.receipt;
  }

  listReceipts(workspaceId: string, query: { beforeSeq?: number | undefined; outcome?: string | undefined; decisionId?: string | undefined; limit: number }) {
    return this.repo.listReceipts(workspaceId, { ...query, descending: true });
  }

  /** Walks the chain from the first receipt: each body must hash to its hash and point at the previous one's. */
  async verify(workspaceId: string): Promise<{ valid: boolean; checked: number; headHash: string | null; firstInvalid: { id: string; seq: number; problem: string } | null }> {
    let previous: string | null = null;
    let expectedSeq = 1;
    let checked = 0;
    for (let after = 0; ; ) {
      const page = await this.repo.listReceipts(workspaceId, { afterSeq: after, limit: 500 });
      for (const row of page) {
        const stored = JSON.parse(row.body) as Omit<Receipt, 'hash'>;
        let problem: string | null = null;
        if (row.seq !== expectedSeq || stored.seq !== row.seq) problem = `sequence ${row.seq} where ${expectedSeq} was expected (a receipt is missing or reordered)`;
        else if (receiptHash(stored) !== row.hash) problem = 'its content does not hash to its stored hash (it was changed after it was written)';
        else if ((stored.prevHash ?? null) !== previous || row.prevHash !== previous) problem = "its prevHash is not the previous receipt's hash (the chain was cut or rewritten)";
        if (problem) return { valid: false, checked, headHash: previous, firstInvalid: { id: stored.id ?? row.receipt.id, seq: row.seq, problem } };
        previous = row.hash;
        expectedSeq++;
        checked++;
      }
      if (page.length < 500) return { valid: true, checked, headHash: previous, firstInvalid: null };
      after = page.at(-1)!.seq;
    }
  }
}
