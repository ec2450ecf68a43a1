import { libsqlDefinitionsRepo } from '../../store/libsql/definitions.js';
import { DEFINITION_MIGRATIONS } from '../../store/libsql/definitions-migrations.js';
import { definitionAliases, definitionTools } from '../../tools/definitions/index.js';
import { defineDomain } from '../define-domain.js';
import { DefinitionsService } from './definitions-service.js';

declare module '../../services.js' {
  interface Services {
    /** Reusable metric definitions (versioned), their values over a range and their snapshots. */
    definitions: DefinitionsService;
  }
}

export const definitionsDomain = defineDomain({
  id: 'definitions',
  toolsets: [
    {
      name: 'metric_definitions',
      default: false,
      description: 'Reusable, versioned metric definitions (count, sum, unique actors, ratio, with filters), queried by bucket and saved as snapshots.',
    },
  ],
  tools: definitionTools,
  aliases: definitionAliases,
  migrations: DEFINITION_MIGRATIONS,
  services: ({ store, reader, clock }) => new DefinitionsService(libsqlDefinitionsRepo(store, reader), clock),
});
