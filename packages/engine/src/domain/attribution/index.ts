import { libsqlAttributionRepo } from '../../store/libsql/attribution.js';
import { attributionAliases, attributionTools } from '../../tools/attribution/index.js';
import { defineDomain } from '../define-domain.js';
import { AttributionService } from './attribution-service.js';

declare module '../../services.js' {
  interface Services {
    /** Multi-touch attribution of conversions to sources, campaigns, media and entities. */
    attribution: AttributionService;
  }
}

export const attributionDomain = defineDomain({
  id: 'attribution',
  toolsets: [
    {
      name: 'attribution',
      default: false,
      description: 'Multi-touch attribution: first/last touch, linear, time decay, position based and Markov data-driven credit by source, campaign, medium, entity.',
    },
  ],
  tools: attributionTools,
  aliases: attributionAliases,
  migrations: [],
  services: ({ store }) => new AttributionService(libsqlAttributionRepo(store)),
});
