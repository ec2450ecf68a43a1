import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import { z } from 'zod';
import { leafHash, merkleTree } from './merkle.js';

/** What a packet item is. */
export const ITEM_TYPES = ['event', 'decision', 'receipt', 'evidence'] as const;
export type ItemType = (typeof ITEM_TYPES)[number];

/** DSSE payload type of a proof packet's signed statement. */
export const PROOF_PAYLOAD_TYPE = 'application/vnd.headlessanalytics.proof+json';
export const PROOF_STATEMENT_TYPE = 'https://headlessanalytics.dev/proof-trail/v1';

/** One thing to prove, before canonicalization: what it is, its id, and its JSON. */
export interface ProofItemInput {
  type: ItemType;
  ref: string;
  data: unknown;
}

// Hashes are hex SHA-256; checked by the verifier (which names a bad one) rather than refused by the schema.
const hex = z.string().max(128);

export const packetItemSchema = z.object({
  index: z.number().int().min(0).describe('Leaf index in the Merkle tree (0-based, packet order).'),
  type: z.enum(ITEM_TYPES).describe('What the item is: event, decision, receipt or supplied evidence.'),
  ref: z.string().describe('The item\'s id (event id, decision id, receipt id) or evidence-<n> for supplied evidence.'),
  canonical: z.string().describe('The item as RFC 8785 canonical JSON ({type, ref, data}): the exact bytes of the leaf.'),
  leafHash: hex.describe('SHA-256(0x00 || canonical), hex (RFC 9162 2.1.1).'),
  auditPath: z.array(hex).describe('RFC 9162 2.1.3 inclusion proof: sibling hashes from the leaf up, hex.'),
});
export type PacketItem = z.infer<typeof packetItemSchema>;

export const proofStatementSchema = z.object({
  _type: z.literal(PROOF_STATEMENT_TYPE).describe('Statement type.'),
  packetId: z.string().describe('Packet id.'),
  workspaceId: z.string().describe('Workspace that signed it.'),
  title: z.string().describe('Packet title.'),
  createdAt: z.string().describe('When the packet was built (ISO 8601).'),
  treeSize: z.number().int().min(0).describe('Number of leaves.'),
  rootHash: hex.describe('Merkle tree head (RFC 9162 MTH), hex.'),
  hashAlgorithm: z.literal('sha256').describe('Leaf and node hash.'),
  keyId: z.string().describe('Signing key id (RFC 7638 JWK thumbprint).'),
});
export type ProofStatement = z.infer<typeof proofStatementSchema>;

export const dsseEnvelopeSchema = z.object({
  payloadType: z.string().describe(`DSSE payload type (${PROOF_PAYLOAD_TYPE}).`),
  payload: z.string().describe('The signed statement (canonical JSON), base64.'),
  signatures: z
    .array(z.object({ keyid: z.string().describe('Key id.'), sig: z.string().describe('Ed25519 signature over the DSSE PAE, base64.') }))
    .min(1)
    .describe('Signatures over PAE(payloadType, payload).'),
});

export const packetSchema = z
  .object({
    format: z.literal('headlessanalytics.proof-packet/v1').describe('Packet format.'),
    id: z.string().describe('Packet id.'),
    title: z.string().describe('Packet title.'),
    createdAt: z.string().describe('When the packet was built (ISO 8601).'),
    rootHash: hex.describe('Merkle tree head over the items, hex.'),
    treeSize: z.number().int().min(0).describe('Number of items (leaves).'),
    canonicalization: z.literal('RFC 8785').describe('How items were canonicalized.'),
    merkleTree: z.literal('RFC 9162').describe('Tree form: 0x00 leaf / 0x01 node prefixes, SHA-256.'),
    publicKey: z
      .object({
        keyId: z.string().describe('RFC 7638 thumbprint of the key.'),
        algorithm: z.literal('Ed25519').describe('Signature algorithm.'),
        jwk: z.object({
          kty: z.literal('OKP').describe('Key type: OKP (RFC 8037).'),
          crv: z.literal('Ed25519').describe('Curve: Ed25519.'),
          x: z.string().describe('The public key, base64url.'),
          kid: z.string().describe('Key id: the RFC 7638 thumbprint.'),
        }).describe('Public key as a JWK.'),
        pem: z.string().describe('Public key as PEM (SPKI).'),
      })
      .describe('The workspace key that signed the root: verify offline with it.'),
    envelope: dsseEnvelopeSchema.describe('DSSE envelope signing the statement (packet id, title, tree size, root).'),
    items: z.array(packetItemSchema).describe('Every item with its leaf hash and inclusion proof.'),
  })
  .meta({ id: 'ProofPacket' });
export type ProofPacket = z.infer<typeof packetSchema>;

/** RFC 8785 canonical JSON; refuses what JSON cannot carry. */
export function canonicalJson(value: unknown): string {
  const text = canonicalize(value);
  if (text === undefined) throw new Error('Value has no JSON form');
  return text;
}

/** DSSE pre-authentication encoding: "DSSEv1" SP LEN(type) SP type SP LEN(body) SP body (lengths in bytes, decimal). */
export function pae(payloadType: string, payload: Uint8Array): Buffer {
  const type = Buffer.from(payloadType, 'utf8');
  return Buffer.concat([Buffer.from(`DSSEv1 ${type.length} `), type, Buffer.from(` ${payload.length} `), Buffer.from(payload)]);
}

export const sha256Hex = (data: Uint8Array | string): string => createHash('sha256').update(data).digest('hex');

export interface PacketKey {
  keyId: string;
  publicKeyPem: string;
  publicKeyJwk: { kty: 'OKP'; crv: 'Ed25519'; x: string; kid: string };
}

export interface BuildPacketInput {
  id: string;
  workspaceId: string;
  title: string;
  createdAt: number;
  items: readonly ProofItemInput[];
  key: PacketKey;
  /** Signs bytes with the key; the raw Ed25519 signature, base64url or base64. */
  sign(data: Uint8Array): Promise<string> | string;
}

/** Builds a packet: canonical items, their leaves, the tree, every audit path, and the DSSE-signed statement. */
export async function buildPacket(input: BuildPacketInput): Promise<ProofPacket> {
  const canonicals = input.items.map((item) => canonicalJson({ type: item.type, ref: item.ref, data: item.data }));
  const leaves = canonicals.map((canonical) => leafHash(canonical));
  const { root, paths } = merkleTree(leaves);
  const createdAt = new Date(input.createdAt).toISOString();
  const statement: ProofStatement = {
    _type: PROOF_STATEMENT_TYPE,
    packetId: input.id,
    workspaceId: input.workspaceId,
    title: input.title,
    createdAt,
    treeSize: leaves.length,
    rootHash: root.toString('hex'),
    hashAlgorithm: 'sha256',
    keyId: input.key.keyId,
  };
  const payload = Buffer.from(canonicalJson(statement), 'utf8');
  const signature = Buffer.from(await input.sign(pae(PROOF_PAYLOAD_TYPE, payload)), 'base64url').toString('base64');
  return {
    format: 'headlessanalytics.proof-packet/v1',
    id: input.id,
    title: input.title,
    createdAt,
    rootHash: statement.rootHash,
    treeSize: leaves.length,
    canonicalization: 'RFC 8785',
    merkleTree: 'RFC 9162',
    publicKey: { keyId: input.key.keyId, algorithm: 'Ed25519', jwk: input.key.publicKeyJwk, pem: input.key.publicKeyPem },
    envelope: { payloadType: PROOF_PAYLOAD_TYPE, payload: payload.toString('base64'), signatures: [{ keyid: input.key.keyId, sig: signature }] },
    items: canonicals.map((canonical, index) => ({
      index,
      type: input.items[index]!.type,
      ref: input.items[index]!.ref,
      canonical,
      leafHash: leaves[index]!.toString('hex'),
      auditPath: paths[index]!.map((hash) => hash.toString('hex')),
    })),
  };
}
