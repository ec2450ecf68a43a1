import type { Row } from '@libsql/client';
import { recordKey, type ConnectorConfig, type ConnectorsRepo, type SyncRecord } from '../../domain/connectors/connectors-repo.js';
import type { InStatement, Store } from '../store.js';

const CONFIG_COLUMNS = 'workspace_id, id, provider, name, business_id, scheme, sealed_secret, secret_env, settings, created_at, updated_at';
const SYNC_COLUMNS = 'id, provider, via, connector_id, business_id, delivery_id, status, received, mapped, stored, updated, duplicates, failed, failures, created_at, finished_at';
const text = (value: unknown): string | null => (value === null || value === undefined ? null : String(value));
const IN_CHUNK = 400;

function configOf(row: Row): ConnectorConfig {
  return {
    workspaceId: String(row.workspace_id),
    id: String(row.id),
    provider: String(row.provider),
    name: String(row.name),
    businessId: text(row.business_id),
    scheme: String(row.scheme),
    sealedSecret: text(row.sealed_secret),
    secretEnv: text(row.secret_env),
    settings: JSON.parse(String(row.settings)) as Record<string, unknown>,
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  };
}

function syncOf(row: Row): SyncRecord {
  return {
    id: String(row.id),
    provider: String(row.provider),
    via: String(row.via) as SyncRecord['via'],
    connectorId: text(row.connector_id),
    businessId: text(row.business_id),
    deliveryId: text(row.delivery_id),
    status: String(row.status) as SyncRecord['status'],
    received: Number(row.received),
    mapped: Number(row.mapped),
    stored: Number(row.stored),
    updated: Number(row.updated),
    duplicates: Number(row.duplicates),
    failed: Number(row.failed),
    failures: JSON.parse(String(row.failures)) as SyncRecord['failures'],
    createdAt: Number(row.created_at),
    finishedAt: row.finished_at === null ? null : Number(row.finished_at),
  };
}

const configArgs = (c: ConnectorConfig) => [c.workspaceId, c.id, c.provider, c.name, c.businessId, c.scheme, c.sealedSecret, c.secretEnv, JSON.stringify(c.settings), c.createdAt, c.updatedAt];
const syncArgs = (s: SyncRecord) => [s.id, s.provider, s.via, s.connectorId, s.businessId, s.deliveryId, s.status, s.received, s.mapped, s.stored, s.updated, s.duplicates, s.failed, JSON.stringify(s.failures), s.createdAt, s.finishedAt];

export function libsqlConnectorsRepo(store: Store): ConnectorsRepo {
  return {
    async createConfig(config) {
      const inserted = await store.execute(`INSERT INTO connector_configs (${CONFIG_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`, configArgs(config));
      return inserted.rowsAffected === 1;
    },
    async getConfig(workspaceId, id) {
      const found = await store.execute(`SELECT ${CONFIG_COLUMNS} FROM connector_configs WHERE workspace_id = ? AND id = ?`, [workspaceId, id]);
      return found.rows[0] ? configOf(found.rows[0]) : undefined;
    },
    async findConfig(id) {
      const found = await store.execute(`SELECT ${CONFIG_COLUMNS} FROM connector_configs WHERE id = ?`, [id]);
      return found.rows[0] ? configOf(found.rows[0]) : undefined;
    },
    async listConfigs(workspaceId, query) {
      const args: Array<string | number> = [workspaceId, query.after];
      let filter = '';
      if (query.provider !== undefined) {
        filter = ' AND provider = ?';
        args.push(query.provider);
      }
      const found = await store.execute(`SELECT ${CONFIG_COLUMNS} FROM connector_configs WHERE workspace_id = ? AND id > ?${filter} ORDER BY id LIMIT ?`, [...args, query.limit]);
      return found.rows.map(configOf);
    },
    async updateConfig(c) {
      const updated = await store.execute(
        'UPDATE connector_configs SET name = ?, business_id = ?, scheme = ?, sealed_secret = ?, secret_env = ?, settings = ?, updated_at = ? WHERE workspace_id = ? AND id = ?',
        [c.name, c.businessId, c.scheme, c.sealedSecret, c.secretEnv, JSON.stringify(c.settings), c.updatedAt, c.workspaceId, c.id],
      );
      return updated.rowsAffected === 1;
    },
    async deleteConfig(workspaceId, id) {
      const deleted = await store.execute('DELETE FROM connector_configs WHERE workspace_id = ? AND id = ?', [workspaceId, id]);
      return deleted.rowsAffected === 1;
    },
    async versions(workspaceId, businessId, provider, keys) {
      const known = new Map<string, string>();
      for (let start = 0; start < keys.length; start += IN_CHUNK) {
        const chunk = keys.slice(start, start + IN_CHUNK);
        const pairs = chunk.map(() => '(?, ?)').join(', ');
        const found = await store.rows(
          `SELECT record_type, record_id, version FROM connector_records WHERE workspace_id = ? AND business_id = ? AND provider = ? AND (record_type, record_id) IN (VALUES ${pairs})`,
          [workspaceId, businessId, provider, ...chunk.flatMap((key) => [key.recordType, key.recordId])],
        );
        for (const [type, id, version] of found) known.set(recordKey({ recordType: String(type), recordId: String(id) }), String(version));
      }
      return known;
    },
    async lastSeq(workspaceId, provider) {
      const found = await store.rows('SELECT coalesce(max(seq), 0) FROM connector_syncs WHERE workspace_id = ? AND provider = ?', [workspaceId, provider]);
      return Number(found[0]?.[0] ?? 0);
    },
    async deliveryExists(workspaceId, connectorId, deliveryId) {
      const found = await store.rows('SELECT 1 FROM connector_syncs WHERE workspace_id = ? AND connector_id = ? AND delivery_id = ?', [workspaceId, connectorId, deliveryId]);
      return found.length > 0;
    },
    async saveSync(workspaceId, s, seq, versions) {
      const statements: InStatement[] = [
        {
          sql: `INSERT INTO connector_syncs (workspace_id, seq, ${SYNC_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
          args: [workspaceId, seq, ...syncArgs(s)],
        },
      ];
      const rows = versions?.rows ?? [];
      for (let start = 0; start < rows.length; start += IN_CHUNK) {
        const chunk = rows.slice(start, start + IN_CHUNK);
        statements.push({
          sql:
            `INSERT INTO connector_records (workspace_id, business_id, provider, record_type, record_id, version, updated_at) VALUES ${chunk.map(() => '(?, ?, ?, ?, ?, ?, ?)').join(', ')} ` +
            'ON CONFLICT (workspace_id, business_id, provider, record_type, record_id) DO UPDATE SET version = excluded.version, updated_at = excluded.updated_at',
          args: chunk.flatMap((row) => [workspaceId, versions!.businessId, s.provider, row.recordType, row.recordId, row.version, versions!.at]),
        });
      }
      // One commit (on the writer thread of an embedded file): the sync and the versions land together.
      await store.commit(statements);
    },
    async getSync(workspaceId, id) {
      const found = await store.execute(`SELECT ${SYNC_COLUMNS} FROM connector_syncs WHERE workspace_id = ? AND id = ?`, [workspaceId, id]);
      return found.rows[0] ? syncOf(found.rows[0]) : undefined;
    },
    async listSyncs(workspaceId, query) {
      const args: Array<string | number> = [workspaceId];
      let filter = '';
      if (query.provider !== undefined) (filter += ' AND provider = ?'), args.push(query.provider);
      if (query.connectorId !== undefined) (filter += ' AND connector_id = ?'), args.push(query.connectorId);
      if (query.before !== undefined) {
        filter += ' AND (created_at < ? OR (created_at = ? AND id < ?))';
        args.push(query.before.t, query.before.t, query.before.id);
      }
      const found = await store.execute(`SELECT ${SYNC_COLUMNS} FROM connector_syncs WHERE workspace_id = ?${filter} ORDER BY created_at DESC, id DESC LIMIT ?`, [...args, query.limit]);
      return found.rows.map(syncOf);
    },
  };
}
