import { createHash } from 'node:crypto';

/**
 * The Merkle tree of RFC 9162 (Certificate Transparency v2), section 2.1: SHA-256, leaf hash = H(0x00 || leaf),
 * node hash = H(0x01 || left || right), the tree over n leaves split at the largest power of two smaller than n (no
 * duplication of an odd last node, unlike Bitcoin's). Built level by level: an odd last node is carried up unchanged,
 * which gives the same tree as the recursive definition.
 */

const LEAF_PREFIX = Buffer.from([0x00]);
const NODE_PREFIX = Buffer.from([0x01]);

export function leafHash(leaf: Uint8Array | string): Buffer {
  return createHash('sha256').update(LEAF_PREFIX).update(typeof leaf === 'string' ? Buffer.from(leaf, 'utf8') : leaf).digest();
}

export function nodeHash(left: Uint8Array, right: Uint8Array): Buffer {
  return createHash('sha256').update(NODE_PREFIX).update(left).update(right).digest();
}

/** The hash of the empty tree: SHA-256 of the empty string (RFC 9162 2.1.1). */
export const EMPTY_ROOT = createHash('sha256').digest();

/** Every level of the tree, leaves first, root level last (one node). */
function levelsOf(leafHashes: readonly Uint8Array[]): Uint8Array[][] {
  const levels: Uint8Array[][] = [leafHashes.slice()];
  while (levels.at(-1)!.length > 1) {
    const below = levels.at(-1)!;
    const above: Uint8Array[] = [];
    for (let index = 0; index + 1 < below.length; index += 2) above.push(nodeHash(below[index]!, below[index + 1]!));
    if (below.length % 2 === 1) above.push(below.at(-1)!);
    levels.push(above);
  }
  return levels;
}

/** MTH(D[n]) over leaf hashes. */
export function merkleRoot(leafHashes: readonly Uint8Array[]): Buffer {
  if (leafHashes.length === 0) return EMPTY_ROOT;
  return Buffer.from(levelsOf(leafHashes).at(-1)![0]!);
}

/** The root and every leaf's audit path (RFC 9162 2.1.3.1, PATH(m, D[n]): nearest sibling first), in one pass. */
export function merkleTree(leafHashes: readonly Uint8Array[]): { root: Buffer; paths: Buffer[][] } {
  if (leafHashes.length === 0) return { root: EMPTY_ROOT, paths: [] };
  const levels = levelsOf(leafHashes);
  const paths = leafHashes.map((_, leafIndex) => {
    const path: Buffer[] = [];
    let index = leafIndex;
    for (const level of levels.slice(0, -1)) {
      const sibling = index ^ 1;
      // The odd last node of a level has no sibling there: it is carried up, and its path skips the level.
      if (sibling < level.length) path.push(Buffer.from(level[sibling]!));
      index >>= 1;
    }
    return path;
  });
  return { root: Buffer.from(levels.at(-1)![0]!), paths };
}

/**
 * Verifies an inclusion proof as RFC 9162 section 2.1.3.2 states it: the leaf at `leafIndex` of a tree of `treeSize`
 * leaves with `auditPath` hashes to `root`.
 */
export function verifyInclusion(leafIndex: number, treeSize: number, hash: Uint8Array, auditPath: readonly Uint8Array[], root: Uint8Array): boolean {
  if (!Number.isSafeInteger(leafIndex) || !Number.isSafeInteger(treeSize) || leafIndex < 0 || leafIndex >= treeSize) return false;
  let fn = leafIndex;
  let sn = treeSize - 1;
  let r: Uint8Array = hash;
  for (const p of auditPath) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      r = nodeHash(p, r);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      r = nodeHash(r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 && Buffer.compare(Buffer.from(r), Buffer.from(root)) === 0;
}
