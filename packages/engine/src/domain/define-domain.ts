import type { Logger, Principal } from '../context.js';
import type { EngineOptions } from '../engine.js';
import type { Services } from '../services.js';
import type { Migration } from '../store/libsql/migrations.js';
import type { Store } from '../store/store.js';
import type { AliasTable } from '../tool/aliases.js';
import type { AnyTool } from '../tool/define-tool.js';
import type { ToolsetDefinition } from '../tool/registry.js';
import type { AnalyticsReader } from './analytics/reader.js';
import type { CommitHook } from './events/event-writer.js';
import type { IngestGuard } from './events/ingest-guard.js';

/** What a domain's services are built from: storage, the clock, and the services built before it. */
export interface DomainDeps {
  store: Store;
  /** Reads that may run on the read pool (analytics-style scans over events). */
  reader: AnalyticsReader;
  clock: () => number;
  logger: Logger;
  /** Public base URL of the deployment, when configured (scan links, snippets). */
  publicUrl?: string | undefined;
  /** The engine's options as opened (a domain reads its own settings there, e.g. `graph`). */
  options: Readonly<EngineOptions>;
  /** The core services and every domain registered before this one. */
  services: Services;
}

/**
 * A credential of a domain's own (e.g. a device's trackable token): secrets starting with `prefix`, sent where API
 * keys are (`Authorization: Bearer`), resolve through `authenticate` instead of the API keys.
 */
export interface CredentialResolver {
  prefix: string;
  authenticate(secret: string): Promise<Principal>;
}

/**
 * A domain registers itself in one place: its toolsets, tools and aliases (every surface derives from them), its
 * libSQL migrations (in its own reserved version range), how its services are built, and the work it adds to ingest:
 * `commitHooks` run inside every event commit (same transaction), `ingestGuards` check envelopes before they are
 * queued, `credentials` resolve the secrets it issues. Its services type joins `Services` by declaration merging in the domain's own module:
 * `declare module '../../services.js' { interface Services { plans: PlansService } }`.
 */
export interface DomainDefinition<Id extends string = string, S = unknown> {
  id: Id;
  toolsets: readonly ToolsetDefinition[];
  tools: readonly AnyTool[];
  aliases: AliasTable;
  migrations: readonly Migration[];
  services(deps: DomainDeps): S;
  commitHooks?(services: S, deps: DomainDeps): CommitHook[];
  ingestGuards?(services: S, deps: DomainDeps): IngestGuard[];
  /** Credentials the domain issues (each with a distinct secret prefix), resolved to principals by Engine.authenticate. */
  credentials?(services: S, deps: DomainDeps): CredentialResolver[];
  /** Settles once the domain's background work has stopped (before the store closes). */
  close?(services: S): Promise<void>;
}

export function defineDomain<const Id extends string, S>(definition: DomainDefinition<Id, S>): DomainDefinition<Id, S> {
  return definition;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyDomain = DomainDefinition<string, any>;

/** Refuses two domains with one id, and a migration version taken twice (by the core or another domain). */
export function checkDomains(domains: readonly AnyDomain[], coreMigrations: readonly Migration[]): void {
  const ids = new Set<string>();
  const versions = new Map<number, string>(coreMigrations.map((migration) => [migration.version, 'core']));
  for (const domain of domains) {
    if (ids.has(domain.id)) throw new Error(`Domain '${domain.id}' is registered twice`);
    ids.add(domain.id);
    for (const migration of domain.migrations) {
      const owner = versions.get(migration.version);
      if (owner) throw new Error(`Migration ${migration.version} of domain '${domain.id}' is already taken by '${owner}'`);
      versions.set(migration.version, domain.id);
    }
  }
}
