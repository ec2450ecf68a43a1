import type { Store } from './store/store.js';
import type { EventsService } from './domain/events/events-service.js';
import type { FunnelService } from './domain/funnels/funnel-service.js';
import type { HealthService } from './domain/health/health-service.js';
import type { MetricsService } from './domain/metrics/metrics-service.js';
import type { TenancyService } from './domain/tenancy/tenancy-service.js';
import type { RateLimiter } from './domain/usage/rate-limiter.js';
import type { UsageMeter } from './domain/usage/usage-meter.js';

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
}
