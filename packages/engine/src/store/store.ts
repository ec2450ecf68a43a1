import type { InArgs, InStatement, ResultSet } from '@libsql/client';

export type { InArgs, InStatement, ResultSet };

/**
 * Storage as the domain services see it: SQL in SQLite's dialect, executed on libSQL (embedded `file:`,
 * `:memory:`, or a libSQL server URL). `batch()` runs its statements in one transaction.
 */
export interface Store {
  readonly url: string;
  readonly backend: 'libsql';
  readonly mode: 'file' | 'memory' | 'remote';
  execute(sql: string, args?: InArgs): Promise<ResultSet>;
  batch(statements: InStatement[], mode?: 'write' | 'read' | 'deferred'): Promise<ResultSet[]>;
  /**
   * Runs `statements` as one write transaction and settles once it is durable. On an embedded `file:`
   * database this runs on the store's writer thread (its own connection to the same WAL file), so the
   * main thread goes on parsing and validating requests while SQLite writes; elsewhere it is `batch`.
   */
  commit(statements: InStatement[]): Promise<void>;
  /**
   * How many `commit` calls may usefully be outstanding at once: more than 1 when commits queue up on a
   * writer of their own and run in the order they were called, so a caller can prepare the next while the
   * last is being written.
   */
  readonly commitPipelineDepth: number;
  /**
   * A read for bulk loads: each row as an array of its values, in column order. On an embedded `file:`
   * database it goes through libSQL's native driver without building a row object per row.
   */
  rows(sql: string, args?: unknown[]): Promise<unknown[][]>;
  /** Closes the connections; settles once the writer thread (if any) has ended. */
  close(): Promise<void>;
}
