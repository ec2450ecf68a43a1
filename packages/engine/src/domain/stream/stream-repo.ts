import type { StoredEvent } from '../events/envelope.js';

/** Where a resume from storage reads: a workspace's events (of one business, when given) with ids after `afterId`. */
export interface ReplayQuery {
  workspaceId: string;
  businessId?: string | undefined;
  afterId: string;
  /** Walk the commit order from this position instead of the workspace's index (then sorted by position, not id). */
  fromPosition?: number | undefined;
  limit: number;
}

/** The event reads a resume from storage needs; events keep a commit position (`seq`) that rises as they commit. */
export interface StreamRepo {
  /** The lowest and highest commit positions stored (0 when there are no events). */
  positionBounds(): Promise<{ low: number; high: number }>;
  /** The first event at or after commit position `position`: its position and id. */
  firstAtOrAfter(position: number): Promise<{ position: number; id: string } | undefined>;
  /** The events of `query`, in commit order when it has `fromPosition`, else in id order; at most `limit`. */
  eventsAfter(query: ReplayQuery): Promise<StoredEvent[]>;
}
