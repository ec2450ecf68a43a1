import { EngineError } from '../../errors/engine-error.js';
import type { AccountRepo } from './account-repo.js';
import type { AccountService } from './account-service.js';

/** Stored-event counts are re-read from the rollups this often (deletions lower them). */
const RECOUNT_MS = 60_000;

/**
 * Enforces an account's `max_events_lifetime` before events are written: a write that would pass it is
 * refused with FORBIDDEN naming the limit. Counts are cached per workspace and advanced as events commit,
 * so the check costs no query on the hot path; concurrent writes may overshoot by one commit's worth.
 */
export class EventQuota {
  readonly #counts = new Map<string, { count: number; loaded: number }>();

  constructor(
    private readonly repo: Pick<AccountRepo, 'storedEvents'>,
    private readonly account: AccountService,
    private readonly clock: () => number,
  ) {}

  /**
   * Rejects with FORBIDDEN when adding `adding` events would pass the workspace's lifetime limit. With the
   * limits and the count cached (the usual case), it answers without a promise: `undefined` means allowed.
   */
  check(workspaceId: string, adding: number): Promise<void> | undefined {
    const limits = this.account.cachedLimits(workspaceId);
    if (limits !== undefined) {
      if (limits.maxEventsLifetime === null) return undefined;
      const cached = this.#counts.get(workspaceId);
      if (cached && this.clock() - cached.loaded < RECOUNT_MS && cached.count + adding <= limits.maxEventsLifetime) return undefined;
    }
    return this.#check(workspaceId, adding);
  }

  async #check(workspaceId: string, adding: number): Promise<void> {
    const limit = await this.account.limits(workspaceId).then(
      (limits) => limits.maxEventsLifetime,
      () => null,
    );
    if (limit === null) return;
    const stored = await this.#count(workspaceId);
    if (stored + adding > limit) {
      throw new EngineError(
        'FORBIDDEN',
        `Event limit reached: this account stores ${stored} of max_events_lifetime ${limit} events and this write adds ` +
          `${adding}. Delete a project's data or raise the limit (update_account).`,
        { details: { limit: 'max_events_lifetime', max: limit, stored } },
      );
    }
  }

  /** Called after a commit with the number of new events. */
  added(workspaceId: string, count: number): void {
    const entry = this.#counts.get(workspaceId);
    if (entry) entry.count += count;
  }

  async #count(workspaceId: string): Promise<number> {
    const now = this.clock();
    const cached = this.#counts.get(workspaceId);
    if (cached && now - cached.loaded < RECOUNT_MS) return cached.count;
    const count = await this.repo.storedEvents(workspaceId);
    this.#counts.set(workspaceId, { count, loaded: now });
    return count;
  }
}
