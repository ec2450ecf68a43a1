import { DAY_MS, HOUR_MS } from '../analytics/event-fields.js';
import type { AccountRepo } from './account-repo.js';
import type { AccountService } from './account-service.js';

/** Events deleted per transaction, so a purge never holds the write lock long. */
const DELETE_CHUNK = 5_000;

/**
 * What a scope-keyed rollup table keeps per row, and the column that says when that row's facts last
 * happened: a row older than the cutoff describes only purged events.
 */
export const SCOPED_TABLES: ReadonlyArray<readonly [table: string, column: string]> = [
  ['aa_counts', 'hour'],
  ['aa_user_hours', 'hour'],
  ['aa_user_days', 'day'],
  ['aa_session_days', 'day'],
  ['aa_value_days', 'day'],
  ['aa_sessions', 'end_time'],
  ['aa_users', 'last_seen'],
  ['aa_user_week_hours', 'last_seen'],
  ['aa_event_users', 'last_seen'],
  ['aa_value_users', 'last_seen'],
  ['aa_property_keys', 'last_seen'],
  ['aa_exposures', 'last_seen'],
];

export interface PurgeResult {
  /** Events older than this (ms since epoch, a UTC midnight) are gone; null when the account keeps everything. */
  cutoff: number | null;
  events: number;
}

/**
 * Enforces `retention_days`: events older than that many days before the current UTC day, with their
 * hourly rollups and the Agent Analytics rollups that describe only them, are deleted, in small
 * transactions on the store's writer. Runs when an account's limits change and every hour.
 */
export class RetentionService {
  #first: NodeJS.Timeout | undefined;
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly repo: AccountRepo,
    private readonly account: AccountService,
    private readonly clock: () => number,
    /** Told which workspace lost events (in-memory indexes drop what they hold of it). */
    private readonly onPurged: (workspaceId: string) => void,
  ) {}

  /** The first day kept under `retentionDays`, as a UTC midnight. */
  cutoff(retentionDays: number): number {
    return Math.floor(this.clock() / DAY_MS) * DAY_MS - retentionDays * DAY_MS;
  }

  /** Purges one workspace now; purges of the engine run one at a time. */
  purge(workspaceId: string): Promise<PurgeResult> {
    const run = this.#running.then(() => this.#purge(workspaceId));
    this.#running = run.catch(() => undefined);
    return run;
  }

  /** Purges every workspace whose account has a retention limit. */
  async purgeAll(): Promise<void> {
    for (const workspaceId of await this.repo.workspaceIds()) await this.purge(workspaceId);
  }

  /** Purges a few seconds from now and then every hour (the timers do not keep the process alive). */
  start(intervalMs = HOUR_MS, firstAfterMs = 5_000): void {
    const run = () => void this.purgeAll().catch(() => undefined);
    this.#first ??= setTimeout(run, firstAfterMs);
    this.#timer ??= setInterval(run, intervalMs);
    this.#first.unref();
    this.#timer.unref();
  }

  async close(): Promise<void> {
    clearTimeout(this.#first);
    clearInterval(this.#timer);
    this.#first = this.#timer = undefined;
    await this.#running;
  }

  async #purge(workspaceId: string): Promise<PurgeResult> {
    const { retentionDays } = await this.account.limits(workspaceId);
    if (retentionDays === null) return { cutoff: null, events: 0 };
    const cutoff = this.cutoff(retentionDays);
    const events = await this.repo.countEventsBefore(workspaceId, cutoff);
    for (let left = events; left > 0; left -= DELETE_CHUNK) await this.repo.deleteEventsBefore(workspaceId, cutoff, DELETE_CHUNK);
    await this.repo.deleteRollupsBefore(workspaceId, cutoff);
    if (events > 0) this.onPurged(workspaceId);
    return { cutoff, events };
  }
}
