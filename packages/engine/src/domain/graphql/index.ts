import { graphqlAliases, graphqlTools } from '../../tools/graphql/index.js';
import { defineDomain } from '../define-domain.js';
import { GraphqlService } from './graphql-service.js';

declare module '../../services.js' {
  interface Services {
    /** GraphQL documents over the registry's read tools (schema derived from their zod schemas). */
    graphql: GraphqlService;
  }
}

export const graphqlDomain = defineDomain({
  id: 'graphql',
  toolsets: [
    {
      name: 'graphql',
      default: false,
      description: 'One GraphQL document reading several read tools at once (events, metrics, funnel, plans, definitions, health…).',
    },
  ],
  tools: graphqlTools,
  aliases: graphqlAliases,
  migrations: [],
  services: () => new GraphqlService(),
});
