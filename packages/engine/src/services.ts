import type { Store } from './store/store.js';
import type { EventsService } from './domain/events/events-service.js';
import type { FunnelService } from './domain/funnels/funnel-service.js';
import type { HealthService } from './domain/health/health-service.js';
import type { MetricsService } from './domain/metrics/metrics-service.js';
import type { TenancyService } from './domain/tenancy/tenancy-service.js';
import type { RateLimiter } from './domain/usage/rate-limiter.js';
import type { UsageMeter } from './domain/usage/usage-meter.js';
import type { AccountService } from './domain/account/account-service.js';
import type { RetentionService } from './domain/account/retention.js';
import type { ExperimentsService } from './domain/experiments/experiments-service.js';
import type { ProjectsService } from './domain/projects/projects-service.js';
import type { StreamService } from './domain/stream/stream-service.js';
import type { AnalyticsService } from './domain/analytics/analytics-service.js';

/** Domain services, built once per engine and handed to tools through the context. */
export interface Services {
  store: Store;
  tenancy: TenancyService;
  events: EventsService;
  metrics: MetricsService;
  funnels: FunnelService;
  usage: UsageMeter;
  limiter: RateLimiter;
  health: HealthService;
  /** Projects (businesses with a public token) and project-token authentication. */
  projects: ProjectsService;
  /** The account = the workspace: tier and limits in its settings. */
  account: AccountService;
  /** Enforces the account's retention_days. */
  retention: RetentionService;
  experiments: ExperimentsService;
  /** Live events: the in-process bus fed by the writer after each commit, with replay. */
  stream: StreamService;
  /** The Agent Analytics API: tracking, sessions, rollups and reads. */
  analytics: AnalyticsService;
}
