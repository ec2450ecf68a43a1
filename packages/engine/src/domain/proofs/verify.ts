import { jwkThumbprint, verifySignature } from '../signing/signing.js';
import { leafHash, merkleRoot, verifyInclusion } from './merkle.js';
import { canonicalJson, pae, PROOF_PAYLOAD_TYPE, proofStatementSchema, type ProofPacket } from './packet.js';

/** One check that failed: what (an item, its proof, the root, the signature, the key or the statement) and why. */
export interface VerifyFailure {
  target: 'item' | 'inclusionProof' | 'root' | 'signature' | 'publicKey' | 'statement';
  /** Leaf index, for an item or its inclusion proof. */
  index?: number;
  /** The item's ref (event id, receipt id, evidence-<n>). */
  ref?: string;
  message: string;
}

export interface VerifyResult {
  valid: boolean;
  packetId: string;
  treeSize: number;
  /** The root recomputed from the items' bytes, hex. */
  rootHash: string;
  keyId: string;
  itemsChecked: number;
  failures: VerifyFailure[];
}

const MAX_FAILURES = 100;
const isHex = (value: unknown): value is string => typeof value === 'string' && /^[0-9a-f]{64}$/.test(value);

/**
 * Verifies a proof packet offline (no server, no database): every item's canonical bytes against its leaf hash, every
 * inclusion proof against the signed root, the root recomputed from all items, and the DSSE signature with the
 * packet's public key (whose key id must be its JWK thumbprint, PEM and JWK the same key). Names what fails.
 */
export function verifyPacket(packet: ProofPacket): VerifyResult {
  const failures: VerifyFailure[] = [];
  const fail = (failure: VerifyFailure) => {
    if (failures.length < MAX_FAILURES) failures.push(failure);
  };

  // The signed statement first: the root and tree size every proof is checked against come from it.
  let statement: ReturnType<typeof proofStatementSchema.parse> | undefined;
  const payload = Buffer.from(packet.envelope.payload, 'base64');
  try {
    statement = proofStatementSchema.parse(JSON.parse(payload.toString('utf8')));
  } catch {
    fail({ target: 'statement', message: 'The envelope payload is not a proof statement' });
  }
  if (packet.envelope.payloadType !== PROOF_PAYLOAD_TYPE) fail({ target: 'statement', message: `payloadType is not ${PROOF_PAYLOAD_TYPE}` });

  const { jwk, pem, keyId } = packet.publicKey;
  if (jwkThumbprint(jwk.x) !== keyId) fail({ target: 'publicKey', message: 'keyId is not the RFC 7638 thumbprint of the JWK' });
  const signatures = packet.envelope.signatures.filter((signature) => signature.keyid === keyId);
  const message = pae(packet.envelope.payloadType, payload);
  const signed = signatures.some((signature) => verifySignature(pem, message, signature.sig) && verifySignature(jwk, message, signature.sig));
  if (!signed) fail({ target: 'signature', message: `No valid Ed25519 signature by key ${keyId} over the DSSE envelope` });

  const signedRoot = statement?.rootHash;
  const treeSize = statement?.treeSize ?? packet.items.length;
  if (statement) {
    if (statement.packetId !== packet.id) fail({ target: 'statement', message: 'The signed packetId is not the packet id' });
    if (statement.keyId !== keyId) fail({ target: 'statement', message: 'The signed keyId is not the packet key' });
    if (statement.treeSize !== packet.items.length) fail({ target: 'statement', message: `The signed tree has ${statement.treeSize} leaves, the packet ${packet.items.length} items` });
    if (packet.rootHash !== statement.rootHash) fail({ target: 'root', message: 'The packet rootHash is not the signed root' });
    if (packet.treeSize !== statement.treeSize) fail({ target: 'statement', message: 'The packet treeSize is not the signed tree size' });
  }
  const root = signedRoot && isHex(signedRoot) ? Buffer.from(signedRoot, 'hex') : undefined;

  const leaves: Buffer[] = [];
  packet.items.forEach((item, position) => {
    const where = { index: position, ref: item.ref };
    const leaf = leafHash(item.canonical);
    leaves.push(leaf);
    let canonical = false;
    try {
      const parsed = JSON.parse(item.canonical) as { type?: unknown; ref?: unknown };
      canonical = canonicalJson(parsed) === item.canonical && parsed.type === item.type && parsed.ref === item.ref;
    } catch {
      canonical = false;
    }
    if (!canonical) fail({ target: 'item', ...where, message: `Item ${position} (${item.ref}) is not the RFC 8785 canonical JSON of its type, ref and data` });
    if (item.index !== position) fail({ target: 'item', ...where, message: `Item ${position} (${item.ref}) says it is leaf ${item.index}` });
    if (leaf.toString('hex') !== item.leafHash) {
      fail({ target: 'item', ...where, message: `Item ${position} (${item.ref}) does not hash to its leafHash: its bytes were changed` });
      return;
    }
    const path = item.auditPath.every(isHex) ? item.auditPath.map((hash) => Buffer.from(hash, 'hex')) : undefined;
    if (!root || !path || !verifyInclusion(position, treeSize, leaf, path, root)) {
      fail({ target: 'inclusionProof', ...where, message: `The inclusion proof of item ${position} (${item.ref}) does not lead to the signed root` });
    }
  });
  const recomputed = merkleRoot(leaves).toString('hex');
  if (signedRoot !== undefined && recomputed !== signedRoot) fail({ target: 'root', message: 'The root recomputed from the items is not the signed root' });

  return { valid: failures.length === 0, packetId: packet.id, treeSize: packet.items.length, rootHash: recomputed, keyId, itemsChecked: packet.items.length, failures };
}
