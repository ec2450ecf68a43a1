import type { Principal, Surface } from '../../context.js';
import { DAY_MS } from '../analytics/event-fields.js';
import type { UsageRepo } from './usage-repo.js';

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
    readonly repo: UsageRepo,
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
      await this.repo.add(entries);
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
    const rows = await this.repo.query(workspaceId, query);
    return rows.map((row) => ({ ...row, keyId: row.keyId === LOCAL_KEY ? null : row.keyId }));
  }

  async close(): Promise<void> {
    clearInterval(this.#timer);
    await this.flush().catch(() => undefined);
  }
}
