import { compact, connectorMessageId, MappingError, mappedEvent, mapping, optionalText, requiredId, unmappedFields, type RawRecord } from '../mapping.js';
import type { ConnectorProvider, MapContext, MapResult } from '../provider.js';

/**
 * ServiceNow Table API records (https://docs.servicenow.com, REST API reference, Table API: GET
 * /api/now/table/incident, /api/now/table/change_request): an incident becomes `ticket.created` (a newer
 * sys_updated_on → `ticket.updated`; resolved or closed → `ticket.resolved`), a change request
 * `change_request.created` / `.updated` (closed → `change_request.closed`). Times are the Table API's UTC
 * `YYYY-MM-DD hh:mm:ss`; reference fields are sys_ids (or `{ "value", "link" }` objects). Fields ServiceNow sends empty
 * ("") carry nothing and are left out of raw. ServiceNow has no webhooks of its own (outbound REST messages are
 * configured per instance), so records come through the ingest call, bare or as the `result` of a response.
 */
const PROVIDER = 'servicenow';
const INCIDENT_RESOLVED = new Set(['6', '7']);
const CHANGE_CLOSED = new Set(['3', '4']);

/** A Table API time (`2020-09-24 19:54:48`, UTC) in ms. */
function snowTime(record: RawRecord, path: string): number | undefined {
  const value = optionalText(record, path);
  if (value === undefined || value === '') return undefined;
  const match = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})$/.exec(value);
  const parsed = match ? Date.parse(`${match[1]}T${match[2]}Z`) : Date.parse(value);
  if (!Number.isFinite(parsed)) throw new MappingError(`${path}: must be a date-time (YYYY-MM-DD hh:mm:ss, UTC)`);
  return parsed;
}

/** A reference field: a sys_id, or `{ "value": sys_id, "link": ... }` (sysparm_exclude_reference_link=false). */
function reference(record: RawRecord, key: string): string | undefined {
  const value = record[key];
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) return optionalText(value as RawRecord, 'value') || undefined;
  return optionalText(record, key) || undefined;
}

const text = (record: RawRecord, key: string): string | undefined => optionalText(record, key) || undefined;

function withoutEmpty(record: RawRecord): RawRecord {
  const out: RawRecord = {};
  for (const key in record) if (record[key] !== '') out[key] = record[key];
  return out;
}

const unwrap = (record: RawRecord): RawRecord => (record.result !== null && typeof record.result === 'object' && !Array.isArray(record.result) ? (record.result as RawRecord) : record);

const USED = ['sys_id', 'number', 'short_description', 'description', 'state', 'priority', 'impact', 'urgency', 'category', 'opened_at', 'opened_by', 'caller_id', 'requested_by', 'assigned_to', 'assignment_group', 'resolved_at', 'closed_at', 'sys_created_on', 'sys_updated_on', 'sys_mod_count', 'sys_class_name', 'task_effective_number', 'type', 'risk'];

function mapRecord(input: RawRecord, recordType: 'incident' | 'change_request', context: MapContext): MapResult {
  const record = unwrap(input);
  const recordId = requiredId(record, 'sys_id');
  const updated = text(record, 'sys_updated_on');
  const version = updated === undefined ? (text(record, 'sys_mod_count') ?? '0') : `${updated}#${text(record, 'sys_mod_count') ?? '0'}`;
  const state = text(record, 'state');
  const incident = recordType === 'incident';
  const done = state !== undefined && (incident ? INCIDENT_RESOLVED : CHANGE_CLOSED).has(state);
  const base = incident ? 'ticket' : 'change_request';
  const name = done ? `${base}.${incident ? 'resolved' : 'closed'}` : `${base}.created`;
  const actor = reference(record, incident ? 'caller_id' : 'requested_by') ?? reference(record, 'opened_by');
  const event = mappedEvent(
    {
      event: name,
      updatedEvent: done ? undefined : `${base}.updated`,
      messageId: connectorMessageId(PROVIDER, recordType, recordId, version),
      businessId: context.businessId,
      actor: actor === undefined ? undefined : { type: 'user', id: actor },
      object: { type: base, id: text(record, 'number') ?? recordId },
      source: { platform: PROVIDER },
      properties: compact({
        [incident ? 'ticketId' : 'changeRequestId']: recordId,
        number: text(record, 'number'),
        summary: text(record, 'short_description'),
        description: text(record, 'description'),
        state,
        priority: text(record, 'priority'),
        impact: text(record, 'impact'),
        urgency: text(record, 'urgency'),
        risk: text(record, 'risk'),
        type: text(record, 'type'),
        category: text(record, 'category'),
        assignedTo: reference(record, 'assigned_to'),
        assignmentGroup: reference(record, 'assignment_group'),
        openedAt: text(record, 'opened_at'),
        resolvedAt: text(record, 'resolved_at'),
        closedAt: text(record, 'closed_at'),
        raw: unmappedFields(withoutEmpty(record), USED),
      }),
      timestamp: (done ? (snowTime(record, 'resolved_at') ?? snowTime(record, 'closed_at')) : undefined) ?? snowTime(record, 'opened_at') ?? snowTime(record, 'sys_created_on') ?? context.receivedAt,
    },
    { provider: PROVIDER, recordType, recordId, version },
  );
  return { recordId, version, events: [event] };
}

export const servicenow: ConnectorProvider = {
  id: PROVIDER,
  title: 'ServiceNow',
  vertical: null,
  recordTypes: [
    { name: 'incident', description: 'An incident (Table API) → ticket.created (a newer sys_updated_on → ticket.updated), ticket.resolved once resolved or closed (state 6, 7).' },
    { name: 'change_request', description: 'A change request (Table API) → change_request.created / .updated, change_request.closed once closed or canceled (state 3, 4).' },
  ],
  recordTypeOf(input, hint) {
    if (hint !== undefined) return hint;
    const record = unwrap(input);
    const cls = typeof record.sys_class_name === 'string' ? record.sys_class_name : undefined;
    if (cls === 'incident' || cls === 'change_request') return cls;
    const number = typeof record.number === 'string' ? record.number : '';
    if (number.startsWith('INC')) return 'incident';
    if (number.startsWith('CHG')) return 'change_request';
    return undefined;
  },
  map(record, recordType, context) {
    return mapping(() => (recordType === 'incident' || recordType === 'change_request' ? mapRecord(record, recordType, context) : { error: `recordType: '${recordType}' is not a ServiceNow record type (incident, change_request)` }));
  },
};
