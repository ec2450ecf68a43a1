import type { Destination, Receipt } from './destination.js';

export interface ExportRow {
  seq: number;
  id: string;
  body: Record<string, unknown>;
}

/** Storage of destinations, receipts, and the event reads an export makes (in event order key order). */
export interface ExportsRepo {
  /** False when the id is taken. */
  createDestination(workspaceId: string, destination: Destination): Promise<boolean>;
  getDestination(workspaceId: string, id: string): Promise<Destination | undefined>;
  listDestinations(workspaceId: string, after: string, limit: number): Promise<Destination[]>;
  deleteDestination(workspaceId: string, id: string): Promise<boolean>;
  /** Advances the cursor only forward (an older acknowledgement cannot move it back). */
  advanceCursor(workspaceId: string, id: string, cursor: number, at: number): Promise<void>;
  /** Stores a receipt; answers its id (numbered per saved destination, `receipt.id`-based for inline exports). */
  addReceipt(workspaceId: string, receipt: Receipt): Promise<string>;
  getReceipt(workspaceId: string, id: string): Promise<Receipt | undefined>;
  /** Newest first; `before` is the keyset (createdAt, id) of the last receipt read. */
  listReceipts(workspaceId: string, query: { destinationId?: string | undefined; before?: { t: number; id: string } | undefined; limit: number }): Promise<Receipt[]>;
  events(workspaceId: string, afterSeq: number, limit: number): Promise<ExportRow[]>;
  countEvents(workspaceId: string, afterSeq: number): Promise<number>;
}
