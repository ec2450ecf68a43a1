import type { Row } from '@libsql/client';
import type { SigningRepo, StoredSigningKey } from '../../domain/signing/signing-repo.js';
import type { Store } from '../store.js';

const keyOf = (row: Row): StoredSigningKey => ({
  workspaceId: String(row.workspace_id),
  keyId: String(row.key_id),
  publicKeyPem: String(row.public_key_pem),
  privateKeySealed: String(row.private_key_sealed),
  createdAt: Number(row.created_at),
});

const SELECT = 'SELECT workspace_id, key_id, public_key_pem, private_key_sealed, created_at FROM workspace_signing_keys WHERE workspace_id = ?';

export function libsqlSigningRepo(store: Store, clock: () => number): SigningRepo {
  return {
    async masterKey(create) {
      // The first writer's key wins; every later reader (any process on the database) gets the same one.
      const [, found] = await store.batch(
        [
          { sql: 'INSERT INTO signing_master_key (id, key, created_at) VALUES (1, ?, ?) ON CONFLICT DO NOTHING', args: [create(), clock()] },
          { sql: 'SELECT key FROM signing_master_key WHERE id = 1', args: [] },
        ],
        'write',
      );
      return String(found!.rows[0]!.key);
    },
    async get(workspaceId) {
      const found = await store.execute(SELECT, [workspaceId]);
      return found.rows[0] ? keyOf(found.rows[0]) : undefined;
    },
    async insertIfAbsent(key) {
      const [, found] = await store.batch(
        [
          {
            sql: `INSERT INTO workspace_signing_keys (workspace_id, key_id, public_key_pem, private_key_sealed, created_at)
                  VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
            args: [key.workspaceId, key.keyId, key.publicKeyPem, key.privateKeySealed, key.createdAt],
          },
          { sql: SELECT, args: [key.workspaceId] },
        ],
        'write',
      );
      return keyOf(found!.rows[0]!);
    },
  };
}
