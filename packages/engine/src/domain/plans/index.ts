import { libsqlPlansRepo } from '../../store/libsql/plans.js';
import { libsqlPlansCoverage } from '../../store/libsql/plans-coverage.js';
import { PLANS_MIGRATIONS } from '../../store/libsql/plans-migrations.js';
import { plansAliases, plansTools } from '../../tools/plans/index.js';
import { defineDomain } from '../define-domain.js';
import { PlansService } from './plans-service.js';

declare module '../../services.js' {
  interface Services {
    /** Tracking plans: planned events with property schemas, versions, enforcement on ingest. */
    plans: PlansService;
  }
}

export const plansDomain = defineDomain({
  id: 'plans',
  toolsets: [
    {
      name: 'plans',
      default: false,
      description: 'Tracking plans: planned events with property schemas, vertical templates, versions, warn/block enforcement on ingest.',
    },
  ],
  tools: plansTools,
  aliases: plansAliases,
  migrations: PLANS_MIGRATIONS,
  // Plans are metadata (the store); coverage reads scan events (the analytics reader, the read pool on a file).
  services: ({ store, reader, clock }) =>
    new PlansService(libsqlPlansRepo(store), clock, { coverage: libsqlPlansCoverage((sql, args) => reader.all(sql, args)) }),
  ingestGuards: (plans) => [plans.guard()],
});
