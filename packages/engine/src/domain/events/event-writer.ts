import { randomFillSync } from 'node:crypto';
import { monotonicFactory } from 'ulid';
import type { InStatement, Store } from '../../store/store.js';
import { floorTo, HOUR_MS } from '../analytics/event-fields.js';
import { round } from '../analytics/period-summary.js';
import type { EventEnvelope } from './envelope.js';

const ROWS_PER_STATEMENT = 200;
const MAX_ROWS_PER_COMMIT = 10_000;
const MAX_NUMERIC_FIELDS = 32;
const EVENT_COLUMNS = [
  'id', 'workspace_id', 'business_id', 'event', 'ts', 'received_at', 'actor_type', 'actor_id',
  'object_type', 'object_id', 'trace_id', 'session_id', 'message_id', 'body',
] as const;
const ROW_PLACEHOLDER = `(${EVENT_COLUMNS.map(() => '?').join(',')})`;

export interface WriteResult {
  id: string;
  duplicate: boolean;
}

export interface WriterStats {
  commits: number;
  committedEvents: number;
  failedCommits: number;
  lastCommitOk: boolean;
  meanQueueMs: number;
  meanCommitMs: number;
}

export interface PendingRow {
  workspaceId: string;
  envelope: EventEnvelope & { businessId: string; timestamp: number };
  receivedAt: number;
  id?: string;
  /** The envelope's JSON text as stored, set by the writer. */
  json?: string;
}

interface PendingWrite {
  rows: PendingRow[];
  /** performance.now() when the write was queued. */
  queuedAt: number;
  resolve: (results: WriteResult[]) => void;
  reject: (error: unknown) => void;
}

/** The `type` and `id` of an actor or object reference (a plain string is an id). */
function referenceType(value: EventEnvelope['actor']): string | null {
  return value === undefined || typeof value === 'string' ? null : (value.type ?? null);
}

function referenceId(value: EventEnvelope['actor']): string | null {
  return value === undefined ? null : typeof value === 'string' ? value : value.id;
}

/**
 * Uniform [0, 1) from a pool of cryptographic random words refilled 1,024 at a time: a new millisecond's ULID
 * draws 16 of them, and ulid's own source asks the OS once per draw.
 */
const pooledRandom = (() => {
  const pool = new Uint32Array(1024);
  let next = pool.length;
  return (): number => {
    if (next === pool.length) (randomFillSync(pool), (next = 0));
    return pool[next++]! / 4_294_967_296;
  };
})();

/**
 * Work done inside every commit, in the same transaction: `prepare` sees the fresh (non-duplicate) rows
 * before they are written, may fill envelope fields (e.g. a derived `sessionId`), and returns extra
 * statements (rollups, sessions). `rollback` is told when that transaction failed.
 */
export interface CommitHook {
  prepare(rows: readonly PendingRow[]): Promise<InStatement[]>;
  rollback?(): void;
}

/** One row of the hourly rollups being added up for a commit. */
interface RollupEntry {
  key: [workspaceId: string, event: string, hour: number, businessId: string, field: string];
  count: number;
  sum: number;
}

/** Numeric top-level fields of `properties` and `outcome`, summed by the hourly rollups. */
export function numericFields(envelope: EventEnvelope): Array<[string, number]> {
  const fields: Array<[string, number]> = [];
  for (const group of NUMERIC_GROUPS) {
    const bag = envelope[group];
    if (!bag) continue;
    for (const key in bag) {
      const value = bag[key];
      if (typeof value === 'number' && Number.isFinite(value)) fields.push([`${group}.${key}`, value]);
      if (fields.length >= MAX_NUMERIC_FIELDS) return fields;
    }
  }
  return fields;
}

const NUMERIC_GROUPS = ['properties', 'outcome'] as const;

/**
 * Group commit: every write that arrives during one event-loop turn is committed in one transaction
 * (multi-row INSERTs plus rollup upserts), and each caller's promise settles only after that commit.
 * An acknowledged event is therefore durable.
 *
 * Preparing a commit (ids, deduplication, hooks, statements) is one step at a time; on a store whose
 * commits run in order on a writer thread, the next commit is prepared while the previous one is being
 * written, so the main thread and the writer thread work side by side.
 */
export class EventWriter {
  readonly #store: Store;
  readonly #nextId = monotonicFactory(pooledRandom);
  readonly #knownBusinesses = new Set<string>();
  #queue: PendingWrite[] = [];
  #scheduled = false;
  /** The flush whose commit is being prepared (one at a time). */
  #preparing: object | null = null;
  #inFlight = 0;
  readonly #maxInFlight: number;
  /** workspace/messageId → the id and commit of an event whose commit is still being written. */
  readonly #unsettled = new Map<string, { id: string; committed: Promise<void> }>();
  #closed = false;
  readonly #hooks: CommitHook[] = [];
  #commits = 0;
  #committedEvents = 0;
  #failedCommits = 0;
  #lastCommitOk = true;
  /** Writes taken into commits, the time they waited for their commit to start, and the committed ones' durations. */
  #flushedWrites = 0;
  #queuedMs = 0;
  #commitMs = 0;

  constructor(store: Store) {
    this.#store = store;
    this.#maxInFlight = Math.max(1, store.commitPipelineDepth);
  }

  /**
   * Transactions committed and events stored since start (commits < calls shows group commit at work),
   * whether the latest commit went through, how long a write waited for its commit to start and how long a
   * commit took from its preparation to durable (means since start, ms).
   */
  get stats(): WriterStats {
    const mean = (total: number, count: number) => (count === 0 ? 0 : round(total / count, 3));
    return {
      commits: this.#commits,
      committedEvents: this.#committedEvents,
      failedCommits: this.#failedCommits,
      lastCommitOk: this.#lastCommitOk,
      meanQueueMs: mean(this.#queuedMs, this.#flushedWrites),
      meanCommitMs: mean(this.#commitMs, this.#commits),
    };
  }

  /**
   * Called once per commit, once it is durable and before its writes are answered, with its new
   * (non-duplicate) rows, ids and JSON set. The writer no longer reads them. Must not throw.
   */
  protected committed(_fresh: readonly PendingRow[]): void {}

  /** Adds work to every later commit (see CommitHook). */
  addHook(hook: CommitHook): void {
    this.#hooks.push(hook);
  }

  get pendingEvents(): number {
    return this.#queue.reduce((total, write) => total + write.rows.length, 0);
  }

  write(rows: PendingRow[]): Promise<WriteResult[]> {
    if (this.#closed) return Promise.reject(new Error('event writer is closed'));
    return new Promise((resolve, reject) => {
      this.#queue.push({ rows, resolve, reject, queuedAt: performance.now() });
      this.#schedule();
    });
  }

  #schedule(): void {
    if (this.#scheduled || this.#preparing || this.#inFlight >= this.#maxInFlight || this.#queue.length === 0) return;
    this.#scheduled = true;
    setImmediate(() => {
      this.#scheduled = false;
      void this.#flush();
    });
  }

  async #flush(): Promise<void> {
    const writes: PendingWrite[] = [];
    let rowCount = 0;
    while (this.#queue.length > 0 && (rowCount === 0 || rowCount + this.#queue[0]!.rows.length <= MAX_ROWS_PER_COMMIT)) {
      const write = this.#queue.shift()!;
      writes.push(write);
      rowCount += write.rows.length;
    }
    if (writes.length === 0) return;
    const started = performance.now();
    for (const write of writes) this.#queuedMs += started - write.queuedAt;
    this.#flushedWrites += writes.length;
    const flush = {};
    this.#preparing = flush;
    this.#inFlight += 1;
    try {
      const results = await this.#commit(writes.flatMap((write) => write.rows), flush, started);
      let offset = 0;
      for (const write of writes) {
        write.resolve(results.slice(offset, offset + write.rows.length));
        offset += write.rows.length;
      }
    } catch (error) {
      for (const write of writes) write.reject(error);
    } finally {
      if (this.#preparing === flush) this.#preparing = null;
      this.#inFlight -= 1;
      this.#schedule();
    }
  }

  /** Prepares and commits `rows`; lets the next commit be prepared once this one is handed to the store. */
  async #commit(rows: PendingRow[], flush: object, started: number): Promise<WriteResult[]> {
    const { results, waitFor } = await this.#deduplicate(rows);
    const fresh = rows.filter((_, index) => !results[index]!.duplicate);
    const hooked: InStatement[] = [];
    for (const hook of this.#hooks) hooked.push(...(await hook.prepare(fresh)));
    const statements: InStatement[] = [];
    const businesses = new Map<string, [string, string]>();
    // Rollup rows by workspace/event/hour/business, then by field. Consecutive rows usually share the first
    // four (one batch, one event name, one hour), so the group is looked up only when one of them changes.
    const rollups = new Map<string, Map<string, RollupEntry>>();
    let group: Map<string, RollupEntry> | undefined;
    let grouped: { workspaceId: string; event: string; hour: number; businessId: string } | undefined;
    const addRollup = (row: PendingRow, hour: number, field: string, sumOf: number) => {
      const { envelope } = row;
      if (!group || grouped!.hour !== hour || grouped!.event !== envelope.event || grouped!.workspaceId !== row.workspaceId || grouped!.businessId !== envelope.businessId) {
        grouped = { workspaceId: row.workspaceId, event: envelope.event, hour, businessId: envelope.businessId };
        const groupKey = `${row.workspaceId}\u0000${envelope.event}\u0000${hour}\u0000${envelope.businessId}`;
        group = rollups.get(groupKey);
        if (!group) rollups.set(groupKey, (group = new Map()));
      }
      const entry = group.get(field);
      if (entry) {
        entry.count += 1;
        entry.sum += sumOf;
      } else group.set(field, { key: [row.workspaceId, envelope.event, hour, envelope.businessId, field], count: 1, sum: sumOf });
    };
    let previous: PendingRow | undefined;
    for (let start = 0; start < fresh.length; start += ROWS_PER_STATEMENT) {
      const chunk = fresh.slice(start, start + ROWS_PER_STATEMENT);
      const args: Array<string | number | null> = [];
      for (const row of chunk) {
        const { envelope } = row;
        const { actor, object } = envelope;
        const json = JSON.stringify(envelope);
        row.json = json;
        args.push(
          row.id!, row.workspaceId, envelope.businessId, envelope.event, envelope.timestamp, row.receivedAt,
          referenceType(actor), referenceId(actor), referenceType(object), referenceId(object),
          envelope.traceId ?? null, envelope.sessionId ?? null,
          envelope.messageId ?? null, json,
        );
        if (previous === undefined || previous.workspaceId !== row.workspaceId || previous.envelope.businessId !== envelope.businessId) {
          const businessKey = `${row.workspaceId}\u0000${envelope.businessId}`;
          if (!this.#knownBusinesses.has(businessKey)) businesses.set(businessKey, [row.workspaceId, envelope.businessId]);
          previous = row;
        }
        const hour = floorTo(envelope.timestamp, HOUR_MS);
        addRollup(row, hour, '', 0);
        for (const [field, value] of numericFields(envelope)) addRollup(row, hour, field, value);
      }
      statements.push({
        sql: `INSERT INTO events (${EVENT_COLUMNS.join(',')}) VALUES ${chunk.map(() => ROW_PLACEHOLDER).join(',')}`,
        args,
      });
    }
    const rollupRows = [...rollups.values()].flatMap((fields) => [...fields.values()]);
    for (let start = 0; start < rollupRows.length; start += ROWS_PER_STATEMENT) {
      const chunk = rollupRows.slice(start, start + ROWS_PER_STATEMENT);
      statements.push({
        sql:
          'INSERT INTO event_rollups (workspace_id, event, hour, business_id, field, count, sum) VALUES ' +
          chunk.map(() => '(?,?,?,?,?,?,?)').join(',') +
          ' ON CONFLICT (workspace_id, hour, event, business_id, field) DO UPDATE SET count = count + excluded.count, sum = sum + excluded.sum',
        args: chunk.flatMap((entry) => [...entry.key, entry.count, entry.sum]),
      });
    }
    const now = Date.now();
    for (const [workspaceId, businessId] of businesses.values()) {
      statements.push({
        sql: 'INSERT OR IGNORE INTO businesses (workspace_id, id, name, is_default, created_at) VALUES (?, ?, ?, 0, ?)',
        args: [workspaceId, businessId, businessId, now],
      });
    }
    statements.push(...hooked);
    const committed = statements.length > 0 ? this.#store.commit(statements) : Promise.resolve();
    const unsettled: string[] = [];
    for (const row of fresh) {
      if (row.envelope.messageId === undefined) continue;
      const key = `${row.workspaceId}\u0000${row.envelope.messageId}`;
      this.#unsettled.set(key, { id: row.id!, committed });
      unsettled.push(key);
    }
    // The next commit may be prepared now: this one is queued in order behind any earlier one.
    if (this.#preparing === flush) this.#preparing = null;
    this.#schedule();
    try {
      await committed.catch((error: unknown) => {
        if (statements.length > 0) {
          this.#failedCommits += 1;
          this.#lastCommitOk = false;
          for (const hook of this.#hooks) hook.rollback?.();
        }
        throw error;
      });
      // A duplicate of an event still being written is acknowledged only once that event is durable.
      await Promise.all(waitFor);
    } finally {
      for (const key of unsettled) this.#unsettled.delete(key);
    }
    if (statements.length > 0) {
      this.#commits += 1;
      this.#committedEvents += fresh.length;
      this.#lastCommitOk = true;
      this.#commitMs += performance.now() - started;
    }
    for (const key of businesses.keys()) this.#knownBusinesses.add(key);
    if (fresh.length > 0) this.committed(fresh);
    return results;
  }

  /**
   * Assigns ids; a messageId seen before (stored, still being written, or earlier in this commit) maps to
   * the first event's id. `waitFor` holds the commits of the events still being written.
   */
  async #deduplicate(rows: PendingRow[]): Promise<{ results: WriteResult[]; waitFor: Promise<void>[] }> {
    const byWorkspace = new Map<string, Set<string>>();
    for (const row of rows) {
      const messageId = row.envelope.messageId;
      if (messageId === undefined) continue;
      let set = byWorkspace.get(row.workspaceId);
      if (!set) byWorkspace.set(row.workspaceId, (set = new Set()));
      set.add(messageId);
    }
    const existing = new Map<string, string>();
    for (const [workspaceId, messageIds] of byWorkspace) {
      const ids = [...messageIds];
      for (let start = 0; start < ids.length; start += 500) {
        const chunk = ids.slice(start, start + 500);
        const found = await this.#store.execute(
          `SELECT message_id, id FROM events WHERE workspace_id = ? AND message_id IN (${chunk.map(() => '?').join(',')})`,
          [workspaceId, ...chunk],
        );
        for (const row of found.rows) existing.set(`${workspaceId}\u0000${String(row.message_id)}`, String(row.id));
      }
    }
    const waitFor = new Set<Promise<void>>();
    const results = rows.map((row) => {
      const messageId = row.envelope.messageId;
      const key = messageId === undefined ? undefined : `${row.workspaceId}\u0000${messageId}`;
      const seen = key === undefined ? undefined : existing.get(key);
      if (seen !== undefined) return { id: seen, duplicate: true };
      const writing = key === undefined ? undefined : this.#unsettled.get(key);
      if (writing !== undefined) {
        waitFor.add(writing.committed);
        return { id: writing.id, duplicate: true };
      }
      row.id = this.#nextId(row.receivedAt);
      if (key !== undefined) existing.set(key, row.id);
      return { id: row.id, duplicate: false };
    });
    return { results, waitFor: [...waitFor] };
  }

  /** Waits for every queued write to commit; later writes are refused. */
  async close(): Promise<void> {
    this.#closed = true;
    while (this.#inFlight > 0 || this.#queue.length > 0 || this.#scheduled) await new Promise((resolve) => setImmediate(resolve));
  }
}
