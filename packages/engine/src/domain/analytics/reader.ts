import type { Store } from '../../store/store.js';

export type SqlArg = string | number | null;
export type SqlRow = Record<string, unknown>;

/** Runs the analytics reads: on the main thread (`:memory:`, remote) or on a worker-thread pool (embedded files). */
export interface AnalyticsReader {
  readonly mode: 'main-thread' | 'worker-pool';
  all(sql: string, args?: SqlArg[]): Promise<SqlRow[]>;
  close(): Promise<void>;
}

/** Plain objects keyed by column name: what crosses a worker boundary and what the services read. */
export function plainRows(result: { columns: string[]; rows: ArrayLike<unknown>[] }): SqlRow[] {
  return result.rows.map((row) => {
    const plain: SqlRow = {};
    result.columns.forEach((column, index) => {
      const value = (row as ArrayLike<unknown>)[index];
      plain[column] = typeof value === 'bigint' ? Number(value) : value;
    });
    return plain;
  });
}

/** Reads through the engine's own connection. */
export function mainThreadReader(store: Store): AnalyticsReader {
  return {
    mode: 'main-thread',
    all: async (sql, args = []) => plainRows(await store.execute(sql, args)),
    close: async () => {},
  };
}
