import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { leafHash, merkleRoot, merkleTree, verifyInclusion } from './merkle.js';

// An independent few-line recomputation of RFC 9162 2.1.1 (MTH) and 2.1.3.1 (PATH), straight from the definitions.
const h = (...parts: Buffer[]) => createHash('sha256').update(Buffer.concat(parts)).digest();
const split = (n: number) => 2 ** Math.ceil(Math.log2(n) - 1);
const mth = (d: Buffer[]): Buffer =>
  d.length === 0 ? h() : d.length === 1 ? h(Buffer.from([0]), d[0]!) : h(Buffer.from([1]), mth(d.slice(0, split(d.length))), mth(d.slice(split(d.length))));
const path = (m: number, d: Buffer[]): Buffer[] => {
  if (d.length <= 1) return [];
  const k = split(d.length);
  return m < k ? [...path(m, d.slice(0, k)), mth(d.slice(k))] : [...path(m - k, d.slice(k)), mth(d.slice(0, k))];
};

// The leaves and roots of the Certificate Transparency reference test vectors (RFC 6962 / 9162 hashing).
const VECTOR_LEAVES = ['', '00', '10', '2021', '3031', '40414243', '5051525354555657', '606162636465666768696a6b6c6d6e6f'].map((hex) => Buffer.from(hex, 'hex'));
const VECTOR_ROOTS = [
  '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
  'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
  'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
  'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
  '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
  '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
  'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
  '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
];

describe('RFC 9162 Merkle tree', () => {
  it('matches the reference roots for n = 1..8 and the empty tree', () => {
    expect(merkleRoot([]).toString('hex')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    for (let n = 1; n <= 8; n += 1) {
      const leaves = VECTOR_LEAVES.slice(0, n).map((leaf) => leafHash(leaf));
      expect(merkleRoot(leaves).toString('hex')).toBe(VECTOR_ROOTS[n - 1]);
    }
  });

  it('equals the recursive definition and verifies every inclusion proof for n = 1..70', () => {
    for (let n = 1; n <= 70; n += 1) {
      const data = Array.from({ length: n }, (_, index) => Buffer.from(`item-${index}`));
      const leaves = data.map((leaf) => leafHash(leaf));
      const d = data;
      const { root, paths } = merkleTree(leaves);
      expect(root.equals(mth(d))).toBe(true);
      for (let index = 0; index < n; index += 1) {
        expect(paths[index]!.map((hash) => hash.toString('hex'))).toEqual(path(index, d).map((hash) => hash.toString('hex')));
        expect(verifyInclusion(index, n, leaves[index]!, paths[index]!, root)).toBe(true);
        // The same proof for another index or leaf, or with one path hash changed, does not verify. (The tree size is
        // bound by the root itself, which a packet's signed statement carries with it.)
        if (n > 1) expect(verifyInclusion((index + 1) % n, n, leaves[index]!, paths[index]!, root)).toBe(false);
        expect(verifyInclusion(index, n, leafHash('other'), paths[index]!, root)).toBe(false);
        for (let step = 0; step < paths[index]!.length; step += 1) {
          const changed = paths[index]!.map((hash, at) => (at === step ? leafHash(hash) : hash));
          expect(verifyInclusion(index, n, leaves[index]!, changed, root)).toBe(false);
        }
      }
    }
  });

  it('does not duplicate an odd last node (Bitcoin style)', () => {
    const [a, b, c] = ['a', 'b', 'c'].map((leaf) => leafHash(leaf));
    const node = (left: Buffer, right: Buffer) => h(Buffer.from([1]), left, right);
    expect(merkleRoot([a!, b!, c!]).equals(node(node(a!, b!), c!))).toBe(true);
    expect(merkleRoot([a!, b!, c!]).equals(node(node(a!, b!), node(c!, c!)))).toBe(false);
  });

  it('refuses an index outside the tree and a path of the wrong length', () => {
    const leaves = ['a', 'b', 'c', 'd', 'e'].map((leaf) => leafHash(leaf));
    const { root, paths } = merkleTree(leaves);
    expect(verifyInclusion(5, 5, leaves[4]!, paths[4]!, root)).toBe(false);
    expect(verifyInclusion(-1, 5, leaves[0]!, paths[0]!, root)).toBe(false);
    expect(verifyInclusion(0, 5, leaves[0]!, paths[0]!.slice(1), root)).toBe(false);
    expect(verifyInclusion(0, 5, leaves[0]!, [...paths[0]!, leaves[1]!], root)).toBe(false);
  });
});
