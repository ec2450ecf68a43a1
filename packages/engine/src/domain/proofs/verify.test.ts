import { execFileSync } from 'node:child_process';
import { generateKeyPairSync, sign } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { jwkThumbprint } from '../signing/signing.js';
import { buildPacket, pae, PROOF_PAYLOAD_TYPE, type ProofItemInput, type ProofPacket } from './packet.js';
import { verifyPacket } from './verify.js';

const { privateKey, publicKey } = generateKeyPairSync('ed25519');
const x = (publicKey.export({ format: 'jwk' }) as { x: string }).x;
const keyId = jwkThumbprint(x);
const key = { keyId, publicKeyPem: publicKey.export({ format: 'pem', type: 'spki' }).toString(), publicKeyJwk: { kty: 'OKP' as const, crv: 'Ed25519' as const, x, kid: keyId } };

function items(n: number): ProofItemInput[] {
  return Array.from({ length: n }, (_, index) =>
    index % 3 === 0
      ? { type: 'event', ref: `evt_${index}`, data: { event: 'order.created', properties: { revenue: index * 1.5, sku: `bag-${index}` }, timestamp: 1_767_000_000_000 + index } }
      : { type: 'evidence', ref: `evidence-${index}`, data: { type: 'attribution_snapshot', campaign: 'spring-roast', conversions: index, note: 'café ☕' } },
  );
}

const build = (n: number) =>
  buildPacket({ id: `prf_test_${n}`, workspaceId: 'ws_1', title: 'Campaign scale proof', createdAt: 1_767_225_600_000, items: items(n), key, sign: (data) => sign(null, data, privateKey).toString('base64url') });

const clone = (packet: ProofPacket): ProofPacket => structuredClone(packet);
/** One byte of a string changed (XOR 0x01), the rest kept. */
function flipByte(text: string, at: number): string {
  const bytes = Buffer.from(text, 'utf8');
  bytes[at % bytes.length]! ^= 0x01;
  return bytes.toString('utf8');
}
const flipHex = (hex: string, at: number) => `${hex.slice(0, at)}${hex[at] === '0' ? '1' : '0'}${hex.slice(at + 1)}`;

const scratch = mkdtempSync(join(tmpdir(), 'proofs-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('proof packets', () => {
  it('builds and verifies a 10,000-item packet', async () => {
    const packet = await build(10_000);
    expect(packet.treeSize).toBe(10_000);
    expect(packet.items[0]!.auditPath).toHaveLength(14);
    const result = verifyPacket(packet);
    expect(result).toMatchObject({ valid: true, treeSize: 10_000, rootHash: packet.rootHash, failures: [] });
    // A changed item in the big packet is found too.
    const tampered = clone(packet);
    tampered.items[7_777]!.canonical = flipByte(tampered.items[7_777]!.canonical, 40);
    expect(verifyPacket(tampered).failures[0]).toMatchObject({ target: 'item', index: 7_777, ref: 'evidence-7777' });
  });

  it('fails when any byte of any item changes, naming that item', async () => {
    const packet = await build(40);
    expect(verifyPacket(packet).valid).toBe(true);
    for (const [index, item] of packet.items.entries()) {
      const tampered = clone(packet);
      tampered.items[index]!.canonical = flipByte(item.canonical, index * 7 + 3);
      const result = verifyPacket(tampered);
      expect(result.valid).toBe(false);
      expect(result.failures[0]).toMatchObject({ target: 'item', index, ref: item.ref });
      expect(result.failures.every((failure) => failure.target === 'root' || failure.index === index)).toBe(true);
    }
    // Every byte position of one item.
    const item = packet.items[5]!;
    for (let at = 0; at < Buffer.byteLength(item.canonical); at += 1) {
      const tampered = clone(packet);
      tampered.items[5]!.canonical = flipByte(item.canonical, at);
      expect(verifyPacket(tampered).failures[0]).toMatchObject({ target: 'item', index: 5 });
    }
  });

  it('fails on a changed leaf hash with matching bytes, a non-canonical item, or a changed type or ref', async () => {
    const packet = await build(9);
    const releafed = clone(packet);
    releafed.items[6]!.leafHash = flipHex(releafed.items[6]!.leafHash, 0);
    expect(verifyPacket(releafed).failures).toEqual([expect.objectContaining({ target: 'item', index: 6, message: expect.stringContaining('leafHash') })]);
    const reordered = clone(packet);
    const parsed = JSON.parse(reordered.items[2]!.canonical) as Record<string, unknown>;
    reordered.items[2]!.canonical = JSON.stringify({ ref: parsed.ref, type: parsed.type, data: parsed.data });
    expect(verifyPacket(reordered).failures[0]).toMatchObject({ target: 'item', index: 2, message: expect.stringContaining('canonical') });
    const retyped = clone(packet);
    retyped.items[1]!.type = 'receipt';
    expect(verifyPacket(retyped).failures[0]).toMatchObject({ target: 'item', index: 1 });
    const swapped = clone(packet);
    [swapped.items[3], swapped.items[4]] = [swapped.items[4]!, swapped.items[3]!];
    expect(verifyPacket(swapped).valid).toBe(false);
  });

  it('fails on a changed root, signature, inclusion proof, key or statement, naming it', async () => {
    const packet = await build(13);
    const root = clone(packet);
    root.rootHash = flipHex(root.rootHash, 10);
    expect(verifyPacket(root).failures).toEqual([expect.objectContaining({ target: 'root', message: 'The packet rootHash is not the signed root' })]);

    const signature = clone(packet);
    const sig = Buffer.from(signature.envelope.signatures[0]!.sig, 'base64');
    sig[17]! ^= 0x80;
    signature.envelope.signatures[0]!.sig = sig.toString('base64');
    expect(verifyPacket(signature).failures).toEqual([expect.objectContaining({ target: 'signature' })]);

    for (const [index, item] of packet.items.entries()) {
      for (let step = 0; step < item.auditPath.length; step += 1) {
        const proof = clone(packet);
        proof.items[index]!.auditPath[step] = flipHex(item.auditPath[step]!, step);
        expect(verifyPacket(proof).failures).toEqual([expect.objectContaining({ target: 'inclusionProof', index, ref: item.ref })]);
      }
    }
    const shortProof = clone(packet);
    shortProof.items[0]!.auditPath.pop();
    expect(verifyPacket(shortProof).failures).toEqual([expect.objectContaining({ target: 'inclusionProof', index: 0 })]);

    // Another key in the packet: the signature does not verify with it (and a wrong key id is named).
    const other = generateKeyPairSync('ed25519').publicKey;
    const otherX = (other.export({ format: 'jwk' }) as { x: string }).x;
    const rekeyed = clone(packet);
    rekeyed.publicKey = { ...rekeyed.publicKey, jwk: { ...rekeyed.publicKey.jwk, x: otherX }, pem: other.export({ format: 'pem', type: 'spki' }).toString() };
    expect(verifyPacket(rekeyed).failures.map((failure) => failure.target)).toEqual(['publicKey', 'signature']);

    // A statement re-encoded with another root (say, to hide an item) breaks the signature.
    const statement = clone(packet);
    const body = JSON.parse(Buffer.from(statement.envelope.payload, 'base64').toString()) as Record<string, unknown>;
    statement.envelope.payload = Buffer.from(JSON.stringify({ ...body, treeSize: 12 })).toString('base64');
    statement.items.pop();
    const targets = verifyPacket(statement).failures.map((failure) => failure.target);
    expect(targets[0]).toBe('signature');
    expect(targets).toContain('root');
  });

  it('has a signature openssl verifies with the packet\'s PEM key', async () => {
    const packet = await build(5);
    const message = pae(PROOF_PAYLOAD_TYPE, Buffer.from(packet.envelope.payload, 'base64'));
    writeFileSync(join(scratch, 'pub.pem'), packet.publicKey.pem);
    writeFileSync(join(scratch, 'msg'), message);
    writeFileSync(join(scratch, 'sig'), Buffer.from(packet.envelope.signatures[0]!.sig, 'base64'));
    const run = () =>
      execFileSync('openssl', ['pkeyutl', '-verify', '-pubin', '-inkey', join(scratch, 'pub.pem'), '-rawin', '-in', join(scratch, 'msg'), '-sigfile', join(scratch, 'sig')], { encoding: 'utf8' });
    expect(run()).toContain('Signature Verified Successfully');
    message[message.length - 3]! ^= 0x01;
    writeFileSync(join(scratch, 'msg'), message);
    expect(run).toThrow();
    // The PAE is DSSE's: "DSSEv1" SP LEN(type) SP type SP LEN(body) SP body.
    expect(pae('t', Buffer.from('ab')).toString()).toBe('DSSEv1 1 t 2 ab');
  });
});
