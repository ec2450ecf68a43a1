import type { AccountRepo, StoredEventCounts } from '../../domain/account/account-repo.js';
import type { AccountSettings } from '../../domain/account/account-service.js';
import { SCOPED_TABLES } from '../../domain/account/retention.js';
import type { InStatement, Store } from '../store.js';

/** The account in the workspace's settings (`settings.account`), its counts and the retention purge on libSQL. */
export class LibsqlAccountRepo implements AccountRepo {
  constructor(private readonly store: Store) {}

  async storedSettings(workspaceId: string): Promise<Partial<AccountSettings> | undefined> {
    const result = await this.store.execute('SELECT settings FROM workspaces WHERE id = ?', [workspaceId]);
    const row = result.rows[0];
    if (!row) return undefined;
    return (JSON.parse(String(row.settings)) as { account?: Partial<AccountSettings> }).account ?? {};
  }

  async saveSettings(workspaceId: string, settings: AccountSettings): Promise<void> {
    await this.store.execute("UPDATE workspaces SET settings = json_set(settings, '$.account', json(?)) WHERE id = ?", [
      JSON.stringify(settings),
      workspaceId,
    ]);
  }

  async usageCounts(workspaceId: string, todayFrom: number): Promise<StoredEventCounts & { projects: number }> {
    const [events, projects] = await this.store.batch(
      [
        {
          sql: `SELECT coalesce(sum(count), 0) AS lifetime, coalesce(sum(CASE WHEN hour >= ? THEN count ELSE 0 END), 0) AS today
                FROM event_rollups WHERE workspace_id = ? AND field = ''`,
          args: [todayFrom, workspaceId],
        },
        { sql: 'SELECT count(*) AS n FROM projects WHERE workspace_id = ?', args: [workspaceId] },
      ],
      'read',
    );
    return {
      today: Number(events?.rows[0]?.today ?? 0),
      lifetime: Number(events?.rows[0]?.lifetime ?? 0),
      projects: Number(projects?.rows[0]?.n ?? 0),
    };
  }

  async storedEvents(workspaceId: string): Promise<number> {
    const result = await this.store.execute("SELECT coalesce(sum(count), 0) AS n FROM event_rollups WHERE workspace_id = ? AND field = ''", [workspaceId]);
    return Number(result.rows[0]?.n ?? 0);
  }

  async workspaceIds(): Promise<string[]> {
    const workspaces = await this.store.execute('SELECT id FROM workspaces');
    return workspaces.rows.map((row) => String(row.id));
  }

  async countEventsBefore(workspaceId: string, cutoff: number): Promise<number> {
    const old = await this.store.execute('SELECT count(*) AS n FROM events INDEXED BY events_by_time WHERE workspace_id = ? AND ts < ?', [
      workspaceId,
      cutoff,
    ]);
    return Number(old.rows[0]?.n ?? 0);
  }

  async deleteEventsBefore(workspaceId: string, cutoff: number, limit: number): Promise<void> {
    await this.store.commit([
      {
        sql: `DELETE FROM events WHERE rowid IN
                (SELECT rowid FROM events INDEXED BY events_by_time WHERE workspace_id = ? AND ts < ? LIMIT ${Math.trunc(limit)})`,
        args: [workspaceId, cutoff],
      },
    ]);
  }

  async deleteRollupsBefore(workspaceId: string, cutoff: number): Promise<void> {
    const scope = 'SELECT id FROM aa_scopes WHERE workspace_id = ?';
    const rollups: InStatement[] = [
      { sql: 'DELETE FROM event_rollups WHERE workspace_id = ? AND hour < ?', args: [workspaceId, cutoff] },
      ...SCOPED_TABLES.map(([table, column]) => ({ sql: `DELETE FROM ${table} WHERE scope IN (${scope}) AND ${column} < ?`, args: [workspaceId, cutoff] })),
    ];
    await this.store.commit(rollups);
  }
}
