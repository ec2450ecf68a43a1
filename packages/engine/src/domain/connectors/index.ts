import { CONNECTORS_MIGRATIONS } from '../../store/libsql/connectors-migrations.js';
import { libsqlConnectorsRepo } from '../../store/libsql/connectors.js';
import { connectorsAliases, connectorsTools } from '../../tools/connectors/index.js';
import { defineDomain } from '../define-domain.js';
import { ConnectorConfigs } from './configs.js';
import type { ConnectorsRepo } from './connectors-repo.js';
import { ConnectorIngest } from './connectors-service.js';
import { WebhookReceiver } from './webhook-receiver.js';

export type { ConnectorProvider, MapResult, MappedEvent, ConnectorRecordType, MapContext } from './provider.js';

/** The connectors domain's services: record ingest, configs, webhook deliveries, sync records. */
export interface ConnectorsServices {
  ingest: ConnectorIngest;
  configs: ConnectorConfigs;
  webhooks: WebhookReceiver;
  repo: ConnectorsRepo;
}

declare module '../../services.js' {
  interface Services {
    /** Enterprise connectors: provider records normalized into canonical events, signed webhooks, sync records. */
    connectors: ConnectorsServices;
  }
}

export const connectorsDomain = defineDomain({
  id: 'connectors',
  toolsets: [
    {
      name: 'connectors',
      default: false,
      description:
        'Enterprise connectors: records of Shopify and other providers normalized into canonical events (revenue, entities, touchpoints), signed provider webhooks, connector configs, a sync record per delivery.',
    },
  ],
  tools: connectorsTools,
  aliases: connectorsAliases,
  migrations: CONNECTORS_MIGRATIONS,
  services: ({ store, clock, services }) => {
    const repo = libsqlConnectorsRepo(store);
    const ingest = new ConnectorIngest(repo, services, clock);
    const configs = new ConnectorConfigs(repo, services, clock);
    return { ingest, configs, repo, webhooks: new WebhookReceiver(repo, configs, ingest, services, clock) };
  },
});
