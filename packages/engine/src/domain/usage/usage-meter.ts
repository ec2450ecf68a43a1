import type { Principal, Surface } from '../../context.js';
import type { Store } from '../../store/store.js';
import { DAY_MS } from '../analytics/event-fields.js';

export interface UsageRow {
  day: string;
  keyId: string | null;
  tool: string;
  surface: string;
  calls: number;
  errors: number;
}

export interface UsageQuery {
  from?: string;
  to?: string;
  keyId?: string;
  tool?: string;
  limit: number;
}

const FLUSH_INTERVAL_MS = 1_000;
const LOCAL_KEY = '';

/**
 * Counts every tool call per workspace, key, tool, surface and UTC day. Counting is in memory on the hot
 * path; counters are written in one upsert batch every second, on read and on close.
 */
export class UsageMeter {
  readonly #counters = new Map<string, { key: [string, string, string, string, string]; calls: number; errors: number }>();
  readonly #timer: NodeJS.Timeout;

  constructor(
    private readonly store: Store,
    private readonly clock: () => number,
  ) {
    this.#timer = setInterval(() => void this.flush().catch(() => undefined), FLUSH_INTERVAL_MS);
    this.#timer.unref();
  }

  #dayStart = 0;
  #dayName = '';

  /** The UTC day of `now` as YYYY-MM-DD, formatted once per day rather than on every call. */
  #day(now: number): string {
    if (now < this.#dayStart || now >= this.#dayStart + DAY_MS) {
      this.#dayStart = now - (now % DAY_MS);
      this.#dayName = new Date(this.#dayStart).toISOString().slice(0, 10);
    }
    return this.#dayName;
  }

  record(principal: Principal, tool: string, surface: Surface, ok: boolean): void {
    if (!principal.workspaceId) return;
    const day = this.#day(this.clock());
    const keyId = principal.keyId ?? LOCAL_KEY;
    const mapKey = `${principal.workspaceId}\u0000${day}\u0000${keyId}\u0000${tool}\u0000${surface}`;
    const entry = this.#counters.get(mapKey);
    if (entry) {
      entry.calls += 1;
      if (!ok) entry.errors += 1;
    } else this.#counters.set(mapKey, { key: [principal.workspaceId, day, keyId, tool, surface], calls: 1, errors: ok ? 0 : 1 });
  }

  async flush(): Promise<void> {
    if (this.#counters.size === 0) return;
    const entries = [...this.#counters.values()];
    this.#counters.clear();
    try {
      await this.store.commit(
        entries.map((entry) => ({
          sql:
            'INSERT INTO usage_daily (workspace_id, day, key_id, tool, surface, calls, errors) VALUES (?, ?, ?, ?, ?, ?, ?) ' +
            'ON CONFLICT (workspace_id, day, key_id, tool, surface) DO UPDATE SET calls = calls + excluded.calls, errors = errors + excluded.errors',
          args: [...entry.key, entry.calls, entry.errors],
        })),
      );
    } catch (error) {
      for (const entry of entries) {
        const mapKey = entry.key.join('\u0000');
        const current = this.#counters.get(mapKey);
        if (current) {
          current.calls += entry.calls;
          current.errors += entry.errors;
        } else this.#counters.set(mapKey, entry);
      }
      throw error;
    }
  }

  async query(workspaceId: string, query: UsageQuery): Promise<UsageRow[]> {
    await this.flush();
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
      keyId: row.key_id === LOCAL_KEY ? null : String(row.key_id),
      tool: String(row.tool),
      surface: String(row.surface),
      calls: Number(row.calls),
      errors: Number(row.errors),
    }));
  }

  async close(): Promise<void> {
    clearInterval(this.#timer);
    await this.flush().catch(() => undefined);
  }
}
