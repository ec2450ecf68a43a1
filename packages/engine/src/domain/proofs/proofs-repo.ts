import type { PushReceipt } from './sovereign-proof.js';

/** A stored packet's summary (list rows). */
export interface ProofTrailSummary {
  id: string;
  title: string;
  rootHash: string;
  itemCount: number;
  createdAt: number;
  push: PushReceipt | null;
}

export interface ProofTrailRecord extends ProofTrailSummary {
  /** The packet as JSON text, exactly as built. */
  packet: string;
}

/** An event as stored, for a packet item. */
export interface StoredEventRow {
  id: string;
  receivedAt: number;
  body: Record<string, unknown>;
}

export interface ProofsRepo {
  insert(workspaceId: string, record: ProofTrailRecord): Promise<void>;
  get(workspaceId: string, id: string): Promise<ProofTrailRecord | undefined>;
  /** Newest first, after the (createdAt, id) keyset of the previous page's last row. */
  list(workspaceId: string, query: { after?: { createdAt: number; id: string } | undefined; limit: number }): Promise<ProofTrailSummary[]>;
  /** The workspace's events with these ids (others' and unknown ids are absent). */
  events(workspaceId: string, ids: readonly string[]): Promise<StoredEventRow[]>;
  /** The workspace's events of a trace, oldest first, at most `limit`. */
  eventsOfTrace(workspaceId: string, traceId: string, limit: number): Promise<StoredEventRow[]>;
}
