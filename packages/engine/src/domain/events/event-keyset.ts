/** The keyset of an event in newest-first lists: its time and id (the tie on the time is broken by its seq). */
export interface EventKey {
  t: number;
  id: string;
}

/**
 * The SQL condition for "older than `after`" in `ORDER BY ts DESC, seq DESC` lists, with its arguments. The seq is
 * looked up from the id at that time through the time index; an id gone meanwhile ends its millisecond.
 */
export function olderThan(workspaceId: string, after: EventKey): { clause: string; args: Array<string | number> } {
  return {
    clause: '(ts < ? OR (ts = ? AND seq < coalesce((SELECT seq FROM events WHERE workspace_id = ? AND ts = ? AND id = ?), 0)))',
    args: [after.t, after.t, workspaceId, after.t, after.id],
  };
}
