import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import type { Receipt } from './model.js';

/** RFC 8785 canonical JSON of a value. */
export function canonical(value: unknown): string {
  const text = canonicalize(value);
  if (text === undefined) throw new Error('value has no canonical JSON form');
  return text;
}

export const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

/** A receipt's hash: sha-256 of the canonical JSON of every field but `hash` (so it covers `prevHash` and `seq`). */
export function receiptHash(receipt: Omit<Receipt, 'hash'> & { hash?: string }): string {
  const { hash: _hash, ...body } = receipt;
  return sha256(canonical(body));
}
