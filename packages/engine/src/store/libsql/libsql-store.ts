import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import { createClient, type Client, type InArgs, type InStatement, type ResultSet } from '@libsql/client';
import Database from 'libsql';
import { EngineError } from '../../errors/engine-error.js';
import type { Store } from '../store.js';
import { MIGRATIONS, type Migration } from './migrations.js';

export const DEFAULT_DATABASE_URL = 'file:.headless/headless.db';

/** Per-connection settings of an embedded file database (WAL itself is kept in the file). */
const FILE_PRAGMAS = ['PRAGMA synchronous = FULL', 'PRAGMA busy_timeout = 5000', 'PRAGMA cache_size = -65536', 'PRAGMA temp_store = MEMORY'];

/**
 * The writer thread's code: its own connection to the same WAL file, through libSQL's native binding
 * (the driver under @libsql/client) so that the few statement texts of the write path are compiled once
 * and reused. It commits `{id, statements}` one transaction at a time, in arrival order, and answers
 * `{id}` or `{id, error}`.
 */
const WRITER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driverPath);
const db = new Database(workerData.path);
for (const pragma of workerData.pragmas) db.exec(pragma);
// The native driver takes strings, numbers, bigints, buffers and null (a boolean aborts the process):
// the rest is bound as @libsql/client binds it.
const bindable = (value) =>
  typeof value === 'boolean' ? (value ? 1 : 0) : value instanceof Date ? value.valueOf() : value === undefined ? null : value;
const bind = (args) =>
  Array.isArray(args) ? args.map(bindable) : Object.fromEntries(Object.entries(args).map(([key, value]) => [key, bindable(value)]));
const compiled = new Map();
function statementOf(sql) {
  let statement = compiled.get(sql);
  if (!statement) {
    if (compiled.size >= 256) compiled.clear();
    compiled.set(sql, (statement = db.prepare(sql)));
  }
  return statement;
}
parentPort.on('message', ({ id, statements, close }) => {
  if (close) {
    // Closing the connection here, on its own thread, and ending the thread without being terminated.
    db.close();
    parentPort.close();
    return;
  }
  try {
    db.exec('BEGIN IMMEDIATE');
    try {
      for (const statement of statements) {
        if (typeof statement === 'string') statementOf(statement).run([]);
        else if (Array.isArray(statement)) statementOf(statement[0]).run(bind(statement[1] ?? []));
        else statementOf(statement.sql).run(bind(statement.args ?? []));
      }
      db.exec('COMMIT');
    } catch (error) {
      if (db.inTransaction) db.exec('ROLLBACK');
      throw error;
    }
    parentPort.postMessage({ id });
  } catch (error) {
    parentPort.postMessage({ id, error: { code: String((error && error.code) || ''), message: String(error && error.message) } });
  }
});
`;

export interface LibsqlStoreOptions {
  url?: string;
  authToken?: string;
  /** The migrations to run (default: the core's); the engine adds those of its domains. */
  migrations?: readonly Migration[];
}

/** The file of a `file:` URL. */
function filePath(url: string): string {
  return url.slice('file:'.length).split('?')[0]!;
}

function modeOf(url: string): Store['mode'] {
  if (url === ':memory:' || url === 'file::memory:') return 'memory';
  return url.startsWith('file:') ? 'file' : 'remote';
}

/** Classifies driver errors once, so no SQL text or driver message reaches a caller. */
function classify(error: unknown): EngineError {
  const code = String((error as { code?: unknown }).code ?? '');
  if (code.startsWith('SQLITE_CONSTRAINT')) {
    return new EngineError('CONFLICT', 'The write conflicts with an existing record.', { cause: error });
  }
  if (code === 'SQLITE_BUSY' || code === 'SQLITE_FULL' || code === 'SQLITE_IOERR') {
    return new EngineError('UNAVAILABLE', 'The store is temporarily unavailable; retry shortly.', { cause: error });
  }
  return new EngineError('INTERNAL', 'Internal storage error.', { cause: error });
}

class LibsqlStore implements Store {
  readonly backend = 'libsql' as const;
  readonly mode: Store['mode'];
  /** `batch` on the one client: a second commit would only wait for the first. */
  readonly commitPipelineDepth: number = 1;

  constructor(
    readonly url: string,
    private readonly client: Client,
  ) {
    this.mode = modeOf(url);
  }

  async execute(sql: string, args: InArgs = []): Promise<ResultSet> {
    try {
      return await this.client.execute({ sql, args });
    } catch (error) {
      throw classify(error);
    }
  }

  async batch(statements: InStatement[], mode: 'write' | 'read' | 'deferred' = 'write'): Promise<ResultSet[]> {
    try {
      return await this.client.batch(statements, mode);
    } catch (error) {
      throw classify(error);
    }
  }

  async commit(statements: InStatement[]): Promise<void> {
    await this.batch(statements, 'write');
  }

  async rows(sql: string, args: unknown[] = []): Promise<unknown[][]> {
    const result = await this.execute(sql, args as InArgs);
    return result.rows.map((row) => Array.from(row));
  }

  async close(): Promise<void> {
    this.client.close();
  }
}

/** An embedded file store whose `commit` runs on a writer thread (libSQL's embedded driver blocks its calling thread). */
class ThreadedLibsqlStore extends LibsqlStore {
  readonly #writer: Worker;
  /** Commits run in call order on the writer thread: one being written and the next one waiting. */
  override readonly commitPipelineDepth = 2;
  readonly #pending = new Map<number, { resolve: () => void; reject: (error: unknown) => void }>();
  #nextId = 0;
  #failed: Error | null = null;
  /** A read-only native connection for bulk loads, opened on first use. */
  #reader: Database.Database | undefined;
  #closed = false;

  constructor(url: string, client: Client) {
    super(url, client);
    const driverPath = createRequire(import.meta.url).resolve('libsql');
    this.#writer = new Worker(WRITER_SOURCE, { eval: true, workerData: { path: filePath(url), driverPath, pragmas: FILE_PRAGMAS } });
    this.#writer.unref();
    this.#writer.on('message', (reply: { id: number; error?: { code: string; message: string } }) => {
      const pending = this.#pending.get(reply.id);
      if (!pending) return;
      this.#pending.delete(reply.id);
      if (this.#pending.size === 0) this.#writer.unref();
      if (reply.error) pending.reject(classify(Object.assign(new Error(reply.error.message), { code: reply.error.code })));
      else pending.resolve();
    });
    const fail = (error: Error) => {
      this.#failed = error;
      for (const pending of this.#pending.values()) pending.reject(new EngineError('UNAVAILABLE', 'The store\'s writer stopped; retry.', { cause: error }));
      this.#pending.clear();
    };
    this.#writer.on('error', fail);
    this.#writer.on('exit', (code) => fail(new Error(`writer thread exited with code ${code}`)));
  }

  override async rows(sql: string, args: unknown[] = []): Promise<unknown[][]> {
    // After close, a late read (an index still loading) must not open a native connection nobody will close.
    if (this.#closed) throw new EngineError('UNAVAILABLE', 'The engine is shutting down.');
    try {
      this.#reader ??= new Database(filePath(this.url), { readonly: true });
      return this.#reader.prepare(sql).raw(true).all(args.map((value) => (typeof value === 'boolean' ? Number(value) : value))) as unknown[][];
    } catch (error) {
      throw classify(error);
    }
  }

  override commit(statements: InStatement[]): Promise<void> {
    if (this.#failed) return Promise.reject(new EngineError('UNAVAILABLE', 'The store\'s writer stopped; retry.', { cause: this.#failed }));
    const id = (this.#nextId += 1);
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      this.#writer.ref();
      this.#writer.postMessage({ id, statements });
    });
  }

  /** Lets the writer thread close its connection and end (terminated only if it has not after 5 s). */
  override async close(): Promise<void> {
    this.#closed = true;
    this.#reader?.close();
    this.#reader = undefined;
    super.close();
    if (this.#writer.threadId === -1) return;
    const ended = new Promise<void>((resolve) => this.#writer.once('exit', () => resolve()));
    this.#writer.ref();
    this.#writer.postMessage({ close: true });
    const timer = setTimeout(() => void this.#writer.terminate(), 5_000);
    await ended;
    clearTimeout(timer);
  }
}

/** Opens the store, sets WAL and full sync for embedded files, and runs pending migrations. */
export async function openLibsqlStore(options: LibsqlStoreOptions = {}): Promise<Store> {
  const url = options.url ?? DEFAULT_DATABASE_URL;
  if (url.startsWith('file:') && modeOf(url) === 'file') {
    mkdirSync(dirname(resolve(filePath(url))), { recursive: true });
  }
  const client = createClient({ url, ...(options.authToken ? { authToken: options.authToken } : {}) });
  if (modeOf(url) !== 'file') {
    const store = new LibsqlStore(url, client);
    await migrate(store, options.migrations);
    return store;
  }
  await client.execute('PRAGMA journal_mode = WAL');
  for (const pragma of FILE_PRAGMAS) await client.execute(pragma);
  await migrate(new LibsqlStore(url, client), options.migrations);
  return new ThreadedLibsqlStore(url, client);
}

async function migrate(store: Store, migrations: readonly Migration[] = MIGRATIONS): Promise<void> {
  await store.execute(
    'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)',
  );
  const applied = await store.execute('SELECT version FROM schema_migrations');
  const done = new Set(applied.rows.map((row) => Number(row.version)));
  // Version ranges are reserved per area (10–19, 20–29, ...): run every missing one, in version order.
  for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
    if (done.has(migration.version)) continue;
    await store.batch([
      ...migration.statements,
      { sql: 'INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)', args: [migration.version, migration.name, Date.now()] },
    ]);
  }
}

export async function currentMigration(store: Store): Promise<number> {
  const result = await store.execute('SELECT max(version) AS version FROM schema_migrations');
  return Number(result.rows[0]?.version ?? 0);
}
