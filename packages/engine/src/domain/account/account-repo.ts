import type { AccountSettings } from './account-service.js';

/** Stored events of a workspace, from its hourly counts. */
export interface StoredEventCounts {
  /** Since the hour given. */
  today: number;
  lifetime: number;
}

/**
 * The account (a workspace's tier and limit overrides), the counts its limits are checked against, and the
 * retention purge. The purge deletes rows of the event store and of the analytics rollups: retention is the one
 * place that removes events by age.
 */
export interface AccountRepo {
  /** What the workspace's settings hold for the account (`{}` when nothing was set); undefined when there is no workspace. */
  storedSettings(workspaceId: string): Promise<Partial<AccountSettings> | undefined>;
  saveSettings(workspaceId: string, settings: AccountSettings): Promise<void>;
  /** Stored events (from `todayFrom` and in all) and projects of the workspace, in one read. */
  usageCounts(workspaceId: string, todayFrom: number): Promise<StoredEventCounts & { projects: number }>;
  /** Stored events of the workspace. */
  storedEvents(workspaceId: string): Promise<number>;

  /** Every workspace's id. */
  workspaceIds(): Promise<string[]>;
  /** The workspace's events before `cutoff`. */
  countEventsBefore(workspaceId: string, cutoff: number): Promise<number>;
  /** Deletes at most `limit` of the workspace's events before `cutoff`, in one durable write transaction. */
  deleteEventsBefore(workspaceId: string, cutoff: number, limit: number): Promise<void>;
  /**
   * Deletes, in one durable write transaction, the workspace's hourly rollups before `cutoff` and the Agent
   * Analytics rollup rows that describe only facts before it (see SCOPED_TABLES).
   */
  deleteRollupsBefore(workspaceId: string, cutoff: number): Promise<void>;
}
