import type { UsageIncrement, UsageRepo } from '../../domain/usage/usage-repo.js';
import type { UsageQuery, UsageRow } from '../../domain/usage/usage-meter.js';
import type { Store } from '../store.js';

/** The `usage_daily` counters on libSQL. */
export class LibsqlUsageRepo implements UsageRepo {
  constructor(private readonly store: Store) {}

  async add(increments: readonly UsageIncrement[]): Promise<void> {
    await this.store.commit(
      increments.map((entry) => ({
        sql:
          'INSERT INTO usage_daily (workspace_id, day, key_id, tool, surface, calls, errors) VALUES (?, ?, ?, ?, ?, ?, ?) ' +
          'ON CONFLICT (workspace_id, day, key_id, tool, surface) DO UPDATE SET calls = calls + excluded.calls, errors = errors + excluded.errors',
        args: [...entry.key, entry.calls, entry.errors],
      })),
    );
  }

  async query(workspaceId: string, query: UsageQuery): Promise<Array<Omit<UsageRow, 'keyId'> & { keyId: string }>> {
    const where = ['workspace_id = ?'];
    const args: Array<string | number> = [workspaceId];
    if (query.from) (where.push('day >= ?'), args.push(query.from));
    if (query.to) (where.push('day <= ?'), args.push(query.to));
    if (query.keyId) (where.push('key_id = ?'), args.push(query.keyId));
    if (query.tool) (where.push('tool = ?'), args.push(query.tool));
    const result = await this.store.execute(
      `SELECT day, key_id, tool, surface, calls, errors FROM usage_daily WHERE ${where.join(' AND ')} ORDER BY day DESC, key_id, tool, surface LIMIT ?`,
      [...args, query.limit],
    );
    return result.rows.map((row) => ({
      day: String(row.day),
      keyId: String(row.key_id),
      tool: String(row.tool),
      surface: String(row.surface),
      calls: Number(row.calls),
      errors: Number(row.errors),
    }));
  }
}
