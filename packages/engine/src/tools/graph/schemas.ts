import { z } from 'zod';
import { decodeCursor, encodeCursor } from '../paging.js';

export const entityType = z.string().min(1).max(64);
export const entityId = z.string().min(1).max(256);

export const entityRef = z.object({ type: z.string(), id: z.string() });

export const entity = z.object({
  type: z.string().describe('Entity type: the actor/object/entity `type`, or actor, object, entity when sent without one.'),
  id: z.string(),
  properties: z.record(z.string(), z.unknown()).describe('Properties merged from its events, the newest event winning per key.'),
  firstSeen: z.number().int(),
  lastSeen: z.number().int(),
  eventCount: z.number().int().describe('Events that named it (as actor, object or entity).'),
  businessIds: z.array(z.string()).describe('Businesses of those events (at most 32).'),
});

export const relationship = z.object({
  from: entityRef,
  to: entityRef,
  event: z.string().describe('The event name that linked them (actor → object, actor → entity).'),
  count: z.number().int(),
  firstSeen: z.number().int(),
  lastSeen: z.number().int(),
});

/** A cursor over entities in `lastSeen DESC, type, id` order. */
const entityCursor = z.strictObject({ s: z.number().int(), t: z.string(), i: z.string() });
export const entityCursorAfter = (row: { lastSeen: number; type: string; id: string }): string => encodeCursor({ s: row.lastSeen, t: row.type, i: row.id });
export const readEntityCursor = (cursor: string | undefined) => {
  if (cursor === undefined) return undefined;
  const value = decodeCursor(cursor, entityCursor);
  return { lastSeen: value.s, type: value.t, id: value.i };
};

/** A cursor over an entity's relationships: direction, the other entity, the event. */
const relationshipCursor = z.strictObject({ d: z.enum(['out', 'in']), t: z.string(), i: z.string(), e: z.string() });
export const relationshipCursorAfter = (row: { direction: 'out' | 'in'; from: { type: string; id: string }; to: { type: string; id: string }; event: string }): string => {
  const other = row.direction === 'out' ? row.to : row.from;
  return encodeCursor({ d: row.direction, t: other.type, i: other.id, e: row.event });
};
export const readRelationshipCursor = (cursor: string | undefined) => {
  if (cursor === undefined) return undefined;
  const value = decodeCursor(cursor, relationshipCursor);
  return { direction: value.d, type: value.t, id: value.i, event: value.e };
};
