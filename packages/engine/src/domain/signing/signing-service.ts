import { createPublicKey, randomBytes, type KeyObject } from 'node:crypto';
import type { Logger } from '../../context.js';
import { Sealer, sealingKeyFromSecret } from './sealer.js';
import type { SigningRepo } from './signing-repo.js';
import { generateEd25519, privateKeyFromPem, publicKeyView, signEd25519, verifySignature, type WorkspaceSigningKey } from './signing.js';

interface LoadedKey {
  view: WorkspaceSigningKey;
  privateKey: KeyObject;
}

/**
 * The workspace's Ed25519 signing key (attestations, receipts, proof packets) and the sealing of secrets at rest.
 * Secrets are sealed with AES-256-GCM under a key derived from the operator's `HA_SECRET_KEY`; without one, a random
 * master key kept in the database is used (so every process on the same database agrees), which protects a sealed
 * value copied elsewhere but not a stolen database: set HA_SECRET_KEY in production. A workspace key's private half
 * is stored sealed, bound to its workspace id.
 */
export class SigningService {
  readonly #keys = new Map<string, Promise<LoadedKey>>();
  #sealer: Promise<Sealer> | undefined;

  constructor(
    private readonly repo: SigningRepo,
    private readonly clock: () => number,
    private readonly secretKey: string | undefined,
    private readonly logger: Logger,
  ) {}

  /** The workspace's public key (created on first use). */
  async key(workspaceId: string): Promise<WorkspaceSigningKey> {
    return (await this.#load(workspaceId)).view;
  }

  async privateKey(workspaceId: string): Promise<KeyObject> {
    return (await this.#load(workspaceId)).privateKey;
  }

  /** A raw Ed25519 signature (base64url) of `data` with the workspace's key. */
  async sign(workspaceId: string, data: Uint8Array | string): Promise<{ keyId: string; signature: string }> {
    const key = await this.#load(workspaceId);
    return { keyId: key.view.keyId, signature: signEd25519(key.privateKey, data) };
  }

  /** Checks a signature made by the workspace's current key. */
  async verify(workspaceId: string, data: Uint8Array | string, signature: string): Promise<boolean> {
    return verifySignature((await this.#load(workspaceId)).view.publicKeyPem, data, signature);
  }

  /** Seals a secret for storage; `associated` (e.g. `workspaceId/destinationId`) must be given again to open it. */
  async seal(plaintext: string, associated = ''): Promise<string> {
    return (await this.#sealerOnce()).seal(plaintext, associated);
  }

  async open(sealed: string, associated = ''): Promise<string> {
    return (await this.#sealerOnce()).open(sealed, associated);
  }

  #sealerOnce(): Promise<Sealer> {
    this.#sealer ??= (async () => {
      if (this.secretKey) return new Sealer(sealingKeyFromSecret(this.secretKey));
      let created: string | undefined;
      const master = await this.repo.masterKey(() => (created = randomBytes(32).toString('base64url')));
      // Said once, when the key is made, not by every process (each `ha` command) that uses it.
      if (master === created) this.logger.info('Created the key that seals secrets, kept in the database; set HA_SECRET_KEY to keep them apart from it');
      return new Sealer(sealingKeyFromSecret(master));
    })();
    this.#sealer.catch(() => (this.#sealer = undefined));
    return this.#sealer;
  }

  #load(workspaceId: string): Promise<LoadedKey> {
    let loaded = this.#keys.get(workspaceId);
    if (!loaded) {
      loaded = this.#loadOrCreate(workspaceId);
      this.#keys.set(workspaceId, loaded);
      loaded.catch(() => this.#keys.delete(workspaceId));
    }
    return loaded;
  }

  async #loadOrCreate(workspaceId: string): Promise<LoadedKey> {
    const sealer = await this.#sealerOnce();
    let stored = await this.repo.get(workspaceId);
    if (!stored) {
      const pair = generateEd25519();
      const view = publicKeyView(pair.publicKey, this.clock());
      stored = await this.repo.insertIfAbsent({
        workspaceId,
        keyId: view.keyId,
        publicKeyPem: view.publicKeyPem,
        privateKeySealed: sealer.seal(pair.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(), workspaceId),
        createdAt: view.createdAt,
      });
    }
    const privateKey = privateKeyFromPem(sealer.open(stored.privateKeySealed, workspaceId));
    // The public half is derived from the private key, so a stored public key that was swapped is caught below.
    const view = publicKeyView(createPublicKey(privateKey), stored.createdAt);
    if (view.keyId !== stored.keyId) throw new Error(`The stored signing key of workspace ${workspaceId} does not match its key id`);
    return { view, privateKey };
  }
}
