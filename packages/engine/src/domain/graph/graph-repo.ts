import type { InStatement } from '../../store/store.js';
import type { StoredEvent } from '../events/envelope.js';
import type { EventKey } from '../events/event-keyset.js';

/** An entity's key within its workspace. */
export interface EntityRef {
  type: string;
  id: string;
}

export interface Entity extends EntityRef {
  properties: Record<string, unknown>;
  firstSeen: number;
  lastSeen: number;
  eventCount: number;
  businessIds: string[];
}

/** actor → object (or → entity) by event name. */
export interface Relationship {
  from: EntityRef;
  to: EntityRef;
  event: string;
  count: number;
  firstSeen: number;
  lastSeen: number;
}

/** What one commit adds to the graph, aggregated per key (see GraphCommitHook). Rows are arrays in column order. */
export interface GraphDelta {
  /** [workspaceId, type, id, properties, firstSeen, lastSeen, eventCount, businessIds] */
  entities: unknown[][];
  /** [workspaceId, fromType, fromId, toType, toId, event, count, firstSeen, lastSeen] */
  relationships: unknown[][];
  /** An `entity` bag's link to its event (actor and object are found through the events table's own columns): [workspaceId, type, id, ts, eventId] */
  links: unknown[][];
}

export interface EntityListQuery {
  type?: string | undefined;
  /** Ids starting with this (case-sensitive). */
  prefix?: string | undefined;
  /** Case-insensitive substring of the id or of the `name` property. */
  search?: string | undefined;
  businessId?: string | undefined;
  /** Continue after this entity in `lastSeen DESC, type, id` order. */
  after?: { lastSeen: number; type: string; id: string } | undefined;
  limit: number;
}

export type Direction = 'out' | 'in';

export interface RelationshipQuery {
  directions: readonly Direction[];
  event?: string | undefined;
  /** Continue after this relationship: its direction, the other entity and the event name. */
  after?: { direction: Direction; type: string; id: string; event: string } | undefined;
  limit: number;
}

export interface TimelineQuery {
  event?: string | undefined;
  from?: number | undefined;
  to?: number | undefined;
  after?: EventKey | undefined;
  limit: number;
}

export interface SubgraphFilter {
  types?: readonly string[] | undefined;
  /** Active in [from, to]: last seen at or after `from`, first seen at or before `to`. */
  from?: number | undefined;
  to?: number | undefined;
}

/**
 * The operating graph's storage. Every call is scoped to `workspaceId`. `writes` builds the statements a commit
 * runs (inside the event commit's own transaction); the reads are answered from the committed state.
 */
export interface GraphRepo {
  writes(delta: GraphDelta): InStatement[];
  entity(workspaceId: string, ref: EntityRef): Promise<Entity | null>;
  entities(workspaceId: string, refs: readonly EntityRef[]): Promise<Entity[]>;
  list(workspaceId: string, query: EntityListQuery): Promise<Entity[]>;
  /** `limit + 1` rows tell the caller another page exists; out before in, each by the other entity then event. */
  relationships(workspaceId: string, ref: EntityRef, query: RelationshipQuery): Promise<Array<Relationship & { direction: Direction }>>;
  /** Relationships touching any of `refs` in the given directions, at most `limit` rows (in range when `filter` says). */
  neighbours(workspaceId: string, refs: readonly EntityRef[], directions: readonly Direction[], limit: number, filter?: SubgraphFilter): Promise<Relationship[]>;
  /** Entities matching `filter`, newest lastSeen first, at most `limit`. */
  select(workspaceId: string, filter: SubgraphFilter, limit: number): Promise<Entity[]>;
  /** Relationships whose two ends are both in `refs` (active in range when `filter` says), at most `limit`. */
  edgesAmong(workspaceId: string, refs: readonly EntityRef[], limit: number, filter?: SubgraphFilter): Promise<Relationship[]>;
  /** The entity's events newest first (`limit + 1` rows at most): as actor, as object, and through `entity` bags. */
  timeline(workspaceId: string, ref: EntityRef, query: TimelineQuery): Promise<StoredEvent[]>;
}
