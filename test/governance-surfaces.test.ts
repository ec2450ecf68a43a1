import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBridge, type Bridge } from './rest-harness.js';
import { runHa } from './ha-cli.js';

/**
 * Governance through a real server: the spec's REST body for POST /api/governance/enforce verbatim, and the spec's
 * `ha decision-create` and `ha enforce` commands verbatim through the `ha` CLI against it; approvals over REST and
 * the CLI (an agent's key cannot approve its own request), a revoked key refused, and the receipt chain verified.
 */


let bridge: Bridge;
let agentKey: string;
let grantId: string;
let contractId: string;

const ha = (args: string[], key = bridge.adminKey) => runHa(args, { HA_API_URL: bridge.url, HA_API_KEY: key });

beforeAll(async () => {
  bridge = await startBridge();
  agentKey = (await bridge.engine.services.tenancy.createApiKey(bridge.workspaceId, { name: 'growth agent', scopes: ['read', 'write'], environment: 'test' })).apiKey;
  const grant = await bridge.request('POST', '/api/governance/grants', {
    body: { name: 'Ad spend', actions: ['campaign.*'], currency: 'USD', caps: [{ maxAmount: 1000, period: 'day' }] },
  });
  expect(grant.status, JSON.stringify(grant.body)).toBe(201);
  grantId = grant.body.id;
  const contract = await bridge.request('POST', '/api/governance/contracts', {
    body: { name: 'Attested spend', requiresAttestation: true, compliance: [{ pack: 'soc2', controls: ['CC8.1'] }] },
  });
  expect(contract.status, JSON.stringify(contract.body)).toBe(201);
  contractId = contract.body.id;
});
afterAll(() => bridge.close());

describe('governance over REST and the ha CLI', () => {
  it("runs the spec's ha decision-create and ha enforce verbatim", async () => {
    const created = await ha(['decision-create', 'campaign.scale', '{"status":"approved","risk":"medium"}']);
    expect(created.code, created.stderr).toBe(0);
    const decision = JSON.parse(created.stdout);
    expect(decision).toMatchObject({ action: 'campaign.scale', status: 'approved', risk: 'medium', note: null });

    const enforced = await ha(['enforce', '{"action":"campaign.scale","amount":500,"currency":"USD"}', `{"decisionObjectId":"${decision.id}"}`]);
    expect(enforced.code, enforced.stderr).toBe(0);
    const result = JSON.parse(enforced.stdout);
    expect(result).toMatchObject({ outcome: 'allow', reasons: [], decisionStatus: 'executed', receipt: { grant: { id: grantId }, contract: null, amount: 500 } });

    // From an agent's key the same command records pending_approval, and enforcing it needs a person.
    const byAgent = JSON.parse((await ha(['decision-create', 'campaign.scale', '{"status":"approved","risk":"medium"}'], agentKey)).stdout);
    expect(byAgent.status).toBe('pending_approval');
    const pending = JSON.parse((await ha(['enforce', '{"action":"campaign.scale","amount":500,"currency":"USD"}', `{"decisionObjectId":"${byAgent.id}"}`], agentKey)).stdout);
    expect(pending.outcome).toBe('needs_human_approval');
    // A write-scoped key does not even see the approve command (an admin tool)…
    const unseen = await ha(['approve', byAgent.id], agentKey);
    expect([unseen.code, JSON.parse(unseen.stderr).error.details.reason]).toEqual([2, 'unknownCommand']);
    // …and an admin-scoped agent key cannot approve the request it made itself.
    const adminAgent = (await bridge.engine.services.tenancy.createApiKey(bridge.workspaceId, { name: 'ops agent', scopes: ['admin'], environment: 'test' })).apiKey;
    const own = JSON.parse((await ha(['decision-create', 'campaign.pause', '{"status":"pending_approval"}'], adminAgent)).stdout);
    const self = await ha(['approve', own.id], adminAgent);
    expect(self.code, self.stderr).toBe(3);
    expect(JSON.parse(self.stderr).error).toMatchObject({ code: 'FORBIDDEN', message: expect.stringContaining('cannot approve, release or reject its own request') });
    const approved = await ha(['approve', byAgent.id, '{"note":"ok"}']);
    expect(approved.code, approved.stderr).toBe(0);
    expect(JSON.parse(approved.stdout)).toMatchObject({ status: 'approved', approvals: [{ decision: 'approved', note: 'ok' }] });
  });

  it("answers the spec's POST /api/governance/enforce body, keeps receipts chained and refuses a revoked key", async () => {
    const decision = await bridge.request('POST', '/api/governance/decisions', { body: { action: 'campaign.scale', status: 'approved', risk: 'medium', amount: 400, currency: 'USD', evidence: [{ kind: 'attribution', snapshotId: 'snap_1' }] } });
    expect(decision.status).toBe(201);
    const body = {
      decisionObjectId: decision.body.id,
      authorityGrantId: grantId,
      contextContractId: contractId,
      proposedAction: { action: 'campaign.scale', amount: 400, currency: 'USD' },
      attestation: { provider: 'software_local' },
    };
    const allowed = await bridge.request('POST', '/api/governance/enforce', { body });
    expect(allowed.status, JSON.stringify(allowed.body)).toBe(200);
    expect(allowed.body).toMatchObject({ outcome: 'allow', receipt: { contract: { id: contractId, version: 1 }, attestation: { provider: 'software_local', valid: true }, compliance: [{ pack: 'soc2', controlId: 'CC8.1' }] } });
    // 500 + 400 allowed today: another 400 passes the 1000 cap no more.
    const again = await bridge.request('POST', '/api/governance/decisions', { body: { action: 'campaign.scale', status: 'approved', amount: 400, currency: 'USD', evidence: [{ kind: 'x' }] } });
    const over = await bridge.request('POST', '/api/governance/enforce', { body: { ...body, decisionObjectId: again.body.id } });
    expect(over.body.outcome).toBe('deny');
    expect(over.body.reasons).toEqual([expect.objectContaining({ code: 'CAP_EXCEEDED', wouldChange: expect.stringContaining('at most 100 USD') })]);

    const bad = await bridge.request('POST', '/api/governance/enforce', { body: { ...body, proposedAction: { action: 'campaign.scale', amount: 'lots' } } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.issues[0].path).toBe('proposedAction.amount');

    const receipts = await bridge.request('GET', '/api/governance/receipts?limit=2');
    expect(receipts.body.receipts.map((receipt: { outcome: string }) => receipt.outcome)).toEqual(['deny', 'allow']);
    expect(receipts.body.receipts[0].prevHash).toBe(receipts.body.receipts[1].hash);
    const one = await bridge.request('GET', `/api/governance/receipts/${allowed.body.receipt.id}`);
    expect(one.body.hash).toBe(allowed.body.receipt.hash);
    const verified = await bridge.request('GET', '/api/governance/receipts/verify');
    expect(verified.body).toMatchObject({ valid: true, firstInvalid: null });
    expect(verified.body.checked).toBeGreaterThanOrEqual(4);
    const cli = await ha(['receipts-verify']);
    expect(JSON.parse(cli.stdout)).toEqual(verified.body);

    const revocable = await bridge.engine.services.tenancy.createApiKey(bridge.workspaceId, { name: 'temp', scopes: ['read', 'write'], environment: 'test' });
    await bridge.engine.services.tenancy.revokeApiKey(bridge.workspaceId, revocable.key.id);
    const refused = await bridge.request('POST', '/api/governance/enforce', { body, key: revocable.apiKey });
    expect(refused.status).toBe(401);
    const other = await bridge.request('GET', `/api/governance/decisions/${decision.body.id}`, { key: (await bridge.engine.services.tenancy.createWorkspace('other')).apiKey });
    expect(other.status).toBe(404);
  });
});
