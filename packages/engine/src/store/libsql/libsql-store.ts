import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { createClient, type Client, type InArgs, type InStatement, type ResultSet } from '@libsql/client';
import { EngineError } from '../../errors/engine-error.js';
import type { Store } from '../store.js';
import { MIGRATIONS } from './migrations.js';

export const DEFAULT_DATABASE_URL = 'file:.headless/headless.db';

export interface LibsqlStoreOptions {
  url?: string;
  authToken?: string;
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

  close(): void {
    this.client.close();
  }
}

/** Opens the store, sets WAL and full sync for embedded files, and runs pending migrations. */
export async function openLibsqlStore(options: LibsqlStoreOptions = {}): Promise<Store> {
  const url = options.url ?? DEFAULT_DATABASE_URL;
  if (url.startsWith('file:') && modeOf(url) === 'file') {
    const path = url.slice('file:'.length).split('?')[0]!;
    mkdirSync(dirname(resolve(path)), { recursive: true });
  }
  const client = createClient({ url, ...(options.authToken ? { authToken: options.authToken } : {}) });
  const store = new LibsqlStore(url, client);
  if (store.mode === 'file') {
    await store.execute('PRAGMA journal_mode = WAL');
    await store.execute('PRAGMA synchronous = FULL');
    await store.execute('PRAGMA busy_timeout = 5000');
    await store.execute('PRAGMA cache_size = -65536');
    await store.execute('PRAGMA temp_store = MEMORY');
  }
  await migrate(store);
  return store;
}

async function migrate(store: Store): Promise<void> {
  await store.execute(
    'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)',
  );
  const applied = await store.execute('SELECT version FROM schema_migrations');
  const done = new Set(applied.rows.map((row) => Number(row.version)));
  // Version ranges are reserved per area (10–19, 20–29, ...): run every missing one, in version order.
  for (const migration of [...MIGRATIONS].sort((a, b) => a.version - b.version)) {
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
