import type { UsageQuery, UsageRow } from './usage-meter.js';

/** Calls and errors to add to one (workspace, day, key, tool, surface) counter. */
export interface UsageIncrement {
  key: readonly [workspaceId: string, day: string, keyId: string, tool: string, surface: string];
  calls: number;
  errors: number;
}

/** The daily tool-call counters. */
export interface UsageRepo {
  /** Adds every increment to its counter (made when missing) in one durable write transaction. */
  add(increments: readonly UsageIncrement[]): Promise<void>;
  /** Newest day first, then key, tool and surface; at most `query.limit` rows. Key ids as stored. */
  query(workspaceId: string, query: UsageQuery): Promise<Array<Omit<UsageRow, 'keyId'> & { keyId: string }>>;
}
