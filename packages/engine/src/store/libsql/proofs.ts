import type { Row } from '@libsql/client';
import type { ProofsRepo, ProofTrailSummary, StoredEventRow } from '../../domain/proofs/proofs-repo.js';
import type { PushReceipt } from '../../domain/proofs/sovereign-proof.js';
import type { Store } from '../store.js';

const SUMMARY = 'id, title, root_hash, item_count, created_at, push';

function summaryOf(row: Row): ProofTrailSummary {
  return {
    id: String(row.id),
    title: String(row.title),
    rootHash: String(row.root_hash),
    itemCount: Number(row.item_count),
    createdAt: Number(row.created_at),
    push: row.push === null ? null : (JSON.parse(String(row.push)) as PushReceipt),
  };
}

function eventOf(row: Row): StoredEventRow {
  return { id: String(row.id), receivedAt: Number(row.received_at), body: JSON.parse(String(row.body)) as Record<string, unknown> };
}

const CHUNK = 500;

export function libsqlProofsRepo(store: Store): ProofsRepo {
  return {
    async insert(workspaceId, record) {
      await store.execute(
        `INSERT INTO proof_trails (workspace_id, ${SUMMARY}, packet) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
        [workspaceId, record.id, record.title, record.rootHash, record.itemCount, record.createdAt, record.push ? JSON.stringify(record.push) : null, record.packet],
      );
    },
    async get(workspaceId, id) {
      const found = await store.execute(`SELECT ${SUMMARY}, packet FROM proof_trails WHERE workspace_id = ? AND id = ?`, [workspaceId, id]);
      const row = found.rows[0];
      return row ? { ...summaryOf(row), packet: String(row.packet) } : undefined;
    },
    async list(workspaceId, query) {
      const after = query.after ? ' AND (created_at < ? OR (created_at = ? AND id < ?))' : '';
      const args = query.after ? [query.after.createdAt, query.after.createdAt, query.after.id] : [];
      const found = await store.execute(
        `SELECT ${SUMMARY} FROM proof_trails WHERE workspace_id = ?${after} ORDER BY created_at DESC, id DESC LIMIT ?`,
        [workspaceId, ...args, query.limit],
      );
      return found.rows.map(summaryOf);
    },
    async events(workspaceId, ids) {
      const rows: StoredEventRow[] = [];
      for (let start = 0; start < ids.length; start += CHUNK) {
        const chunk = ids.slice(start, start + CHUNK);
        const found = await store.execute(
          `SELECT id, received_at, body FROM events INDEXED BY events_by_id WHERE id IN (${chunk.map(() => '?').join(',')}) AND workspace_id = ?`,
          [...chunk, workspaceId],
        );
        rows.push(...found.rows.map(eventOf));
      }
      return rows;
    },
    async eventsOfTrace(workspaceId, traceId, limit) {
      const found = await store.execute(
        'SELECT id, received_at, body FROM events INDEXED BY events_by_trace WHERE workspace_id = ? AND trace_id = ? ORDER BY ts, seq LIMIT ?',
        [workspaceId, traceId, limit],
      );
      return found.rows.map(eventOf);
    },
  };
}
