import { libsqlOperationsRepo } from '../../store/libsql/operations.js';
import { operationsAliases, operationsTools } from '../../tools/operations/index.js';
import { defineDomain } from '../define-domain.js';
import { OperationsService } from './operations-service.js';

declare module '../../services.js' {
  interface Services {
    /** Workflow runs reconstructed from workflow.* events, and a business's health summary with its score and next actions. */
    operations: OperationsService;
  }
}

export const operationsDomain = defineDomain({
  id: 'operations',
  toolsets: [
    {
      name: 'operations',
      default: false,
      description: 'Operating status for agents: workflow runs (state, steps, overruns) and a business\'s health (revenue, scans, leads, orders, alerts, next actions, healthScore).',
    },
  ],
  tools: operationsTools,
  aliases: operationsAliases,
  migrations: [],
  services: ({ store, services }) => new OperationsService(libsqlOperationsRepo(store), services.metrics, services.events, services.attribution),
});
