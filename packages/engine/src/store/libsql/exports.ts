import type { Row } from '@libsql/client';
import type { Destination, DestinationKind, Receipt } from '../../domain/exports/destination.js';
import type { ExportsRepo } from '../../domain/exports/exports-repo.js';
import type { Store } from '../store.js';

const DESTINATION_COLUMNS = 'id, name, kind, config, sealed_secrets, secret_fields, cursor, created_at, updated_at';
const RECEIPT_COLUMNS =
  'id, export_id, destination_id, kind, status, request_id, response_status, external_id, error, payload_hash, row_count, cursor_from, cursor_to, attempts, created_at';

const text = (value: unknown): string | null => (value === null || value === undefined ? null : String(value));

function destinationOf(row: Row): Destination {
  return {
    id: String(row.id),
    name: String(row.name),
    kind: String(row.kind) as DestinationKind,
    config: JSON.parse(String(row.config)) as Record<string, unknown>,
    sealedSecrets: text(row.sealed_secrets),
    secretFields: JSON.parse(String(row.secret_fields)) as string[],
    cursor: Number(row.cursor),
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  };
}

function receiptOf(row: Row): Receipt {
  return {
    id: String(row.id),
    exportId: String(row.export_id),
    destinationId: text(row.destination_id),
    kind: String(row.kind) as DestinationKind,
    status: String(row.status) as Receipt['status'],
    requestId: String(row.request_id),
    responseStatus: row.response_status === null ? null : Number(row.response_status),
    externalId: text(row.external_id),
    error: text(row.error),
    payloadHash: String(row.payload_hash),
    rowCount: Number(row.row_count),
    cursorFrom: Number(row.cursor_from),
    cursorTo: Number(row.cursor_to),
    attempts: Number(row.attempts),
    createdAt: Number(row.created_at),
  };
}

export function libsqlExportsRepo(store: Store): ExportsRepo {
  return {
    async createDestination(workspaceId, d) {
      const inserted = await store.execute(
        `INSERT INTO export_destinations (workspace_id, ${DESTINATION_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
        [workspaceId, d.id, d.name, d.kind, JSON.stringify(d.config), d.sealedSecrets, JSON.stringify(d.secretFields), d.cursor, d.createdAt, d.updatedAt],
      );
      return inserted.rowsAffected === 1;
    },
    async getDestination(workspaceId, id) {
      const found = await store.execute(`SELECT ${DESTINATION_COLUMNS} FROM export_destinations WHERE workspace_id = ? AND id = ?`, [workspaceId, id]);
      return found.rows[0] ? destinationOf(found.rows[0]) : undefined;
    },
    async listDestinations(workspaceId, after, limit) {
      const found = await store.execute(
        `SELECT ${DESTINATION_COLUMNS} FROM export_destinations WHERE workspace_id = ? AND id > ? ORDER BY id LIMIT ?`,
        [workspaceId, after, limit],
      );
      return found.rows.map(destinationOf);
    },
    async deleteDestination(workspaceId, id) {
      const deleted = await store.execute('DELETE FROM export_destinations WHERE workspace_id = ? AND id = ?', [workspaceId, id]);
      return deleted.rowsAffected === 1;
    },
    async advanceCursor(workspaceId, id, cursor, at) {
      await store.execute(
        'UPDATE export_destinations SET cursor = ?, updated_at = ? WHERE workspace_id = ? AND id = ? AND cursor < ?',
        [cursor, at, workspaceId, id, cursor],
      );
    },
    async addReceipt(workspaceId, r) {
      const values = [r.exportId, r.destinationId, r.kind, r.status, r.requestId, r.responseStatus, r.externalId, r.error, r.payloadHash, r.rowCount, r.cursorFrom, r.cursorTo, r.attempts, r.createdAt];
      if (r.destinationId === null) {
        const id = `rcpt_${r.id}`;
        await store.execute(`INSERT INTO export_receipts (workspace_id, ${RECEIPT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, [workspaceId, id, ...values]);
        return id;
      }
      // A saved destination's receipts are numbered: rcpt_<destination>_<n>, n counting its pushes from 1.
      const stem = `rcpt_${r.destinationId.replace(/^dst_/, '')}_`;
      const found = await store.execute(
        `INSERT INTO export_receipts (workspace_id, ${RECEIPT_COLUMNS})
         SELECT ?, ? || (SELECT count(*) + 1 FROM export_receipts WHERE workspace_id = ? AND destination_id = ?), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?
         RETURNING id`,
        [workspaceId, stem, workspaceId, r.destinationId, ...values],
      );
      return String(found!.rows[0]!.id);
    },
    async getReceipt(workspaceId, id) {
      const found = await store.execute(`SELECT ${RECEIPT_COLUMNS} FROM export_receipts WHERE workspace_id = ? AND id = ?`, [workspaceId, id]);
      return found.rows[0] ? receiptOf(found.rows[0]) : undefined;
    },
    async listReceipts(workspaceId, query) {
      const args: (string | number)[] = [workspaceId];
      let filter = '';
      if (query.destinationId !== undefined) {
        filter += ' AND destination_id = ?';
        args.push(query.destinationId);
      }
      if (query.before !== undefined) {
        filter += ' AND (created_at < ? OR (created_at = ? AND id < ?))';
        args.push(query.before.t, query.before.t, query.before.id);
      }
      args.push(query.limit);
      const found = await store.execute(
        `SELECT ${RECEIPT_COLUMNS} FROM export_receipts WHERE workspace_id = ?${filter} ORDER BY created_at DESC, id DESC LIMIT ?`,
        args,
      );
      return found.rows.map(receiptOf);
    },
    async events(workspaceId, afterSeq, limit) {
      // Bulk read (arrays, no row objects): the export's hot path.
      const found = await store.rows('SELECT seq, id, body FROM events WHERE workspace_id = ? AND seq > ? ORDER BY seq LIMIT ?', [workspaceId, afterSeq, limit]);
      return found.map(([seq, id, body]) => ({ seq: Number(seq), id: String(id), body: JSON.parse(String(body)) as Record<string, unknown> }));
    },
    async countEvents(workspaceId, afterSeq) {
      const found = await store.execute('SELECT count(*) AS n FROM events WHERE workspace_id = ? AND seq > ?', [workspaceId, afterSeq]);
      return Number(found.rows[0]?.n ?? 0);
    },
  };
}
