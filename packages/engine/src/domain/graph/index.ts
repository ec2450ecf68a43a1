import { libsqlGraphRepo } from '../../store/libsql/graph.js';
import { GRAPH_MIGRATIONS } from '../../store/libsql/graph-migrations.js';
import { graphAliases, graphTools } from '../../tools/graph/index.js';
import { defineDomain } from '../define-domain.js';
import { GraphCommitHook, TrustTierHook } from './graph-hook.js';
import { GraphService } from './graph-service.js';

declare module '../../services.js' {
  interface Services {
    /** The operating graph: entities and relationships kept from the events, in their commit. */
    graph: GraphService;
  }
}

export const graphDomain = defineDomain({
  id: 'graph',
  toolsets: [
    {
      name: 'graph',
      default: false,
      description: 'The operating graph kept from events: entities (actors, objects) with neighbours, timelines, paths, subgraph export.',
    },
  ],
  tools: graphTools,
  aliases: graphAliases,
  migrations: GRAPH_MIGRATIONS,
  // The engine's `graph` option (HA_GRAPH=off) stops keeping the graph on ingest; trust tiers are set either way.
  services: ({ reader, options }) => new GraphService(libsqlGraphRepo((sql, args) => reader.all(sql, args)), options.graph !== false),
  commitHooks: (graph) => [new TrustTierHook(), ...(graph.keeping ? [new GraphCommitHook(graph.repo)] : [])],
});
