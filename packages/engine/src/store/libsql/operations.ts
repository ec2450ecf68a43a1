import type { SqlArg, SqlRow } from '../../domain/analytics/reader.js';
import type { OperationsRepo, RunStartQuery, SampledEvent, WorkflowEventRow } from '../../domain/operations/operations-repo.js';
import { WORKFLOW_EVENTS } from '../../domain/operations/workflow-runs.js';
import type { Store } from '../store.js';

const WORKFLOW_ID = `coalesce(json_extract(body, '$.properties.workflowId'), CASE WHEN object_type = 'workflow' THEN object_id END)`;
const RUN_ID = `coalesce(json_extract(body, '$.properties.runId'), trace_id, id)`;
const COLUMNS = `id, event, ts, business_id, trace_id, ${WORKFLOW_ID} AS workflow_id, ${RUN_ID} AS run_id,
  json_extract(body, '$.properties.step') AS step, json_extract(body, '$.properties.expectedDurationMs') AS expected,
  coalesce(json_extract(body, '$.properties.reason'), json_extract(body, '$.properties.error')) AS reason`;
const LATER_EVENTS = [WORKFLOW_EVENTS.stepStarted, WORKFLOW_EVENTS.stepCompleted, WORKFLOW_EVENTS.completed, WORKFLOW_EVENTS.failed];

const text = (value: unknown): string | null => (value === null || value === undefined ? null : typeof value === 'string' ? value : JSON.stringify(value));

const NAMES = ['id', 'event', 'ts', 'business_id', 'trace_id', 'workflow_id', 'run_id', 'step', 'expected', 'reason'] as const;
/** Raw rows of COLUMNS by name. */
const named = (rows: unknown[][]): SqlRow[] => rows.map((row) => Object.fromEntries(NAMES.map((name, index) => [name, row[index]])) as SqlRow);

function rowOf(row: SqlRow): WorkflowEventRow {
  const expected = typeof row.expected === 'number' && Number.isFinite(row.expected) && row.expected >= 0 ? Math.round(row.expected) : null;
  return {
    id: String(row.id),
    event: String(row.event),
    timestamp: Number(row.ts),
    businessId: String(row.business_id),
    traceId: text(row.trace_id),
    workflowId: text(row.workflow_id),
    runId: String(row.run_id),
    step: text(row.step),
    expectedDurationMs: expected,
    reason: text(row.reason),
  };
}

/** The operations reads on libSQL: workflow events by name and time (events_by_name), evidence samples per name. */
export function libsqlOperationsRepo(store: Store): OperationsRepo {
  return {
    async businessExists(workspaceId, businessId) {
      const result = await store.execute('SELECT 1 FROM businesses WHERE workspace_id = ? AND id = ?', [workspaceId, businessId]);
      return result.rows.length > 0;
    },
    async runStarts(workspaceId, query: RunStartQuery) {
      const where = ['workspace_id = ?', 'event = ?', 'ts >= ?', 'ts <= ?'];
      const args: SqlArg[] = [workspaceId, WORKFLOW_EVENTS.started, query.from, query.to];
      const add = (clause: string, ...values: SqlArg[]) => (where.push(clause), args.push(...values));
      if (query.workflowId !== undefined) add(`${WORKFLOW_ID} = ?`, query.workflowId);
      if (query.businessId !== undefined) add('business_id = ?', query.businessId);
      if (query.runId !== undefined) add(`${RUN_ID} = ?`, query.runId);
      if (query.traceId !== undefined) add('trace_id = ?', query.traceId);
      if (query.after !== undefined) add('(ts < ? OR (ts = ? AND id < ?))', query.after.t, query.after.t, query.after.id);
      args.push(query.limit);
      // Small indexed reads (at most `limit` starts, their later events): read in place as raw rows, no read-pool round trip.
      const rows = named(await store.rows(`SELECT ${COLUMNS} FROM events INDEXED BY events_by_name WHERE ${where.join(' AND ')} ORDER BY ts DESC, id DESC LIMIT ?`, args));
      return rows.map(rowOf);
    },
    async runEvents(workspaceId, runIds, since) {
      if (runIds.length === 0) return [];
      const found: WorkflowEventRow[] = [];
      for (let start = 0; start < runIds.length; start += 500) {
        const chunk = runIds.slice(start, start + 500);
        const rows = named(
          await store.rows(
            `SELECT ${COLUMNS} FROM events INDEXED BY events_by_name
             WHERE workspace_id = ? AND event IN (${LATER_EVENTS.map(() => '?').join(',')}) AND ts >= ? AND ${RUN_ID} IN (${chunk.map(() => '?').join(',')})`,
            [workspaceId, ...LATER_EVENTS, since, ...chunk],
          ),
        );
        found.push(...rows.map(rowOf));
      }
      return found.sort((a, b) => a.timestamp - b.timestamp || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    },
    async sampleEvents(workspaceId, businessId, eventNames, from, to, limit) {
      // One (event, ts) index range per name, newest first, then the newest of all of them.
      // Each is a few index entries: read in place as raw rows (a round trip to the read pool costs more than the read).
      const perName = await Promise.all(
        eventNames.map((event) =>
          store.rows(
            `SELECT id, event, ts FROM events INDEXED BY events_by_name
             WHERE workspace_id = ? AND event = ? AND ts >= ? AND ts <= ? AND business_id = ? ORDER BY ts DESC, id DESC LIMIT ?`,
            [workspaceId, event, from, to, businessId, limit],
          ),
        ),
      );
      const all: SampledEvent[] = perName.flat().map((row) => ({ id: String(row[0]), event: String(row[1]), timestamp: Number(row[2]) }));
      return all.sort((a, b) => b.timestamp - a.timestamp || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0)).slice(0, limit);
    },
  };
}
