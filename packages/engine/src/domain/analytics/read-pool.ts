import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { EngineError } from '../../errors/engine-error.js';
import type { Store } from '../../store/store.js';
import { mainThreadReader, plainRows, type AnalyticsReader, type SqlArg, type SqlRow } from './reader.js';

/** One worker per core but one, so a core stays free for ingestion and health answers (at least one). */
export const DEFAULT_READ_WORKERS = Math.max(1, availableParallelism() - 1);

/**
 * How much nicer (Linux) the read workers are than the rest of the process: a heavy read yields the CPU to
 * ingestion (main and writer threads) whenever both want it, and runs at full speed otherwise.
 */
export const READ_WORKER_NICE = 10;

/**
 * The worker's code: its own libSQL connection to the same WAL file, answering `{id, sql, args}` with
 * columns and row arrays. libSQL's embedded driver runs a query synchronously on the calling thread, so
 * heavy analytics reads here never stall the main thread's ingestion and health answers. On Linux the
 * nice value is a thread's own (setpriority of pid 0 is the calling thread), so the worker lowers only its
 * own priority; elsewhere it would be the whole process's, and the worker leaves it.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
if (process.platform === 'linux') {
  const os = require('node:os');
  try { os.setPriority(Math.min(19, os.getPriority() + workerData.nice)); } catch {}
}
const { createClient } = require(workerData.clientPath);
const client = createClient({ url: workerData.url });
const ready = client.execute('PRAGMA busy_timeout = 5000').catch(() => undefined);
parentPort.on('message', async (message) => {
  try {
    await ready;
    const result = await client.execute({ sql: message.sql, args: message.args });
    const rows = result.rows.map((row) => Array.from(row, (value) => (typeof value === 'bigint' ? Number(value) : value)));
    parentPort.postMessage({ id: message.id, columns: result.columns, rows });
  } catch (error) {
    parentPort.postMessage({ id: message.id, error: { code: String((error && error.code) || ''), message: String(error && error.message) } });
  }
});
`;

interface Pending {
  resolve: (rows: SqlRow[]) => void;
  reject: (error: unknown) => void;
}

interface PoolWorker {
  worker: Worker;
  pending: Map<number, Pending>;
}

type Reply = { id: number; columns: string[]; rows: unknown[][]; error?: undefined } | { id: number; error: { code: string; message: string } };

function failure(error: { code: string; message: string }): EngineError {
  if (error.code === 'SQLITE_BUSY') return new EngineError('UNAVAILABLE', 'The store is busy; retry shortly.', { cause: error });
  return new EngineError('INTERNAL', 'Internal storage error.', { cause: new Error(`${error.code}: ${error.message}`) });
}

function startWorker(url: string, clientPath: string, onAnswer: () => void): PoolWorker {
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { url, clientPath, nice: READ_WORKER_NICE } });
  const entry: PoolWorker = { worker, pending: new Map() };
  worker.unref();
  worker.on('message', (reply: Reply) => {
    const pending = entry.pending.get(reply.id);
    if (!pending) return;
    entry.pending.delete(reply.id);
    onAnswer();
    if (reply.error) pending.reject(failure(reply.error));
    else pending.resolve(plainRows({ columns: reply.columns, rows: reply.rows }));
  });
  worker.on('error', (error) => {
    for (const pending of entry.pending.values()) pending.reject(new EngineError('UNAVAILABLE', 'An analytics read worker failed; retry.', { cause: error }));
    entry.pending.clear();
  });
  return entry;
}

/** Analytics reads on worker threads for embedded `file:` databases; on the main thread otherwise or when `workers` is 0. */
export async function openAnalyticsReader(store: Store, workers = DEFAULT_READ_WORKERS): Promise<AnalyticsReader> {
  if (store.mode !== 'file' || workers <= 0) return mainThreadReader(store);
  const clientPath = createRequire(import.meta.url).resolve('@libsql/client');
  let answered = 0;
  const pool = Array.from({ length: workers }, () => startWorker(store.url, clientPath, () => (answered += 1)));
  let nextId = 0;
  let closed = false;
  return {
    mode: 'worker-pool',
    get answered() {
      return answered;
    },
    all(sql: string, args: SqlArg[] = []): Promise<SqlRow[]> {
      if (closed) return Promise.reject(new EngineError('UNAVAILABLE', 'The engine is shutting down.'));
      const target = pool.reduce((best, entry) => (entry.pending.size < best.pending.size ? entry : best));
      const id = (nextId += 1);
      return new Promise((resolve, reject) => {
        target.pending.set(id, { resolve, reject });
        target.worker.ref();
        target.worker.postMessage({ id, sql, args });
      }).finally(() => {
        if (target.pending.size === 0) target.worker.unref();
      }) as Promise<SqlRow[]>;
    },
    async close() {
      closed = true;
      await Promise.all(pool.map((entry) => entry.worker.terminate()));
    },
  };
}
