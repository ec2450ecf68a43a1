import { stderrLogger, type Logger, type Principal, type Surface } from './context.js';
import { embeddedToolClient, type ToolClient } from './remote/tool-client.js';
import { EventWriter } from './domain/events/event-writer.js';
import { EventsService } from './domain/events/events-service.js';
import { FunnelService } from './domain/funnels/funnel-service.js';
import { TimelineIndex } from './domain/funnels/timeline-index.js';
import { HealthService } from './domain/health/health-service.js';
import { MetricsService } from './domain/metrics/metrics-service.js';
import { exportOptionsFromEnv } from './domain/exports/options-from-env.js';
import { TenancyService } from './domain/tenancy/tenancy-service.js';
import { LibsqlTenancyRepo } from './store/libsql/tenancy.js';
import { RateLimiter } from './domain/usage/rate-limiter.js';
import { UsageMeter } from './domain/usage/usage-meter.js';
import { LibsqlUsageRepo } from './store/libsql/usage.js';
import type { Services } from './services.js';
import { libsqlEventCatalog } from './store/libsql/event-catalog.js';
import { openLibsqlStore } from './store/libsql/libsql-store.js';
import { invoke, type InvokeOptions, type InvokeResult } from './tool/invoke.js';
import { ToolRegistry, type ToolsetDefinition } from './tool/registry.js';
import { coreAliases, coreTools } from './tools/core-toolset.js';
import { CORE_TOOLSETS } from './tools/toolsets.js';
import { agentAliases, agentTools } from './tools/agents/index.js';
import { AccountService, type AccountLimits } from './domain/account/account-service.js';
import { EventQuota } from './domain/account/event-quota.js';
import { LibsqlAccountRepo } from './store/libsql/account.js';
import { ExperimentsService } from './domain/experiments/experiments-service.js';
import { LibsqlExperimentsRepo } from './store/libsql/experiments.js';
import { ProjectsService } from './domain/projects/projects-service.js';
import { libsqlProjects } from './store/libsql/projects.js';
import { EventBus } from './domain/stream/event-bus.js';
import { PublishingEventWriter } from './domain/stream/publishing-writer.js';
import { StreamService } from './domain/stream/stream-service.js';
import { LibsqlStreamRepo } from './store/libsql/stream.js';
import { subscribe, type SubscribeResult } from './tool/invoke.js';
import { accountAliases, accountTools } from './tools/account/index.js';
import { experimentAliases, experimentTools } from './tools/experiments/index.js';
import { projectAliases, projectTools } from './tools/projects/index.js';
import { streamAliases, streamTools } from './tools/stream/index.js';
import { analyticsAliases, analyticsTools } from './tools/analytics/index.js';
import { AnalyticsService } from './domain/analytics/analytics-service.js';
import { AnalyticsIngestHook } from './domain/analytics/ingest-hook.js';
import { RetentionService } from './domain/account/retention.js';
import { openAnalyticsReader } from './domain/analytics/read-pool.js';
import { checkDomains, type CredentialResolver, type DomainDeps } from './domain/define-domain.js';
import { DOMAINS } from './domains.js';
import { MIGRATIONS } from './store/libsql/migrations.js';

export interface Credentials {
  apiKey?: string | undefined;
  projectToken?: string | undefined;
  origin?: string | undefined;
}

export interface EngineOptions {
  /** libSQL URL: `file:path.db` (default `file:.headless/headless.db`), `:memory:`, or a libSQL server URL. */
  databaseUrl?: string;
  databaseAuthToken?: string;
  /** Per-key calls per minute; 0 disables rate limiting. Default 60,000. */
  rateLimitPerMinute?: number;
  clock?: () => number;
  logger?: Logger;
  /** Public base URL of the deployment (`HA_PUBLIC_URL`), used in tracking snippets. */
  publicUrl?: string;
  /** Worker threads for analytics reads on an embedded `file:` database (default: cores − 1, at least 1; 0 reads on the main thread). */
  analyticsReadWorkers?: number;
  /** Largest workspace (events with an actor) kept in the in-memory funnel timelines; 0 = SQL only. Default 20M. */
  timelineIndexMaxEvents?: number;
  /**
   * Keep the operating graph (entities, relationships, entity links) in every event commit. Default true; `HA_GRAPH=off`
   * (or `false`, `0`) turns it off, e.g. to measure its ingest cost (bench/graph.mjs): the graph tools then answer what
   * was kept while it was on. Events get their trust tier either way.
   */
  graph?: boolean;
  /**
   * The operator's secret (`HA_SECRET_KEY`, any string) from which the key sealing secrets at rest is derived
   * (destination credentials, workspace signing keys). Without it a random key kept in the database is used.
   */
  secretKey?: string;
}

export const DEFAULT_TIMELINE_INDEX_MAX_EVENTS = 20_000_000;

export const DEFAULT_RATE_LIMIT_PER_MINUTE = 60_000;

/** Reads the engine's settings from HA_* environment variables. */
export function engineOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): EngineOptions {
  const options: EngineOptions = {};
  if (env.HA_DATABASE_URL) options.databaseUrl = env.HA_DATABASE_URL;
  if (env.HA_DATABASE_AUTH_TOKEN) options.databaseAuthToken = env.HA_DATABASE_AUTH_TOKEN;
  if (env.HA_PUBLIC_URL) options.publicUrl = env.HA_PUBLIC_URL;
  if (env.HA_RATE_LIMIT_RPM !== undefined && env.HA_RATE_LIMIT_RPM !== '') {
    const value = Number(env.HA_RATE_LIMIT_RPM);
    if (!Number.isFinite(value) || value < 0) throw new Error('HA_RATE_LIMIT_RPM must be a non-negative number');
    options.rateLimitPerMinute = value;
  }
  if (env.HA_TIMELINE_INDEX_MAX_EVENTS) options.timelineIndexMaxEvents = Number(env.HA_TIMELINE_INDEX_MAX_EVENTS);
  if (env.HA_SECRET_KEY) options.secretKey = env.HA_SECRET_KEY;
  if (env.HA_GRAPH !== undefined && env.HA_GRAPH !== '') options.graph = !['off', 'false', '0', 'no'].includes(env.HA_GRAPH.trim().toLowerCase());
  Object.assign(options, exportOptionsFromEnv(env));
  return options;
}

/** Every toolset the registry defines: the core's, then each domain's, in DOMAINS order. */
export const TOOLSETS: readonly ToolsetDefinition[] = [...CORE_TOOLSETS, ...DOMAINS.flatMap((domain) => domain.toolsets)];

/** The registry every engine serves, without opening storage (for help, catalogs and remote clients). */
export function createToolRegistry(): ToolRegistry {
  checkDomains(DOMAINS, MIGRATIONS);
  const registry = new ToolRegistry()
    .defineToolsets(TOOLSETS)
    .register(coreTools, coreAliases)
    .register(agentTools, agentAliases)
    .register(projectTools, projectAliases)
    .register(accountTools, accountAliases)
    .register(experimentTools, experimentAliases)
    .register(streamTools, streamAliases)
    .register(analyticsTools, analyticsAliases);
  for (const domain of DOMAINS) registry.register(domain.tools, domain.aliases);
  return registry;
}

/** The engine: the tool registry, its services and storage. Every surface talks to this and nothing else. */
export class Engine {
  readonly registry: ToolRegistry;
  readonly services: Services;
  readonly clock: () => number;
  readonly logger: Logger;
  readonly #writer: EventWriter;
  readonly #withLimits = new WeakMap<Principal, { limits: object; principal: Principal }>();

  readonly #closers: ReadonlyArray<() => Promise<void>>;
  readonly #credentials: readonly CredentialResolver[];

  private constructor(
    registry: ToolRegistry,
    services: Services,
    writer: EventWriter,
    clock: () => number,
    logger: Logger,
    closers: ReadonlyArray<() => Promise<void>>,
    credentials: readonly CredentialResolver[],
  ) {
    this.#closers = closers;
    this.#credentials = credentials;
    this.registry = registry;
    this.services = services;
    this.#writer = writer;
    this.clock = clock;
    this.logger = logger;
  }

  static async open(options: EngineOptions = {}): Promise<Engine> {
    const clock = options.clock ?? Date.now;
    const logger = options.logger ?? stderrLogger;
    const migrations = [...MIGRATIONS, ...DOMAINS.flatMap((domain) => domain.migrations)];
    const store = await openLibsqlStore({
      migrations,
      ...(options.databaseUrl ? { url: options.databaseUrl } : {}),
      ...(options.databaseAuthToken ? { authToken: options.databaseAuthToken } : {}),
    });
    const bus = new EventBus();
    const account = new AccountService(new LibsqlAccountRepo(store), clock);
    const writer = new PublishingEventWriter(store, bus, new EventQuota(account.repo, account, clock));
    const limiter = new RateLimiter(options.rateLimitPerMinute ?? DEFAULT_RATE_LIMIT_PER_MINUTE, clock);
    writer.addHook(new AnalyticsIngestHook(store));
    const reader = await openAnalyticsReader(store, options.analyticsReadWorkers);
    const events = new EventsService(writer, reader, libsqlEventCatalog((sql, args) => reader.all(sql, args)));
    const metrics = new MetricsService(store, clock, reader);
    const timelines = new TimelineIndex(store, options.timelineIndexMaxEvents ?? DEFAULT_TIMELINE_INDEX_MAX_EVENTS);
    const retention = new RetentionService(account.repo, account, clock, (workspaceId) => timelines.forget(workspaceId));
    retention.start();
    // The core services; each domain's are added below, in DOMAINS order, before any tool can run.
    const services = {
      store,
      tenancy: new TenancyService(new LibsqlTenancyRepo(store), clock),
      events,
      metrics,
      funnels: new FunnelService(reader, timelines),
      usage: new UsageMeter(new LibsqlUsageRepo(store), clock),
      limiter,
      health: new HealthService(store, writer, limiter, clock, Math.max(...migrations.map((migration) => migration.version))),
      projects: new ProjectsService(libsqlProjects(store), clock, options.publicUrl, (workspaceId) => timelines.forget(workspaceId)),
      account,
      retention,
      experiments: new ExperimentsService(new LibsqlExperimentsRepo(store, (sql, args) => reader.all(sql, args)), clock),
      stream: new StreamService(new LibsqlStreamRepo((sql, args) => reader.all(sql, args)), bus),
      analytics: new AnalyticsService(store, events, reader, metrics),
    } as Services;
    const deps: DomainDeps = { store, reader, clock, logger, publicUrl: options.publicUrl, options, services };
    const closers: Array<() => Promise<void>> = [];
    const credentials: CredentialResolver[] = [];
    for (const domain of DOMAINS) {
      const built: unknown = domain.services(deps);
      (services as unknown as Record<string, unknown>)[domain.id] = built;
      for (const hook of domain.commitHooks?.(built, deps) ?? []) writer.addHook(hook);
      for (const guard of domain.ingestGuards?.(built, deps) ?? []) events.addGuard(guard);
      credentials.push(...(domain.credentials?.(built, deps) ?? []));
      if (domain.close) closers.push(() => domain.close!(built));
    }
    const registry = createToolRegistry();
    return new Engine(registry, services, writer, clock, logger, closers, credentials);
  }

  invoke(name: string, input: unknown, options: InvokeOptions): Promise<InvokeResult> {
    return invoke(this, name, input, options);
  }

  /** Calls this engine's tools as `principal`: what the agent adapters take as `{ engine, principal }`. */
  toolClient(principal: Principal, surface: Surface): ToolClient {
    return embeddedToolClient(this, principal, surface);
  }

  /** Opens a tool's live stream (SSE, subscriptions): same checks as invoke(); ends when `signal` aborts. */
  subscribe(name: string, input: unknown, options: InvokeOptions & { signal: AbortSignal }): Promise<SubscribeResult> {
    return subscribe(this, name, input, options);
  }

  /**
   * Resolves request credentials to a principal. Surfaces collect what the caller sent (Bearer or
   * `X-API-Key` key; a project token and the request's Origin for browser writes) and pass it here.
   */
  authenticate(credentials: Credentials): Promise<Principal> {
    return Promise.resolve(this.resolvePrincipal(credentials));
  }

  /**
   * As `authenticate`, but without a promise for an API key resolved in the last few seconds whose workspace's
   * limits are cached too (no query): what a hot path awaits only when it has to.
   */
  resolvePrincipal(credentials: Credentials): Principal | Promise<Principal> {
    if (credentials.apiKey) {
      const principal = this.services.tenancy.cachedPrincipal(credentials.apiKey);
      const limits = principal && this.services.account.cachedLimits(principal.workspaceId);
      if (principal && limits) return this.#withLimitsOf(principal, limits);
    }
    return this.#authenticate(credentials);
  }

  async #authenticate(credentials: Credentials): Promise<Principal> {
    if (credentials.apiKey === undefined && credentials.projectToken !== undefined) {
      // A project's public token: write-only, bound to its project, checked against allowed_origins.
      const project = await this.services.projects.authenticateToken(credentials.projectToken, credentials.origin);
      return this.#withAccountLimits({
        workspaceId: project.workspaceId,
        keyId: null,
        scopes: ['read', 'write'],
        kind: 'project_token',
        projectId: project.id,
      });
    }
    const apiKey = credentials.apiKey;
    // A domain's own credential (a device's trackable token) by its secret prefix; anything else is an API key.
    const resolver = apiKey === undefined ? undefined : this.#credentials.find((candidate) => apiKey.startsWith(candidate.prefix));
    if (resolver) return this.#withAccountLimits(await resolver.authenticate(apiKey!));
    return this.#withAccountLimits(await this.services.tenancy.authenticate(apiKey));
  }

  /** Adds the workspace's own `rate_limit_rpm` (account tier) so the rate limiter enforces it. */
  async #withAccountLimits(principal: Principal): Promise<Principal> {
    return this.#withLimitsOf(principal, await this.services.account.limits(principal.workspaceId));
  }

  /** The principal with `limits` applied; a cached principal with unchanged limits gets the one made last time. */
  #withLimitsOf(principal: Principal, limits: Readonly<AccountLimits>): Principal {
    const made = this.#withLimits.get(principal);
    if (made?.limits === limits) return made.principal;
    const result = limits.rateLimitPerMinute === null ? principal : { ...principal, rateLimitPerMinute: limits.rateLimitPerMinute };
    this.#withLimits.set(principal, { limits, principal: result });
    return result;
  }

  /** The embedded operator of a workspace: all scopes, not rate limited. For stdio MCP and the local CLI. */
  localPrincipal(workspaceId: string): Principal {
    return { workspaceId, keyId: null, scopes: ['admin'], kind: 'local' };
  }

  /** For routes that take no credentials (health): read scope, no workspace, so no workspace data. */
  anonymousPrincipal(): Principal {
    return { workspaceId: '', keyId: null, scopes: ['read'], kind: 'anonymous' };
  }

  /** Creates the first workspace and admin key on a fresh database (see TenancyService.bootstrap). */
  bootstrap(options: { apiKey?: string; workspaceName?: string } = {}) {
    return this.services.tenancy.bootstrap(options);
  }

  /** Commits every queued event and usage counter, then closes the store. */
  async close(): Promise<void> {
    await this.services.retention.close();
    await this.#writer.close();
    for (const close of this.#closers) await close();
    await this.services.usage.close();
    await this.services.analytics.reader.close();
    await this.services.store.close();
  }
}
