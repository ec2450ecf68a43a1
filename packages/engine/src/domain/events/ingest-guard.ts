import type { EventEnvelope } from './envelope.js';

/** Why one envelope of a write was refused; `path` names the field (e.g. `properties.sku`). */
export interface IngestRejection {
  index: number;
  code: string;
  message: string;
  issues: Array<{ path: string; message: string }>;
}

/**
 * A check every ingest path runs before anything is queued (single events, batches, Agent Analytics tracking,
 * trackable usage). It may annotate envelopes in place (e.g. attach warnings) and returns the envelopes it refuses:
 * a refused envelope is not stored, the others of the write are.
 */
export interface IngestGuard {
  check(workspaceId: string, envelopes: readonly EventEnvelope[]): Promise<IngestRejection[]> | IngestRejection[];
}
