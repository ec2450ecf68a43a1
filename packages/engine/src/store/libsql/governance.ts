import type { InStatement, Row } from '@libsql/client';
import type { CapCondition, DecisionMove, GovernanceRepo } from '../../domain/governance/governance-repo.js';
import type { Contract, Decision, Grant, Receipt } from '../../domain/governance/model.js';
import { EngineError } from '../../errors/engine-error.js';
import type { Store } from '../store.js';

const body = <T>(row: Row): T => JSON.parse(String(row.body)) as T;

/** The receipt as stored: every field but `hash`, which has its own column (so the body is what the hash covers). */
const receiptOf = (row: Row): Receipt => ({ ...body<Omit<Receipt, 'hash'>>(row), hash: String(row.hash) });

const HEAD = 'SELECT seq, hash FROM enforcement_receipts WHERE workspace_id = ? ORDER BY seq DESC LIMIT 1';
const HEAD_HASH = 'SELECT hash FROM enforcement_receipts WHERE workspace_id = ? ORDER BY seq DESC LIMIT 1';
const TOTAL = 'SELECT total FROM governance_cap_totals WHERE workspace_id = ? AND grant_id = ? AND period = ? AND period_start = ? AND actions_glob = ?';
const ADD_TOTAL = `INSERT INTO governance_cap_totals (workspace_id, grant_id, period, period_start, actions_glob, total) VALUES (?, ?, ?, ?, ?, ?)
  ON CONFLICT (workspace_id, grant_id, period, period_start, actions_glob) DO UPDATE SET total = total + excluded.total`;

export function libsqlGovernanceRepo(store: Store): GovernanceRepo {
  const objectTable = { grant: 'governance_grants', contract: 'governance_contracts' } as const;
  const insertObject = async (kind: 'grant' | 'contract', value: Grant | Contract) => {
    await store.execute(`INSERT INTO ${objectTable[kind]} (workspace_id, id, body) VALUES (?, ?, ?)`, [value.workspaceId, value.id, JSON.stringify(value)]);
  };
  const updateObject = async (kind: 'grant' | 'contract', value: Grant | Contract) => {
    await store.execute(`UPDATE ${objectTable[kind]} SET body = ? WHERE workspace_id = ? AND id = ?`, [JSON.stringify(value), value.workspaceId, value.id]);
  };
  const getObject = async <T>(kind: 'grant' | 'contract', workspaceId: string, id: string): Promise<T | undefined> => {
    const found = await store.execute(`SELECT body FROM ${objectTable[kind]} WHERE workspace_id = ? AND id = ?`, [workspaceId, id]);
    return found.rows[0] ? body<T>(found.rows[0]) : undefined;
  };
  const listObjects = async <T>(kind: 'grant' | 'contract', workspaceId: string, query: { after?: string | undefined; limit: number }): Promise<T[]> => {
    const found = await store.execute(`SELECT body FROM ${objectTable[kind]} WHERE workspace_id = ? AND id > ? ORDER BY id LIMIT ?`, [
      workspaceId,
      query.after ?? '',
      query.limit,
    ]);
    return found.rows.map((row) => body<T>(row));
  };

  return {
    async insertDecision(decision) {
      await store.execute('INSERT INTO governance_decisions (workspace_id, id, version, status, body, created_at) VALUES (?, ?, ?, ?, ?, ?)', [
        decision.workspaceId,
        decision.id,
        decision.version,
        decision.status,
        JSON.stringify(decision),
        decision.createdAt,
      ]);
    },
    async getDecision(workspaceId, id) {
      const found = await store.execute('SELECT body FROM governance_decisions WHERE workspace_id = ? AND id = ?', [workspaceId, id]);
      return found.rows[0] ? body<Decision>(found.rows[0]) : undefined;
    },
    async listDecisions(workspaceId, query) {
      const found = await store.execute(
        `SELECT body FROM governance_decisions WHERE workspace_id = ? AND id > ? ${query.status ? 'AND status = ?' : ''} ORDER BY id LIMIT ?`,
        query.status ? [workspaceId, query.after ?? '', query.status, query.limit] : [workspaceId, query.after ?? '', query.limit],
      );
      return found.rows.map((row) => body<Decision>(row));
    },
    async updateDecision(decision, fromVersion) {
      const done = await store.execute('UPDATE governance_decisions SET version = ?, status = ?, body = ? WHERE workspace_id = ? AND id = ? AND version = ?', [
        decision.version,
        decision.status,
        JSON.stringify(decision),
        decision.workspaceId,
        decision.id,
        fromVersion,
      ]);
      return done.rowsAffected === 1;
    },
    insertGrant: (grant) => insertObject('grant', grant),
    getGrant: (workspaceId, id) => getObject<Grant>('grant', workspaceId, id),
    listGrants: (workspaceId, query) => listObjects<Grant>('grant', workspaceId, query),
    updateGrant: (grant) => updateObject('grant', grant),
    insertContract: (contract) => insertObject('contract', contract),
    getContract: (workspaceId, id) => getObject<Contract>('contract', workspaceId, id),
    listContracts: (workspaceId, query) => listObjects<Contract>('contract', workspaceId, query),
    updateContract: (contract) => updateObject('contract', contract),

    // The API keys are the tenancy domain's; enforcement only reads whether one it names was revoked.
    async revokedKeys(workspaceId, keyIds) {
      const revoked = new Map<string, number>();
      for (const keyId of new Set(keyIds)) {
        const found = await store.execute('SELECT revoked_at FROM api_keys WHERE workspace_id = ? AND id = ? AND revoked_at IS NOT NULL', [workspaceId, keyId]);
        if (found.rows[0]) revoked.set(keyId, Number(found.rows[0].revoked_at));
      }
      return revoked;
    },
    async chainHead(workspaceId) {
      const found = await store.execute(HEAD, [workspaceId]);
      const row = found.rows[0];
      return row ? { seq: Number(row.seq), hash: String(row.hash) } : undefined;
    },
    async runningTotals(workspaceId, keys) {
      const totals: number[] = [];
      for (const key of keys) {
        const found = await store.execute(TOTAL, [workspaceId, key.grantId, key.period, key.since, key.actionsGlob]);
        totals.push(found.rows[0] ? Number(found.rows[0][0]) : 0);
      }
      return totals;
    },
    async appendReceipt(workspaceId, receipt, caps: CapCondition[], move: DecisionMove | null) {
      const { hash, ...stored } = receipt;
      // Every condition is checked by the insert itself: when one no longer holds, the hash is NULL, the NOT NULL
      // constraint aborts the transaction (nothing of it is written) and the caller evaluates again.
      const conditions = [`(${HEAD_HASH}) IS ?`, `coalesce((SELECT max(seq) FROM enforcement_receipts WHERE workspace_id = ?), 0) + 1 = ?`];
      const args: Array<string | number | null> = [workspaceId, receipt.prevHash, workspaceId, receipt.seq];
      for (const cap of caps) {
        conditions.push(`coalesce((${TOTAL}), 0) + ? <= ?`);
        args.push(workspaceId, cap.grantId, cap.period, cap.since, cap.actionsGlob, cap.amount, cap.maxAmount);
      }
      if (move) {
        conditions.push('(SELECT version FROM governance_decisions WHERE workspace_id = ? AND id = ?) = ?');
        args.push(workspaceId, move.id, move.fromVersion);
      }
      const statements: InStatement[] = [
        {
          sql: `INSERT INTO enforcement_receipts (workspace_id, seq, id, decision_id, grant_id, action, amount, currency, outcome, created_at, body, prev_hash, hash)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, CASE WHEN ${conditions.join(' AND ')} THEN ? END)`,
          args: [
            workspaceId,
            receipt.seq,
            receipt.id,
            receipt.decision?.id ?? null,
            receipt.grant?.id ?? null,
            receipt.action,
            receipt.amount,
            receipt.currency,
            receipt.outcome,
            receipt.createdAt,
            JSON.stringify(stored),
            receipt.prevHash,
            ...args,
            hash,
          ],
        },
      ];
      // One addition per distinct running total (two caps of the same period and glob share one).
      const added = new Set<string>();
      for (const cap of caps) {
        const key = JSON.stringify([cap.grantId, cap.period, cap.since, cap.actionsGlob]);
        if (added.has(key) || cap.amount === 0) continue;
        added.add(key);
        statements.push({ sql: ADD_TOTAL, args: [workspaceId, cap.grantId, cap.period, cap.since, cap.actionsGlob, cap.amount] });
      }
      if (move) {
        statements.push({
          sql: 'UPDATE governance_decisions SET version = ?, status = ?, body = ? WHERE workspace_id = ? AND id = ? AND version = ?',
          args: [move.decision.version, move.status, JSON.stringify(move.decision), workspaceId, move.id, move.fromVersion],
        });
      }
      try {
        await store.commit(statements);
        return true;
      } catch (error) {
        if (EngineError.isInstance(error) && error.code === 'CONFLICT') return false;
        throw error;
      }
    },
    async getReceipt(workspaceId, id) {
      const found = await store.execute('SELECT body, hash, prev_hash, outcome FROM enforcement_receipts WHERE workspace_id = ? AND id = ?', [workspaceId, id]);
      const row = found.rows[0];
      if (!row) return undefined;
      return { receipt: receiptOf(row), stored: { outcome: String(row.outcome), hash: String(row.hash), prevHash: row.prev_hash === null ? null : String(row.prev_hash) } };
    },
    async listReceipts(workspaceId, query) {
      const where = ['workspace_id = ?'];
      const args: Array<string | number> = [workspaceId];
      if (query.afterSeq !== undefined) (where.push('seq > ?'), args.push(query.afterSeq));
      if (query.beforeSeq !== undefined) (where.push('seq < ?'), args.push(query.beforeSeq));
      if (query.outcome) (where.push('outcome = ?'), args.push(query.outcome));
      if (query.decisionId) (where.push('decision_id = ?'), args.push(query.decisionId));
      const found = await store.execute(
        `SELECT seq, body, hash, prev_hash FROM enforcement_receipts WHERE ${where.join(' AND ')} ORDER BY seq ${query.descending ? 'DESC' : 'ASC'} LIMIT ?`,
        [...args, query.limit],
      );
      return found.rows.map((row) => ({
        receipt: receiptOf(row),
        body: String(row.body),
        hash: String(row.hash),
        prevHash: row.prev_hash === null ? null : String(row.prev_hash),
        seq: Number(row.seq),
      }));
    },
  };
}
