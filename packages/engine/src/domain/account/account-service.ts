import { notFound } from '../../errors/engine-error.js';
import { DAY_MS, floorTo } from '../analytics/event-fields.js';
import type { AccountRepo } from './account-repo.js';

/** What a tier allows. `null` means unlimited; `rateLimitPerMinute: null` means the engine's per-key default. */
export interface AccountLimits {
  projectsLimit: number;
  rateLimitPerMinute: number | null;
  maxEventsLifetime: number | null;
  retentionDays: number | null;
}

export const TIERS = ['self_hosted', 'free', 'pro', 'enterprise'] as const;
export type Tier = (typeof TIERS)[number];

/** Tier defaults. `self_hosted` (every new workspace) keeps the operator's engine-wide settings. */
export const TIER_LIMITS: Readonly<Record<Tier, AccountLimits>> = {
  self_hosted: { projectsLimit: 1_000, rateLimitPerMinute: null, maxEventsLifetime: null, retentionDays: null },
  free: { projectsLimit: 3, rateLimitPerMinute: 600, maxEventsLifetime: 100_000, retentionDays: 90 },
  pro: { projectsLimit: 50, rateLimitPerMinute: 6_000, maxEventsLifetime: 10_000_000, retentionDays: 365 },
  enterprise: { projectsLimit: 1_000, rateLimitPerMinute: 60_000, maxEventsLifetime: null, retentionDays: 730 },
};

export interface AccountSettings {
  tier: Tier;
  /** Per-workspace overrides of the tier's limits. */
  overrides: Partial<AccountLimits>;
}

export interface AccountUsage {
  eventsToday: number;
  eventsLifetime: number;
  projectsCount: number;
}

const CACHE_MS = 5_000;

/**
 * The account of the Agent Analytics API is the workspace: its tier and limit overrides live in the
 * workspace's settings (`settings.account`), and the engine enforces them (projects_limit on create,
 * rate_limit_rpm in the rate limiter).
 */
export class AccountService {
  readonly #cache = new Map<string, { settings: AccountSettings; limits: Readonly<AccountLimits>; expires: number }>();

  constructor(
    readonly repo: AccountRepo,
    private readonly clock: () => number,
  ) {}

  async settings(workspaceId: string): Promise<AccountSettings> {
    return (await this.#entry(workspaceId)).settings;
  }

  /** The tier's limits with the workspace's overrides; one object per cache period (read on every request). */
  async limits(workspaceId: string): Promise<Readonly<AccountLimits>> {
    return (await this.#entry(workspaceId)).limits;
  }

  /** The limits from the cache, when they were read in the last few seconds (no query, no await). */
  cachedLimits(workspaceId: string): Readonly<AccountLimits> | undefined {
    return this.#cached(workspaceId)?.limits;
  }

  #cached(workspaceId: string): { settings: AccountSettings; limits: Readonly<AccountLimits> } | undefined {
    const cached = this.#cache.get(workspaceId);
    return cached && cached.expires > this.clock() ? cached : undefined;
  }

  async #entry(workspaceId: string): Promise<{ settings: AccountSettings; limits: Readonly<AccountLimits> }> {
    const cached = this.#cached(workspaceId);
    if (cached) return cached;
    const now = this.clock();
    const account = await this.repo.storedSettings(workspaceId);
    if (!account) throw notFound('workspace', workspaceId, 'the key belongs to a workspace that no longer exists');
    const settings: AccountSettings = {
      tier: account.tier && (TIERS as readonly string[]).includes(account.tier) ? account.tier : 'self_hosted',
      overrides: account.overrides ?? {},
    };
    const entry = { settings, limits: Object.freeze({ ...TIER_LIMITS[settings.tier], ...settings.overrides }), expires: now + CACHE_MS };
    this.#cache.set(workspaceId, entry);
    return entry;
  }

  /** Sets the tier and/or limit overrides; `null` in an override clears it back to the tier's value. */
  async update(workspaceId: string, changes: { tier?: Tier; overrides?: Partial<Record<keyof AccountLimits, number | null>> }): Promise<AccountSettings> {
    const current = await this.settings(workspaceId);
    const overrides: Partial<AccountLimits> = { ...current.overrides };
    for (const [field, value] of Object.entries(changes.overrides ?? {}) as Array<[keyof AccountLimits, number | null]>) {
      if (value === null) delete overrides[field];
      else (overrides as Record<string, number>)[field] = value;
    }
    const next: AccountSettings = { tier: changes.tier ?? current.tier, overrides };
    await this.repo.saveSettings(workspaceId, next);
    this.#cache.delete(workspaceId);
    return next;
  }

  async usage(workspaceId: string): Promise<AccountUsage> {
    const startOfDay = floorTo(this.clock(), DAY_MS);
    const counts = await this.repo.usageCounts(workspaceId, startOfDay);
    return { eventsToday: counts.today, eventsLifetime: counts.lifetime, projectsCount: counts.projects };
  }
}
