import type { Store } from '../../store/store.js';

export type SqlArg = string | number | null;
export type SqlRow = Record<string, unknown>;

/** Runs the analytics reads: on the main thread (`:memory:`, remote) or on a worker-thread pool (embedded files). */
export interface AnalyticsReader {
  readonly mode: 'main-thread' | 'worker-pool';
  /** Reads answered so far (by the workers, in `worker-pool` mode). */
  readonly answered: number;
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
  let answered = 0;
  return {
    mode: 'main-thread',
    get answered() {
      return answered;
    },
    all: async (sql, args = []) => {
      const rows = plainRows(await store.execute(sql, args));
      answered += 1;
      return rows;
    },
    close: async () => {},
  };
}
