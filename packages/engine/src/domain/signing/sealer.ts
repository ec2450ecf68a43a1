import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

const VERSION = 'v1';

/** Derives the 32-byte AES key from the operator's secret (any string) with HKDF-SHA-256. */
export function sealingKeyFromSecret(secret: string): Buffer {
  return Buffer.from(hkdfSync('sha256', Buffer.from(secret, 'utf8'), Buffer.from('headlessanalytics'), Buffer.from('seal v1'), 32));
}

/**
 * AES-256-GCM sealing of secrets at rest (destination credentials, signing keys). The sealed form is
 * `v1.<iv>.<ciphertext>.<tag>` (base64url parts); `associated` binds a sealed value to where it is stored (e.g. the
 * workspace id), so a value copied to another row does not open.
 */
export class Sealer {
  readonly #key: Buffer;

  constructor(key: Buffer) {
    if (key.length !== 32) throw new Error('The sealing key must be 32 bytes');
    this.#key = key;
  }

  seal(plaintext: string, associated = ''): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.#key, iv);
    cipher.setAAD(Buffer.from(associated, 'utf8'));
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [VERSION, iv.toString('base64url'), ciphertext.toString('base64url'), cipher.getAuthTag().toString('base64url')].join('.');
  }

  open(sealed: string, associated = ''): string {
    const [version, iv, ciphertext, tag] = sealed.split('.');
    if (version !== VERSION || iv === undefined || ciphertext === undefined || tag === undefined) {
      throw new Error('Not a sealed value (expected v1.<iv>.<ciphertext>.<tag>)');
    }
    const decipher = createDecipheriv('aes-256-gcm', this.#key, Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from(associated, 'utf8'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    try {
      return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
    } catch {
      throw new Error('The sealed value does not open with this key (HA_SECRET_KEY changed, or the value was altered)');
    }
  }
}
