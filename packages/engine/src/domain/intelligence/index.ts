import { indexedIntelligenceRepo } from '../../store/libsql/intelligence.js';
import { intelligenceAliases, intelligenceTools } from '../../tools/intelligence/index.js';
import { defineDomain } from '../define-domain.js';
import { IntelligenceService } from './intelligence-service.js';

declare module '../../services.js' {
  interface Services {
    /** Agent context: what changed and why, anomalies, proof gaps and governed next actions of a business. */
    intelligence: IntelligenceService;
  }
}

export const intelligenceDomain = defineDomain({
  id: 'intelligence',
  toolsets: [
    {
      name: 'intelligence',
      default: false,
      description: 'Agent context of a business: what changed and which campaign/channel/trackable drove it, seasonal anomalies, proof gaps, ranked next actions with their governance call.',
    },
  ],
  tools: intelligenceTools,
  aliases: intelligenceAliases,
  migrations: [],
  services: ({ reader, store, services }) =>
    new IntelligenceService(indexedIntelligenceRepo(reader, store), services.metrics, services.operations, services.attribution, services.plans),
});
