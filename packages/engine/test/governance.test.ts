import { createClient } from '@libsql/client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TRANSITIONS, DECISION_STATUSES, type DecisionStatus } from '../src/domain/governance/model.js';
import { Engine, type Principal } from '../src/index.js';
import { expectOk, openTestEngine, useFileEngine, type TestEngine } from './support.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const DAY = 86_400_000;
let now = Date.parse('2026-07-06T10:00:00Z');
let t: TestEngine;

async function keyWith(scopes: string[]): Promise<{ principal: Principal; keyId: string; apiKey: string }> {
  const created = await expectOk<{ apiKey: string; key: { id: string } }>(t.call('create_api_key', { name: `k-${scopes.join('-')}`, scopes }));
  return { principal: await t.engine.authenticate({ apiKey: created.apiKey }), keyId: created.key.id, apiKey: created.apiKey };
}

const decision = (input: Json, as?: Principal) => expectOk<Json>(t.call('create_decision_object', { action: 'campaign.scale', amount: 500, currency: 'USD', ...input }, as));
const grant = (input: Json = {}) => expectOk<Json>(t.call('create_authority_grant', { actions: ['campaign.*'], currency: 'USD', ...input }));
const enforce = (decisionObjectId: string, proposed: Json, refs: Json = {}, as?: Principal) =>
  expectOk<Json>(t.call('enforce_action', { decisionObjectId, proposedAction: { action: 'campaign.scale', currency: 'USD', ...proposed }, ...refs }, as));

beforeEach(async () => {
  now = Date.parse('2026-07-06T10:00:00Z');
  t = await openTestEngine({ clock: () => now });
});
afterEach(async () => {
  await t.engine.close();
});

describe('DecisionObject lifecycle', () => {
  it('allows exactly the legal transitions and names the current and legal states otherwise', async () => {
    // Reach each state, then try every target from it.
    const agent = await keyWith(['read', 'write']);
    const reach = async (state: DecisionStatus): Promise<string> => {
      const created = await decision({ status: state === 'draft' ? 'draft' : 'pending_approval', ...(state === 'expired' ? { expiresAt: new Date(now + 1000).toISOString() } : {}) }, agent.principal);
      const id = created.id as string;
      const step = (status: string) => expectOk(t.call('update_decision_object', { id, status }));
      if (state === 'approved' || state === 'executed') await step('approved');
      if (state === 'escrowed' || state === 'released') await step('escrowed');
      if (state === 'released') await step('released');
      if (state === 'denied') await expectOk(t.call('reject_decision_object', { id }));
      if (state === 'revoked') await expectOk(t.call('revoke_decision_object', { id }));
      if (state === 'executed') {
        await grant({ caps: [{ maxAmount: 100_000, period: 'call' }] });
        expect((await enforce(id, { amount: 1 })).outcome).toBe('allow');
      }
      if (state === 'expired') now += 2000;
      return id;
    };
    let checked = 0;
    for (const from of DECISION_STATUSES) {
      for (const to of DECISION_STATUSES) {
        if (to === 'executed') continue; // only enforce_action executes
        const id = await reach(from);
        const before = await expectOk<Json>(t.call('get_decision_object', { id }));
        expect(before.status).toBe(from);
        const result = await t.call('update_decision_object', { id, status: to });
        if (TRANSITIONS[from].includes(to) && !result.ok) throw new Error(`${from} → ${to}: ${result.error.message}`);
        if (TRANSITIONS[from].includes(to)) {
          expect(result.ok, `${from} → ${to}`).toBe(true);
          expect((result.ok && (result.output as Json).status) || undefined).toBe(to);
        } else {
          expect(!result.ok && result.error.code, `${from} → ${to}`).toBe('CONFLICT');
          expect(!result.ok && result.error.message).toContain(`is ${from}`);
          expect(!result.ok && result.error.details).toMatchObject({ current: from, legal: [...TRANSITIONS[from]] });
        }
        checked++;
        now += 10_000;
      }
    }
    expect(checked).toBe(72);
  });

  it('executes only through enforce, and an agent key asking for approved gets pending_approval', async () => {
    const agent = await keyWith(['read', 'write']);
    const asked = await decision({ status: 'approved', risk: 'medium' }, agent.principal);
    expect(asked.status).toBe('pending_approval');
    expect(asked.note).toMatch(/admin-scoped key or the local operator/);
    expect(asked.requester).toMatchObject({ kind: 'agent', keyId: agent.keyId });
    const byAdmin = await decision({ status: 'approved' });
    expect(byAdmin.status).toBe('approved');
    const executed = await t.call('update_decision_object', { id: byAdmin.id, status: 'executed' });
    expect(!executed.ok && executed.error.code).toBe('CONFLICT');
  });

  it('refuses an agent approving its own request, and a non-admin approving at all', async () => {
    const agent = await keyWith(['read', 'write', 'admin']);
    const own = await decision({ status: 'pending_approval' }, agent.principal);
    const self = await t.call('approve_decision_object', { id: own.id }, agent.principal);
    expect(!self.ok && self.error.code).toBe('FORBIDDEN');
    expect(!self.ok && self.error.message).toMatch(/cannot approve, release or reject its own request/);
    const writer = await keyWith(['read', 'write']);
    const byWriter = await t.call('approve_decision_object', { id: own.id }, writer.principal);
    expect(!byWriter.ok && byWriter.error.code).toBe('FORBIDDEN');
    const viaUpdate = await t.call('update_decision_object', { id: own.id, status: 'approved' }, agent.principal);
    expect(!viaUpdate.ok && viaUpdate.error.code).toBe('FORBIDDEN');
    expect((await expectOk<Json>(t.call('get_decision_object', { id: own.id }))).status).toBe('pending_approval');
    const approved = await expectOk<Json>(t.call('approve_decision_object', { id: own.id, note: 'ok' }));
    expect(approved).toMatchObject({ status: 'approved', approvals: [{ by: t.principal.keyId, decision: 'approved', note: 'ok' }] });
  });

  it('names the field of bad input and stores nothing; another workspace\'s decision is NOT_FOUND', async () => {
    const bad = await t.call('create_decision_object', { action: 'Campaign Scale!', currency: 'usd' });
    expect(!bad.ok && bad.error.code).toBe('INVALID_INPUT');
    expect(!bad.ok && bad.error.details?.issues?.map((issue) => issue.path)).toEqual(['action', 'currency']);
    const badGrant = await t.call('create_authority_grant', { actions: ['campaign.*'], currency: 'USD', caps: [{ maxAmount: -1, period: 'day' }] });
    expect(!badGrant.ok && badGrant.error.details?.issues?.[0]?.path).toBe('caps[0].maxAmount');
    expect((await expectOk<Json>(t.call('list_decision_objects', {}))).decisions).toEqual([]);
    expect((await expectOk<Json>(t.call('list_authority_grants', {}))).grants).toEqual([]);

    const mine = await decision({ status: 'approved' });
    const other = await t.engine.services.tenancy.createWorkspace('other');
    const stranger = await t.engine.authenticate({ apiKey: other.apiKey });
    for (const [tool, input] of [['get_decision_object', { id: mine.id }], ['approve_decision_object', { id: mine.id }], ['revoke_decision_object', { id: mine.id }]] as const) {
      const result = await t.call(tool, input, stranger);
      expect(!result.ok && result.error.code, tool).toBe('NOT_FOUND');
    }
    const crossEnforce = await enforce(mine.id, { amount: 1 }, {}, stranger);
    expect(crossEnforce.reasons.map((reason: Json) => reason.code)).toContain('DECISION_NOT_FOUND');
    expect((await expectOk<Json>(t.call('get_decision_object', { id: mine.id }))).status).toBe('approved');
  });
});

describe('enforcement', () => {
  it('allows within the grant, executes the decision and chains the receipt', async () => {
    const g = await grant({ caps: [{ maxAmount: 500, period: 'day' }] });
    const d = await decision({ status: 'approved' });
    const result = await enforce(d.id, { amount: 500 }, { authorityGrantId: g.id });
    expect(result).toMatchObject({ outcome: 'allow', reasons: [], decisionStatus: 'executed' });
    expect(result.receipt).toMatchObject({ seq: 1, prevHash: null, grant: { id: g.id, version: 1 }, decision: { id: d.id, version: 1, status: 'executed' } });
    expect(result.receipt.hash).toMatch(/^[0-9a-f]{64}$/);
    expect((await expectOk<Json>(t.call('get_decision_object', { id: d.id }))).status).toBe('executed');
    const again = await enforce(d.id, { amount: 500 }, { authorityGrantId: g.id });
    expect(again.outcome).toBe('deny');
    expect(again.reasons[0]).toMatchObject({ code: 'DECISION_CLOSED', effect: 'deny' });
    expect(again.receipt.prevHash).toBe(result.receipt.hash);
    expect(await expectOk(t.call('verify_enforcement_receipts', {}))).toEqual({ valid: true, checked: 2, headHash: again.receipt.hash, firstInvalid: null });
    expect((await expectOk<Json>(t.call('get_enforcement_receipt', { seq: 1 }))).hash).toBe(result.receipt.hash);
  });

  it('sums a day cap over allowed amounts and starts again the next UTC day', async () => {
    const g = await grant({ caps: [{ maxAmount: 500, period: 'day' }] });
    const run = async (amount: number) => enforce((await decision({ status: 'approved', amount })).id, { amount }, { authorityGrantId: g.id });
    expect((await run(300)).outcome).toBe('allow');
    const over = await run(300);
    expect(over.outcome).toBe('deny');
    expect(over.reasons).toEqual([expect.objectContaining({ code: 'CAP_EXCEEDED', message: expect.stringContaining('300 USD already allowed this day') })]);
    expect(over.reasons[0].wouldChange).toMatch(/at most 200 USD/);
    expect((await run(200)).outcome).toBe('allow');
    expect((await run(1)).outcome).toBe('deny');
    now = Date.parse('2026-07-07T00:00:01Z'); // the next UTC day
    expect((await run(500)).outcome).toBe('allow');
    expect((await run(1)).outcome).toBe('deny');
  });

  it('denies under an expired grant, a revoked grant, and refuses a revoked key', async () => {
    const expiring = await grant({ validUntil: new Date(now + DAY).toISOString() });
    const d = await decision({ status: 'approved' });
    now += DAY + 1;
    const expired = await enforce(d.id, { amount: 10 }, { authorityGrantId: expiring.id });
    expect(expired.reasons.map((reason: Json) => reason.code)).toEqual(['GRANT_EXPIRED']);
    const revocable = await grant();
    await expectOk(t.call('revoke_authority_grant', { id: revocable.id }));
    const revoked = await enforce(d.id, { amount: 10 }, { authorityGrantId: revocable.id });
    expect(revoked.reasons.map((reason: Json) => reason.code)).toEqual(['GRANT_REVOKED']);
    expect(revoked.receipt.grant).toEqual({ id: revocable.id, version: 2 });
    // Without a grant id, only an active covering grant applies: none is left.
    expect((await enforce(d.id, { amount: 10 })).reasons.map((reason: Json) => reason.code)).toEqual(['GRANT_MISSING']);

    const agent = await keyWith(['read', 'write']);
    const keyed = await grant({ principal: { keyId: agent.keyId } });
    expect((await enforce(d.id, { amount: 10 }, { authorityGrantId: keyed.id })).reasons.map((reason: Json) => reason.code)).toEqual(['GRANT_PRINCIPAL_MISMATCH']);
    const own = await decision({ status: 'approved' });
    expect((await enforce(own.id, { amount: 10 }, { authorityGrantId: keyed.id }, agent.principal)).outcome).toBe('allow');
    await expectOk(t.call('revoke_api_key', { keyId: agent.keyId }));
    await expect(t.engine.authenticate({ apiKey: agent.apiKey })).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    // A caller that authenticated before the revocation (a held principal, a long session) is refused, and so is any
    // use of a grant bound to the revoked key.
    const stale = await enforce((await decision({ status: 'approved' })).id, { amount: 10 }, { authorityGrantId: keyed.id }, agent.principal);
    expect(stale).toMatchObject({ outcome: 'deny', decisionStatus: 'approved' });
    expect(stale.reasons.map((reason: Json) => reason.code)).toEqual(['KEY_REVOKED', 'GRANT_KEY_REVOKED']);
    expect((await enforce(d.id, { amount: 10 }, { authorityGrantId: keyed.id })).reasons.map((reason: Json) => reason.code)).toEqual(['GRANT_KEY_REVOKED', 'GRANT_PRINCIPAL_MISMATCH']);
    expect((await expectOk<Json>(t.call('get_decision_object', { id: d.id }))).status).toBe('approved');
  });

  it('judges contract context, trust tier, compliance and attestation, in order', async () => {
    await grant({ approvalAbove: 1000 });
    const contract = await expectOk<Json>(
      t.call('create_context_contract', {
        actions: ['campaign.*'],
        required: [{ field: 'attribution.snapshotId' }, { field: 'healthScore', op: 'gte', value: 60 }],
        minTrustTier: 'T2',
        requiresAttestation: true,
        onMissing: 'escrow',
        compliance: [{ pack: 'soc2', controls: ['CC8.1'] }],
      }),
    );
    const d = await decision({ status: 'approved', amount: 2000, evidence: [] });
    const first = await enforce(d.id, { amount: 2000 }, { contextContractId: contract.id, context: { healthScore: 40 }, trustTier: 'T1' });
    expect(first.reasons.map((reason: Json) => reason.code)).toEqual(['APPROVAL_REQUIRED', 'CONTEXT_MISSING', 'CONTEXT_OUT_OF_BOUNDS', 'TRUST_TIER_TOO_LOW', 'COMPLIANCE_EVIDENCE_MISSING', 'ATTESTATION_MISSING']);
    expect(first.outcome).toBe('deny');
    // The same inputs and state give the same outcome and reasons.
    const repeat = await enforce(d.id, { amount: 2000 }, { contextContractId: contract.id, context: { healthScore: 40 }, trustTier: 'T1' });
    expect(repeat.reasons).toEqual(first.reasons);

    const ok = { contextContractId: contract.id, context: { healthScore: 80, attribution: { snapshotId: 's1' } }, trustTier: 'T3' };
    const reviewer = await keyWith(['admin']);
    const withEvidence = await decision({ status: 'approved', amount: 500, evidence: [{ kind: 'attribution', snapshotId: 's1' }] });
    const forged = await enforce(withEvidence.id, { amount: 500 }, { ...ok, attestation: { provider: 'software_local', signature: 'AAAA' } });
    expect(forged.reasons.map((reason: Json) => reason.code)).toEqual(['ATTESTATION_INVALID']);
    const missing = await enforce(withEvidence.id, { amount: 500 }, { ...ok, context: { healthScore: 80 } });
    expect(missing.outcome).toBe('deny'); // no attestation denies; missing context alone would escrow
    const held = await enforce(withEvidence.id, { amount: 500 }, { ...ok, context: { healthScore: 80 }, attestation: { provider: 'software_local' } });
    expect(held).toMatchObject({ outcome: 'escrow', decisionStatus: 'escrowed' });
    const released = await expectOk<Json>(t.call('approve_decision_object', { id: withEvidence.id }, reviewer.principal));
    expect(released.status).toBe('released');
    const allowed = await enforce(withEvidence.id, { amount: 500 }, { ...ok, attestation: { provider: 'software_local' } });
    expect(allowed).toMatchObject({ outcome: 'allow', decisionStatus: 'executed' });
    expect(allowed.receipt.attestation).toMatchObject({ provider: 'software_local', valid: true });
    expect(allowed.receipt.compliance).toEqual([{ pack: 'soc2', controlId: 'CC8.1', evidence: [expect.stringMatching(/^[0-9a-f]{64}$/)] }]);
    const pending = await decision({ status: 'pending_approval', evidence: [{ kind: 'attribution' }] });
    expect((await enforce(pending.id, { amount: 1 }, { ...ok, attestation: { provider: 'software_local' } })).outcome).toBe('needs_human_approval');
  });

  it('lets only one of many parallel enforcements through a cap', async () => {
    const g = await grant({ caps: [{ maxAmount: 500, period: 'day' }] });
    const decisions = await Promise.all(Array.from({ length: 8 }, () => decision({ status: 'approved', amount: 300 })));
    const results = await Promise.all(decisions.map((d) => enforce(d.id as string, { amount: 300 }, { authorityGrantId: g.id })));
    expect(results.filter((result) => result.outcome === 'allow')).toHaveLength(1);
    expect(await expectOk<Json>(t.call('verify_enforcement_receipts', {}))).toMatchObject({ valid: true, checked: 8 });
  });
});

describe('receipts on a file database', () => {
  const files = useFileEngine('governance');

  it('refuses updates and deletes, races across two engines on one file, and verify names a tampered receipt', async () => {
    const a = files.current();
    const g = await expectOk<Json>(a.call('create_authority_grant', { actions: ['campaign.*'], currency: 'USD', caps: [{ maxAmount: 500, period: 'day' }] }));
    const other = await Engine.open({ databaseUrl: `file:${files.file()}` });
    const b = { ...a, engine: other, call: (name: string, input: unknown) => other.invoke(name, input, { principal: a.principal, surface: 'internal' }) };
    try {
      const make = (engine: TestEngine) => expectOk<Json>(engine.call('create_decision_object', { action: 'campaign.scale', status: 'approved', amount: 300, currency: 'USD' }));
      const ds = [await make(a), await make(b), await make(a), await make(b)];
      const results = await Promise.all(
        ds.map((d, index) =>
          expectOk<Json>((index % 2 ? b : a).call('enforce_action', { decisionObjectId: d.id, authorityGrantId: g.id, proposedAction: { action: 'campaign.scale', amount: 300, currency: 'USD' } })),
        ),
      );
      expect(results.filter((result) => result.outcome === 'allow')).toHaveLength(1);
    } finally {
      await b.engine.close();
    }
    expect(await expectOk<Json>(a.call('verify_enforcement_receipts', {}))).toMatchObject({ valid: true, checked: 4 });

    const raw = createClient({ url: `file:${files.file()}` });
    try {
      await expect(raw.execute("UPDATE enforcement_receipts SET outcome = 'allow' WHERE seq = 2")).rejects.toThrow(/append-only/);
      await expect(raw.execute('DELETE FROM enforcement_receipts WHERE seq = 1')).rejects.toThrow(/append-only/);
      await raw.execute('DROP TRIGGER enforcement_receipts_no_update');
      const second = await raw.execute('SELECT id, body FROM enforcement_receipts WHERE seq = 2');
      const body = JSON.parse(String(second.rows[0]!.body)) as Json;
      await raw.execute('UPDATE enforcement_receipts SET body = ? WHERE seq = 2', [JSON.stringify({ ...body, amount: 1 })]);
    } finally {
      raw.close();
    }
    const verdict = await expectOk<Json>(a.call('verify_enforcement_receipts', {}));
    expect(verdict).toMatchObject({ valid: false, checked: 1, firstInvalid: { seq: 2, problem: expect.stringMatching(/does not hash/) } });
  });
  it('carries the running totals of receipts written before the totals table (the migration adds them up)', async () => {
    const a = files.current();
    const g = await expectOk<Json>(a.call('create_authority_grant', { actions: ['campaign.*'], currency: 'USD', caps: [{ maxAmount: 400, period: 'day' }, { maxAmount: 1000, period: 'month', actions: 'campaign.scale' }] }));
    const spend = async (engine: TestEngine, amount: number) => {
      const d = await expectOk<Json>(engine.call('create_decision_object', { action: 'campaign.scale', status: 'approved', amount, currency: 'USD' }));
      return (await expectOk<Json>(engine.call('enforce_action', { decisionObjectId: d.id, authorityGrantId: g.id, proposedAction: { action: 'campaign.scale', amount, currency: 'USD' } }))).outcome as string;
    };
    expect(await spend(a, 300)).toBe('allow');
    // As a database of before the totals table: no table, migration 601 not applied.
    const raw = createClient({ url: `file:${files.file()}` });
    const totals = async () => (await raw.execute('SELECT period, actions_glob, total FROM governance_cap_totals ORDER BY period')).rows.map((row) => [row.period, row.actions_glob, Number(row.total)]);
    try {
      await raw.execute('PRAGMA busy_timeout = 5000');
      await raw.execute('DROP TABLE governance_cap_totals');
      await raw.execute('CREATE INDEX enforcement_receipts_grant ON enforcement_receipts (workspace_id, grant_id, outcome, currency, created_at, action, amount)');
      await raw.execute('DELETE FROM schema_migrations WHERE version = 601');
      const b = await files.reopen();
      expect(await totals()).toEqual([['day', '*', 300], ['month', 'campaign.scale', 300]]);
      expect(await spend(b, 150)).toBe('deny'); // 450 would pass the day's 400
      expect(await spend(b, 100)).toBe('allow');
      expect(await totals()).toEqual([['day', '*', 400], ['month', 'campaign.scale', 400]]);
    } finally {
      raw.close();
    }
  });
});
