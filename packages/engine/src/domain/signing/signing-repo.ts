/** A workspace's signing key as stored: the private half sealed. */
export interface StoredSigningKey {
  workspaceId: string;
  keyId: string;
  publicKeyPem: string;
  privateKeySealed: string;
  createdAt: number;
}

export interface SigningRepo {
  /** The sealing master key kept in the database (used only when the operator sets no HA_SECRET_KEY); created once. */
  masterKey(create: () => string): Promise<string>;
  get(workspaceId: string): Promise<StoredSigningKey | undefined>;
  /** Inserts unless the workspace has a key already; answers the key that is stored (the first writer wins). */
  insertIfAbsent(key: StoredSigningKey): Promise<StoredSigningKey>;
}
