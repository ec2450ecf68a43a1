import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Principal } from '@headlessanalytics/engine';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBridge, type Bridge } from './rest-harness.js';
import { runHa } from './ha-cli.js';

/**
 * Proof trails over a real server: the spec's REST body verbatim (receipt ids, pushToSovereignProof) against a local
 * SovereignProof peer, `ha proof-export` exactly as the spec writes it, and `ha proof-verify packet.json` offline (no
 * server, no database) on a good and a tampered file.
 */

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

let bridge: Bridge;
let peer: Server;
let principal: Principal;
let receiptId: string;
const received: Array<{ headers: IncomingMessage['headers']; body: string }> = [];
const scratch = mkdtempSync(join(tmpdir(), 'ha-proofs-'));

async function call(name: string, input: Record<string, unknown>): Promise<Json> {
  const result = await bridge.engine.invoke(name, input, { principal, surface: 'internal' });
  if (!result.ok) throw new Error(JSON.stringify(result.error.toJSON()));
  return result.output;
}

beforeAll(async () => {
  peer = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({ headers: request.headers, body: Buffer.concat(chunks).toString() });
      response.writeHead(202, { 'content-type': 'application/json', 'x-request-id': 'sp-req-1' }).end('{"id":"sp_proof_9"}');
    });
  });
  await new Promise<void>((resolve) => peer.listen(0, '127.0.0.1', resolve));
  const { port } = peer.address() as AddressInfo;
  // The proofs domain's engine option (its type joins EngineOptions in the engine's own sources).
  const options = { databaseUrl: ':memory:', sovereignProof: { url: `http://127.0.0.1:${port}/api/v1/proofs`, token: 'sp-secret', policy: { allow: ['127.0.0.1'] } } };
  bridge = await startBridge(options);
  principal = await bridge.engine.authenticate({ apiKey: bridge.adminKey });
  await call('create_authority_grant', { actions: ['campaign.*'], currency: 'USD', caps: [{ maxAmount: 1000, period: 'day' }] });
  const decision = await call('create_decision_object', { action: 'campaign.scale', amount: 400, currency: 'USD', status: 'approved' });
  const enforced = await call('enforce_action', { decisionObjectId: decision.id, proposedAction: { action: 'campaign.scale', currency: 'USD', amount: 400 } });
  receiptId = enforced.receipt.id;
});
afterAll(async () => {
  await bridge.close();
  await new Promise((resolve) => peer.close(resolve));
  rmSync(scratch, { recursive: true, force: true });
});

const ha = (args: string[], env: Record<string, string>) => runHa(args, env);
const remote = () => ({ HA_API_URL: bridge.url, HA_API_KEY: bridge.adminKey });

describe('proof trails over REST and the CLI', () => {
  it('POST /api/proof-event-trails/export takes the spec body verbatim, pushes to SovereignProof and records the receipt', async () => {
    const body = JSON.parse(`{"title":"Campaign scale proof","receiptIds":["${receiptId}"],"pushToSovereignProof":true}`);
    const reply = await bridge.request('POST', '/api/proof-event-trails/export', { body });
    expect(reply.status, JSON.stringify(reply.body)).toBe(201);
    expect(reply.body).toMatchObject({ treeSize: 1, trail: { title: 'Campaign scale proof', itemCount: 1 } });
    expect(received).toHaveLength(1);
    expect(received[0]!.headers.authorization).toBe('Bearer sp-secret');
    expect(reply.body.trail.push).toMatchObject({
      status: 'delivered',
      responseStatus: 202,
      requestId: 'sp-req-1',
      externalId: 'sp_proof_9',
      error: null,
      payloadHash: createHash('sha256').update(received[0]!.body).digest('hex'),
    });
    const got = await bridge.request('GET', `/api/proof-event-trails/${reply.body.trail.id}/packet`);
    expect(got.status).toBe(200);
    expect(got.body).toEqual(JSON.parse(received[0]!.body));
    expect(JSON.parse(got.body.items[0].canonical)).toMatchObject({ type: 'receipt', ref: receiptId });
    const paged = await bridge.request('GET', `/api/proof-event-trails/${reply.body.trail.id}?limit=1`);
    expect(paged.body).toMatchObject({ header: { rootHash: got.body.rootHash }, items: [got.body.items[0]], nextCursor: null });
    const listed = await bridge.request('GET', '/api/proof-event-trails?limit=10');
    expect(listed.body.proofTrails.map((row: Json) => row.id)).toContain(reply.body.trail.id);

    expect((await bridge.request('GET', '/api/proof-event-trails/prf_nope')).status).toBe(404);
    const missing = await bridge.request('POST', '/api/proof-event-trails/export', { body: { title: 'x', receiptIds: ['rcp_nope'] } });
    expect([missing.status, missing.body.error.details.issues[0].path]).toEqual([404, 'receiptIds[0]']);
    const bad = await bridge.request('POST', '/api/proof-event-trails/export', { body: { receiptIds: [receiptId] } });
    expect([bad.status, bad.body.error.details.issues[0].path]).toEqual([400, 'title']);
  });

  it('ha proof-export as the spec writes it, then ha proof-verify packet.json offline: exit 0, and 1 naming a tampered item', async () => {
    const exported = await ha(['proof-export', `{"title":"Campaign scale proof","receiptIds":["${receiptId}"]}`], remote());
    expect(exported.code, exported.stderr).toBe(0);
    const { trail } = JSON.parse(exported.stdout) as Json;
    expect(trail).toMatchObject({ title: 'Campaign scale proof', itemCount: 1, push: null });
    const shown = await ha(['proof-trail', trail.id], remote());
    expect(shown.code, shown.stderr).toBe(0);
    expect(JSON.parse(shown.stdout)).toMatchObject({ header: { rootHash: trail.rootHash }, items: [{ type: 'receipt' }], nextCursor: null });
    // The whole packet as a file: ha proof-packet <id> --out packet.json.
    const file = join(scratch, 'packet.json');
    const saved = await ha(['proof-packet', trail.id, '--out', file], remote());
    expect(saved.code, saved.stderr).toBe(0);
    const packet = JSON.parse(readFileSync(file, 'utf8')) as Json;
    expect(packet).toMatchObject({ id: trail.id, rootHash: trail.rootHash, treeSize: 1 });

    // No server and no database: no HA_API_URL, and a database path that cannot be opened.
    const offline = { HA_DATABASE_URL: `file:${join(scratch, 'missing-dir', 'db')}` };
    const good = await ha(['proof-verify', file], offline);
    expect(good.code, good.stderr).toBe(0);
    expect(JSON.parse(good.stdout)).toMatchObject({ valid: true, packetId: trail.id, rootHash: trail.rootHash, failures: [] });
    // With HA_API_URL pointing at nothing listening, it still runs here.
    const noServer = await ha(['proof-verify', file], { HA_API_URL: 'http://127.0.0.1:9', HA_API_KEY: 'x' });
    expect(noServer.code, noServer.stderr).toBe(0);

    const tampered = structuredClone(packet);
    tampered.items[0].canonical = tampered.items[0].canonical.replace('"outcome":"allow"', '"outcome":"alloW"');
    expect(tampered.items[0].canonical).not.toBe(packet.items[0].canonical);
    writeFileSync(join(scratch, 'tampered.json'), JSON.stringify(tampered));
    const failed = await ha(['proof-verify', join(scratch, 'tampered.json')], offline);
    expect(failed.code).toBe(1);
    const answer = JSON.parse(failed.stdout) as Json;
    expect(answer.valid).toBe(false);
    expect(answer.failures[0]).toMatchObject({ target: 'item', index: 0, ref: receiptId });
    expect(answer.failures[0].message).toContain(`Item 0 (${receiptId})`);

    const resigned = structuredClone(packet);
    resigned.envelope.signatures[0].sig = Buffer.alloc(64, 1).toString('base64');
    writeFileSync(join(scratch, 'resigned.json'), JSON.stringify(resigned));
    const badSignature = await ha(['proof-verify', join(scratch, 'resigned.json')], offline);
    expect(badSignature.code).toBe(1);
    expect(JSON.parse(badSignature.stdout).failures).toEqual([expect.objectContaining({ target: 'signature' })]);

    const absent = await ha(['proof-verify', join(scratch, 'nope.json')], offline);
    expect(absent.code).toBe(2);
    expect(absent.stderr).toContain('nope.json');
  });
});
