import { notFound } from '../../errors/engine-error.js';
import type { StoredEvent } from '../events/envelope.js';
import type {
  Direction, Entity, EntityListQuery, EntityRef, GraphRepo, Relationship, RelationshipQuery, SubgraphFilter, TimelineQuery,
} from './graph-repo.js';
import { trustTierOf } from './trust-tier.js';

/** How many relationships a path search or a subgraph walk reads at most, whatever its depth. */
export const GRAPH_READ_BUDGET = 20_000;

const keyOf = (ref: EntityRef): string => `${ref.type}\u0000${ref.id}`;
const refOf = (key: string): EntityRef => {
  const at = key.indexOf('\u0000');
  return { type: key.slice(0, at), id: key.slice(at + 1) };
};

export interface PathAnswer {
  found: boolean;
  /** Hops on the path (null when none was found). */
  length: number | null;
  nodes: Entity[];
  edges: Relationship[];
  /** Relationships read by the search. */
  explored: number;
  /** False when the search stopped at its read budget before it had looked at every entity within maxDepth. */
  complete: boolean;
}

export interface SubgraphAnswer {
  nodes: Entity[];
  edges: Relationship[];
  truncated: boolean;
}

/** A node reached by one side of the search: the node it came from and the relationship it came over. */
interface Reached {
  previous: string | null;
  edge: Relationship | null;
}

/** The graph's rules over its repository: existence (tenant-scoped NOT_FOUND), paging, path search, subgraphs. */
export class GraphService {
  constructor(
    readonly repo: GraphRepo,
    /** Whether the commit hook keeps the graph (HA_GRAPH); the reads answer what was kept either way. */
    readonly keeping: boolean,
  ) {}

  /** The entity, or NOT_FOUND (also for another workspace's: every read is scoped to `workspaceId`). */
  async get(workspaceId: string, ref: EntityRef, field = ''): Promise<Entity> {
    const entity = await this.repo.entity(workspaceId, ref);
    if (!entity) {
      const error = notFound('entity', `${ref.type}/${ref.id}`, 'list_entities lists the entities of a type');
      if (field) error.details!.field = field;
      throw error;
    }
    return entity;
  }

  list(workspaceId: string, query: EntityListQuery): Promise<Entity[]> {
    return this.repo.list(workspaceId, query);
  }

  relationships(workspaceId: string, ref: EntityRef, query: RelationshipQuery): Promise<Array<Relationship & { direction: Direction }>> {
    return this.repo.relationships(workspaceId, ref, query);
  }

  /** The entity's events, newest first; each carries its trust tier (computed for events stored before tiers were kept). */
  async timeline(workspaceId: string, ref: EntityRef, query: TimelineQuery): Promise<{ events: StoredEvent[]; more: boolean }> {
    await this.get(workspaceId, ref);
    const found = await this.repo.timeline(workspaceId, ref, query);
    const events = found.slice(0, query.limit).map((event) => (event.trustTier === undefined ? { ...event, trustTier: trustTierOf(event) } : event));
    return { events, more: found.length > query.limit };
  }

  /**
   * The shortest path from `from` to `to` over relationships (either way, or only along their direction), at most
   * `maxDepth` hops: a search from both ends, each step widening the smaller side by one hop, reading at most
   * GRAPH_READ_BUDGET relationships. Between two entities linked by several events, the hop shows the most frequent.
   */
  async path(workspaceId: string, from: EntityRef, to: EntityRef, options: { maxDepth: number; directed: boolean }): Promise<PathAnswer> {
    const [start] = await Promise.all([this.get(workspaceId, from, 'fromId'), this.get(workspaceId, to, 'toId')]);
    const source = keyOf(from);
    const target = keyOf(to);
    if (source === target) return { found: true, length: 0, nodes: [start], edges: [], explored: 0, complete: true };
    const sides = [
      { reached: new Map<string, Reached>([[source, { previous: null, edge: null }]]), frontier: [source], forward: true, depth: 0 },
      { reached: new Map<string, Reached>([[target, { previous: null, edge: null }]]), frontier: [target], forward: false, depth: 0 },
    ];
    let explored = 0;
    let complete = true;
    let meeting: string | null = null;
    while (meeting === null && sides[0]!.depth + sides[1]!.depth < options.maxDepth && sides[0]!.frontier.length > 0 && sides[1]!.frontier.length > 0) {
      const [side, other] = sides[0]!.frontier.length <= sides[1]!.frontier.length ? [sides[0]!, sides[1]!] : [sides[1]!, sides[0]!];
      // Forward follows relationships from the frontier (and, undirected, into it); backward the other way round.
      const directions: Direction[] = options.directed ? [side.forward ? 'out' : 'in'] : ['out', 'in'];
      const next = new Map<string, Reached>();
      for (const direction of directions) {
        if (explored > GRAPH_READ_BUDGET) break;
        const read = await this.repo.neighbours(workspaceId, side.frontier.map(refOf), [direction], GRAPH_READ_BUDGET + 1 - explored);
        explored += read.length;
        for (const edge of read) {
          const [here, there] = direction === 'out' ? [keyOf(edge.from), keyOf(edge.to)] : [keyOf(edge.to), keyOf(edge.from)];
          if (side.reached.has(there)) continue;
          const best = next.get(there);
          if (!best || edge.count > best.edge!.count || (edge.count === best.edge!.count && edge.lastSeen > best.edge!.lastSeen)) {
            next.set(there, { previous: here, edge });
          }
        }
      }
      if (explored > GRAPH_READ_BUDGET) complete = false;
      side.depth += 1;
      for (const [key, reached] of next) side.reached.set(key, reached);
      side.frontier = [...next.keys()];
      const meetings = side.frontier.filter((key) => other.reached.has(key)).sort();
      meeting = meetings[0] ?? null;
      if (!complete) break;
    }
    if (meeting === null) return { found: false, length: null, nodes: [], edges: [], explored: Math.min(explored, GRAPH_READ_BUDGET), complete };
    // From the meeting node back to the source, then on to the target.
    const keys: string[] = [];
    const edges: Relationship[] = [];
    for (let key: string | null = meeting; key !== null; key = sides[0]!.reached.get(key)!.previous) {
      keys.unshift(key);
      const edge = sides[0]!.reached.get(key)!.edge;
      if (edge) edges.unshift(edge);
    }
    for (let key = sides[1]!.reached.get(meeting)!; key.previous !== null; key = sides[1]!.reached.get(key.previous)!) {
      keys.push(key.previous);
      edges.push(key.edge!);
    }
    const byKey = new Map((await this.repo.entities(workspaceId, keys.map(refOf))).map((entity) => [keyOf(entity), entity]));
    return { found: true, length: edges.length, nodes: keys.map((key) => byKey.get(key)!), edges, explored, complete: true };
  }

  /**
   * A bounded subgraph: around `seeds` (each up to `depth` hops either way, other entities kept only of `types` when
   * given), or else the entities of `types` and/or active in the range, newest first; then the relationships
   * among the nodes kept. `truncated` when a cap (nodes, edges, or the read budget) cut it.
   */
  async subgraph(
    workspaceId: string,
    options: { seeds?: readonly EntityRef[] | undefined; depth: number; filter: SubgraphFilter; maxNodes: number; maxEdges: number },
  ): Promise<SubgraphAnswer> {
    const { filter, maxNodes, maxEdges } = options;
    let truncated = false;
    let nodes: Entity[];
    if (options.seeds && options.seeds.length > 0) {
      const seeds = await Promise.all(options.seeds.map((seed, index) => this.get(workspaceId, seed, `seeds[${index}]`)));
      const kept = new Map<string, Entity | null>(seeds.slice(0, maxNodes).map((seed) => [keyOf(seed), seed]));
      truncated = seeds.length > maxNodes;
      const types = filter.types ? new Set(filter.types) : null;
      let frontier = [...kept.keys()];
      let read = 0;
      for (let depth = 0; depth < options.depth && frontier.length > 0 && !truncated; depth += 1) {
        const edges = await this.repo.neighbours(workspaceId, frontier.map(refOf), ['out', 'in'], GRAPH_READ_BUDGET + 1 - read, filter);
        read += edges.length;
        if (read > GRAPH_READ_BUDGET) truncated = true;
        const next: string[] = [];
        for (const edge of edges) {
          for (const end of [edge.from, edge.to]) {
            const key = keyOf(end);
            if (kept.has(key) || (types && !types.has(end.type))) continue;
            if (kept.size >= maxNodes) {
              truncated = true;
              continue;
            }
            kept.set(key, null);
            next.push(key);
          }
        }
        frontier = next;
      }
      const missing = [...kept].filter(([, entity]) => entity === null).map(([key]) => refOf(key));
      const loaded = new Map((await this.repo.entities(workspaceId, missing)).map((entity) => [keyOf(entity), entity]));
      nodes = [...kept].map(([key, entity]) => entity ?? loaded.get(key)!).filter(Boolean);
    } else {
      nodes = await this.repo.select(workspaceId, filter, maxNodes + 1);
      if (nodes.length > maxNodes) (truncated = true), (nodes = nodes.slice(0, maxNodes));
    }
    let edges = await this.repo.edgesAmong(workspaceId, nodes, maxEdges + 1, filter);
    if (edges.length > maxEdges) (truncated = true), (edges = edges.slice(0, maxEdges));
    return { nodes, edges, truncated };
  }
}
