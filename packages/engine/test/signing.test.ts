import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from '@libsql/client';
import { describe, expect, it } from 'vitest';
import { Engine } from '../src/index.js';
import { Sealer, sealingKeyFromSecret, verifySignature, jwkThumbprint } from '../src/domain/signing/index.js';
import { expectOk, useFileEngine } from './support.js';

type Key = { keyId: string; algorithm: string; publicKeyPem: string; publicKeyJwk: { kty: string; crv: string; x: string; kid: string }; createdAt: number };

describe('workspace signing keys', () => {
  const files = useFileEngine('signing', { clock: () => Date.UTC(2026, 11, 4) });

  it('creates one Ed25519 key per workspace on first use, keeps it across a restart, and signs with it', async () => {
    const t = files.current();
    const key = await expectOk<Key>(t.call('get_signing_key', {}));
    expect(key.algorithm).toBe('Ed25519');
    expect(key.publicKeyJwk).toMatchObject({ kty: 'OKP', crv: 'Ed25519', kid: key.keyId });
    expect(key.keyId).toBe(jwkThumbprint(key.publicKeyJwk.x));
    expect(key.createdAt).toBe(Date.UTC(2026, 11, 4));
    expect(await expectOk<Key>(t.call('get_signing_key', {}))).toEqual(key);

    const workspaceId = t.principal.workspaceId;
    const { keyId, signature } = await t.engine.services.signing.sign(workspaceId, 'receipt bytes');
    expect(keyId).toBe(key.keyId);
    expect(verifySignature(key.publicKeyPem, 'receipt bytes', signature)).toBe(true);
    expect(verifySignature(key.publicKeyJwk, 'receipt bytes', signature)).toBe(true);
    expect(verifySignature(key.publicKeyPem, 'receipt bytez', signature)).toBe(false);
    const flipped = Buffer.from(signature, 'base64url');
    flipped[0]! ^= 1;
    expect(verifySignature(key.publicKeyPem, 'receipt bytes', flipped.toString('base64url'))).toBe(false);
    expect(verifySignature(key.publicKeyPem, 'receipt bytes', 'not a signature')).toBe(false);
    expect(verifySignature('not a key', 'receipt bytes', signature)).toBe(false);

    // openssl, knowing nothing of our code, accepts the signature with the published PEM.
    const dir = mkdtempSync(join(tmpdir(), 'ha-openssl-'));
    try {
      writeFileSync(join(dir, 'pub.pem'), key.publicKeyPem);
      writeFileSync(join(dir, 'msg'), 'receipt bytes');
      writeFileSync(join(dir, 'sig'), Buffer.from(signature, 'base64url'));
      const out = execFileSync('openssl', ['pkeyutl', '-verify', '-pubin', '-inkey', join(dir, 'pub.pem'), '-rawin', '-in', join(dir, 'msg'), '-sigfile', join(dir, 'sig')]);
      expect(out.toString()).toMatch(/Signature Verified Successfully/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }

    const other = await expectOk<{ workspace: { id: string } }>(t.call('create_workspace', { name: 'Other' }));
    const otherKey = await t.engine.services.signing.key(other.workspace.id);
    expect(otherKey.keyId).not.toBe(key.keyId);
    expect(verifySignature(otherKey.publicKeyPem, 'receipt bytes', signature)).toBe(false);

    const reopened = await files.reopen();
    expect(await expectOk<Key>(reopened.call('get_signing_key', {}))).toEqual(key);
    const again = await reopened.engine.services.signing.sign(workspaceId, 'receipt bytes');
    expect(verifySignature(key.publicKeyPem, 'receipt bytes', again.signature)).toBe(true);
  });

  it('seals secrets so that they open only with the same key and the same binding; the private key is stored sealed', async () => {
    const t = files.current();
    const signing = t.engine.services.signing;
    const sealed = await signing.seal('sk_live_123', 'ws/dest-1');
    expect(sealed).toMatch(/^v1\.[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(sealed).not.toContain('sk_live_123');
    expect(await signing.open(sealed, 'ws/dest-1')).toBe('sk_live_123');
    await expect(signing.open(sealed, 'ws/dest-2')).rejects.toThrow(/does not open/);
    const parts = sealed.split('.');
    const tampered = Buffer.from(parts[2]!, 'base64url');
    tampered[0]! ^= 1;
    await expect(signing.open([parts[0], parts[1], tampered.toString('base64url'), parts[3]].join('.'), 'ws/dest-1')).rejects.toThrow(/does not open/);

    await signing.key(t.principal.workspaceId);
    const db = createClient({ url: `file:${files.file()}` });
    try {
      const stored = await db.execute({ sql: 'SELECT private_key_sealed FROM workspace_signing_keys WHERE workspace_id = ?', args: [t.principal.workspaceId] });
      expect(String(stored.rows[0]!.private_key_sealed)).toMatch(/^v1\./);
      expect(String(stored.rows[0]!.private_key_sealed)).not.toContain('PRIVATE KEY');
    } finally {
      db.close();
    }
  });
});

describe('HA_SECRET_KEY', () => {
  it('derives the sealing key from the operator secret: another secret cannot open what it sealed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ha-secret-'));
    const databaseUrl = `file:${join(dir, 'db')}`;
    try {
      const first = await Engine.open({ databaseUrl, secretKey: 'operator secret one' });
      const sealed = await first.services.signing.seal('token');
      expect(await first.services.signing.open(sealed)).toBe('token');
      await first.close();
      const second = await Engine.open({ databaseUrl, secretKey: 'operator secret two' });
      await expect(second.services.signing.open(sealed)).rejects.toThrow(/HA_SECRET_KEY changed/);
      await second.close();
      expect(new Sealer(sealingKeyFromSecret('operator secret one')).open(sealed)).toBe('token');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
