import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { expectOk, openTestEngine, type TestEngine } from './support.js';
import { verifyPacket, type ProofPacket } from '../src/domain/proofs/index.js';
import { ANSWER_BUDGET_BYTES } from '../src/tool/answer-budget.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

let t: TestEngine;
afterEach(async () => {
  await t.engine.close();
});

async function ingest(events: Array<Record<string, unknown>>): Promise<string[]> {
  const { ids } = await expectOk<{ ids: string[] }>(t.call('ingest_event', { events, returnIds: true }));
  return ids;
}

describe('proof trails', () => {
  beforeEach(async () => {
    t = await openTestEngine();
  });

  it('exports events (by id and by trace) and evidence as a signed packet that verifies, and lists and gets it', async () => {
    const [first, second] = await ingest([
      { event: 'campaign.launched', actor: 'agent:growth', properties: { campaign: 'spring-roast' }, timestamp: Date.parse('2026-03-01T10:00:00Z') },
      { event: 'order.created', actor: 'u1', properties: { revenue: 34 }, timestamp: Date.parse('2026-03-01T11:00:00Z') },
    ]);
    const traced = await ingest([
      { event: 'agent.step', traceId: 'trace-42', properties: { step: 1 }, timestamp: Date.parse('2026-03-02T10:00:00Z') },
      { event: 'agent.step', traceId: 'trace-42', properties: { step: 2 }, timestamp: Date.parse('2026-03-02T10:01:00Z') },
    ]);
    const exported = await expectOk<Json>(
      t.call('export_proof_trail', {
        title: 'Campaign scale proof',
        eventIds: [second, first, second],
        traceId: 'trace-42',
        evidence: [{ type: 'attribution_snapshot', campaign: 'spring-roast', conversions: 42 }, { type: 'note', id: 'note-1', text: 'ok' }],
      }),
    );
    expect(exported).toMatchObject({ treeSize: 6, trail: { title: 'Campaign scale proof', itemCount: 6, push: null } });
    const key = await t.engine.services.signing.key(t.principal.workspaceId);
    expect(exported.keyId).toBe(key.keyId);

    const packet = await expectOk<ProofPacket>(t.call('get_proof_trail_packet', { id: exported.trail.id }));
    const { trail } = await expectOk<{ trail: Json }>(t.call('get_proof_trail', { id: exported.trail.id }));
    expect(trail).toEqual(exported.trail);
    expect(packet.items.map((item) => [item.type, item.ref])).toEqual([
      ['event', second],
      ['event', first],
      ['event', traced[0]],
      ['event', traced[1]],
      ['evidence', 'evidence-0'],
      ['evidence', 'note-1'],
    ]);
    expect(JSON.parse(packet.items[0]!.canonical).data).toMatchObject({ id: second, event: 'order.created', properties: { revenue: 34 } });
    expect(packet.publicKey).toMatchObject({ keyId: key.keyId, pem: key.publicKeyPem, jwk: key.publicKeyJwk });
    expect(packet.rootHash).toBe(trail.rootHash);
    expect(verifyPacket(packet)).toMatchObject({ valid: true, treeSize: 6 });

    const verified = await expectOk<Json>(t.call('verify_proof_trail', { packet }));
    expect(verified).toMatchObject({ valid: true, failures: [], rootHash: packet.rootHash });
    const tampered = structuredClone(packet);
    tampered.items[1]!.canonical = tampered.items[1]!.canonical.replace('campaign.launched', 'campaign.launcheD');
    const bad = await expectOk<Json>(t.call('verify_proof_trail', { packet: tampered }));
    expect(bad.valid).toBe(false);
    expect(bad.failures[0]).toMatchObject({ target: 'item', index: 1, ref: first });

    // Newest first, paged.
    const more = [];
    for (const title of ['b', 'c']) more.push(await expectOk<Json>(t.call('export_proof_trail', { title, evidence: [{ type: 'x' }] })));
    const page = await expectOk<Json>(t.call('list_proof_trails', { limit: 2 }));
    expect(page.proofTrails).toHaveLength(2);
    const rest = await expectOk<Json>(t.call('list_proof_trails', { limit: 2, cursor: page.nextCursor }));
    expect([...page.proofTrails, ...rest.proofTrails].map((row: Json) => row.id).sort()).toEqual([exported.trail.id, ...more.map((entry) => entry.trail.id)].sort());
    expect(rest.nextCursor).toBeNull();
  });

  it('pages a large packet\'s items within the answer budget, and answers the whole packet as a file to programs', async () => {
    const evidence = Array.from({ length: 600 }, (_, index) => ({ type: 'attribution_snapshot', id: `snap-${index}`, note: 'x'.repeat(200) }));
    const exported = await expectOk<Json>(t.call('export_proof_trail', { title: 'Large proof', evidence }));
    const items: ProofPacket['items'] = [];
    let header: Json | undefined;
    let pages = 0;
    for (let cursor: string | null | undefined; cursor !== null; pages++) {
      const page = await expectOk<Json>(t.call('get_proof_trail', { id: exported.trail.id, limit: 500, ...(cursor ? { cursor } : {}) }));
      expect(Buffer.byteLength(JSON.stringify(page))).toBeLessThanOrEqual(ANSWER_BUDGET_BYTES);
      expect(page.download).toEqual({ tool: 'get_proof_trail_packet', rest: `/api/proof-event-trails/${exported.trail.id}/packet`, cli: `ha proof-packet ${exported.trail.id} --out packet.json` });
      header ??= page.header;
      items.push(...page.items);
      cursor = page.nextCursor;
    }
    expect(pages).toBeGreaterThan(2);
    expect(items.map((item) => item.ref)).toEqual(evidence.map((item) => item.id));
    // The pages put together are the packet, and verify as it does.
    expect(verifyPacket({ ...(header as Omit<ProofPacket, 'items'>), items })).toMatchObject({ valid: true, treeSize: 600 });
    // Whole, it is over a model's budget (refused, naming it); a program (REST, SDK, the CLI with --out) gets it.
    const whole = await t.call('get_proof_trail_packet', { id: exported.trail.id });
    expect(!whole.ok && whole.error.toJSON()).toMatchObject({ code: 'INVALID_INPUT', details: { budgetBytes: ANSWER_BUDGET_BYTES } });
    const file = await t.engine.invoke('get_proof_trail_packet', { id: exported.trail.id }, { principal: t.principal, surface: 'rest' });
    expect(file.ok && verifyPacket(file.output as ProofPacket)).toMatchObject({ valid: true, treeSize: 600 });
  });

  it('names an unknown or another workspace\'s event NOT_FOUND with its path and stores nothing', async () => {
    const [mine] = await ingest([{ event: 'a' }]);
    const other = await t.engine.services.tenancy.createWorkspace('other');
    const stranger = await t.engine.authenticate({ apiKey: other.apiKey });
    const [theirs] = (await expectOk<{ ids: string[] }>(t.call('ingest_event', { events: [{ event: 'b' }], returnIds: true }, stranger))).ids;

    const crossed = await t.call('export_proof_trail', { title: 'x', eventIds: [mine, theirs, 'evt_nope'] });
    expect(!crossed.ok && crossed.error.code).toBe('NOT_FOUND');
    expect(!crossed.ok && crossed.error.details?.issues).toEqual([
      { path: 'eventIds[1]', message: `event '${theirs}' was not found` },
      { path: 'eventIds[2]', message: "event 'evt_nope' was not found" },
    ]);
    expect((await expectOk<Json>(t.call('list_proof_trails', {}))).proofTrails).toEqual([]);

    const mineTrail = await expectOk<Json>(t.call('export_proof_trail', { title: 'mine', eventIds: [mine] }));
    const peek = await t.call('get_proof_trail', { id: mineTrail.trail.id }, stranger);
    expect(!peek.ok && peek.error.code).toBe('NOT_FOUND');
    expect((await expectOk<Json>(t.call('list_proof_trails', {}, stranger))).proofTrails).toEqual([]);
    // A trace of another workspace adds nothing: the packet would be empty, which is refused.
    const emptyTrace = await t.call('export_proof_trail', { title: 'x', traceId: 'trace-of-nobody' });
    expect(!emptyTrace.ok && emptyTrace.error.code).toBe('INVALID_INPUT');
  });

  it('includes enforcement receipts and decisions (the spec body), and names another workspace\'s receipt NOT_FOUND', async () => {
    await expectOk(t.call('create_authority_grant', { actions: ['campaign.*'], currency: 'USD', caps: [{ maxAmount: 1000, period: 'day' }] }));
    const decision = await expectOk<Json>(t.call('create_decision_object', { action: 'campaign.scale', amount: 500, currency: 'USD', status: 'approved' }));
    const enforced = await expectOk<Json>(
      t.call('enforce_action', { decisionObjectId: decision.id, proposedAction: { action: 'campaign.scale', currency: 'USD', amount: 500 } }),
    );
    expect(enforced.outcome).toBe('allow');
    const receiptId = enforced.receipt.id as string;
    const exported = await expectOk<Json>(t.call('export_proof_trail', { title: 'Campaign scale proof', receiptIds: [receiptId], decisionIds: [decision.id] }));
    const packet = await expectOk<ProofPacket>(t.call('get_proof_trail_packet', { id: exported.trail.id }));
    expect(packet.items.map((item) => [item.type, item.ref])).toEqual([
      ['decision', decision.id],
      ['receipt', receiptId],
    ]);
    expect(JSON.parse(packet.items[1]!.canonical).data).toMatchObject({ id: receiptId, hash: enforced.receipt.hash });
    expect(verifyPacket(packet).valid).toBe(true);

    const other = await t.engine.services.tenancy.createWorkspace('other');
    const stranger = await t.engine.authenticate({ apiKey: other.apiKey });
    const crossed = await t.call('export_proof_trail', { title: 'x', receiptIds: [receiptId] }, stranger);
    expect(!crossed.ok && crossed.error.code).toBe('NOT_FOUND');
    expect(!crossed.ok && crossed.error.details?.issues?.[0]?.path).toBe('receiptIds[0]');
    const crossedDecision = await t.call('export_proof_trail', { title: 'x', decisionIds: [decision.id] }, stranger);
    expect(!crossedDecision.ok && crossedDecision.error.details?.issues?.[0]?.path).toBe('decisionIds[0]');
    expect((await expectOk<Json>(t.call('list_proof_trails', {}, stranger))).proofTrails).toEqual([]);
  });

  it('refuses bad input naming the field, and a push with no SovereignProof endpoint, storing nothing', async () => {
    const noTitle = await t.call('export_proof_trail', { evidence: [{ type: 'x' }] });
    expect(!noTitle.ok && noTitle.error.details?.issues?.[0]?.path).toBe('title');
    const badEvidence = await t.call('export_proof_trail', { title: 'x', evidence: [{ kind: 'x' }] });
    expect(!badEvidence.ok && badEvidence.error.details?.issues?.[0]?.path).toBe('evidence[0].type');
    const nothing = await t.call('export_proof_trail', { title: 'x' });
    expect(!nothing.ok && nothing.error.code).toBe('INVALID_INPUT');
    const push = await t.call('export_proof_trail', { title: 'x', evidence: [{ type: 'x' }], pushToSovereignProof: true });
    expect(!push.ok && push.error.code).toBe('UNAVAILABLE');
    expect(!push.ok && push.error.message).toContain('HA_SOVEREIGNPROOF_URL');
    expect(!push.ok && push.error.details?.issues?.[0]?.path).toBe('pushToSovereignProof');
    const named = await expectOk<Json>(t.call('export_proof_trail', { id: 'prf_campaign', title: 'x', evidence: [{ type: 'x' }] }));
    expect(named.trail.id).toBe('prf_campaign');
    const again = await t.call('export_proof_trail', { id: 'prf_campaign', title: 'y', evidence: [{ type: 'y' }] });
    expect(!again.ok && [again.error.code, again.error.details?.issues?.[0]?.path]).toEqual(['CONFLICT', 'id']);
    const badId = await t.call('export_proof_trail', { id: 'a b', title: 'y', evidence: [{ type: 'y' }] });
    expect(!badId.ok && badId.error.details?.issues?.[0]?.path).toBe('id');
    const badPacket = await t.call('verify_proof_trail', { packet: { format: 'nope' } });
    expect(!badPacket.ok && badPacket.error.code).toBe('INVALID_INPUT');
    expect((await expectOk<Json>(t.call('list_proof_trails', {}))).proofTrails.map((row: Json) => row.id)).toEqual(['prf_campaign']);
  });
});

describe('pushing to SovereignProof', () => {
  let server: Server;
  const received: Array<{ headers: IncomingMessage['headers']; body: string }> = [];
  let answer = { status: 201, body: '{"id":"sp_123"}' };

  beforeEach(async () => {
    received.length = 0;
    server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        received.push({ headers: request.headers, body: Buffer.concat(chunks).toString() });
        response.writeHead(answer.status, { 'content-type': 'application/json' }).end(answer.body);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    t = await openTestEngine({ sovereignProof: { url: `http://127.0.0.1:${port}/v1/proofs`, token: 'sp-token', policy: { allow: ['127.0.0.1'] } } });
  });
  afterEach(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  it('POSTs the packet and records the receipt in the answer and the store', async () => {
    answer = { status: 201, body: '{"id":"sp_123"}' };
    const exported = await expectOk<Json>(t.call('export_proof_trail', { title: 'Campaign scale proof', evidence: [{ type: 'x', n: 1 }], pushToSovereignProof: true }));
    expect(received).toHaveLength(1);
    const sent = received[0]!;
    expect(sent.headers.authorization).toBe('Bearer sp-token');
    expect(sent.headers['content-type']).toBe('application/json');
    const packet = JSON.parse(sent.body) as ProofPacket;
    expect(verifyPacket(packet).valid).toBe(true);
    expect(exported.trail.push).toMatchObject({
      destination: 'sovereignproof',
      status: 'delivered',
      endpoint: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/v1\/proofs$/),
      responseStatus: 201,
      externalId: 'sp_123',
      error: null,
      requestId: sent.headers['x-request-id'],
      payloadHash: createHash('sha256').update(sent.body).digest('hex'),
    });
    expect(sent.headers['idempotency-key']).toBe(sent.headers['x-request-id']);
    const stored = await expectOk<Json>(t.call('get_proof_trail', { id: exported.trail.id }));
    expect(stored.trail.push).toEqual(exported.trail.push);
    expect(await expectOk(t.call('get_proof_trail_packet', { id: exported.trail.id }))).toEqual(packet);
  });

  it('records a failed push (the endpoint answered 503) and keeps the packet', async () => {
    answer = { status: 503, body: 'busy' };
    const exported = await expectOk<Json>(t.call('export_proof_trail', { title: 'x', evidence: [{ type: 'x' }], pushToSovereignProof: true }));
    expect(exported.trail.push).toMatchObject({ status: 'failed', responseStatus: 503, externalId: null, error: 'SovereignProof answered 503: busy' });
    const listed = await expectOk<Json>(t.call('list_proof_trails', {}));
    expect(listed.proofTrails[0].push.status).toBe('failed');
  });
});
