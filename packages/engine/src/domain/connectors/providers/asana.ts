import { compact, connectorMessageId, isRecord, mappedEvent, mapping, optionalId, optionalNumber, optionalText, optionalTime, requiredId, unmappedFields, versionOf, type RawRecord } from '../mapping.js';
import type { ConnectorProvider, MapContext, MapResult } from '../provider.js';

/**
 * Asana (https://developers.asana.com/reference/events, .../reference/tasks): an event of a webhook delivery or of the
 * events stream (`{ "action", "resource", "parent", "user", "created_at", "change" }`) becomes
 * `<resource_type>.<created|updated|removed|deleted|restored>` (a task's → `task.updated`, ...); a Task record
 * (GET /tasks/{gid}) becomes `task.created` (a newer modified_at → `task.updated`), or `task.completed` when it is
 * completed. Events carry no id: an event is named by its resource, and its version by its time, action and field.
 * A webhook delivery (`{ "events": [...] }`) is split into its events.
 */
const PROVIDER = 'asana';
const VERBS: Record<string, string> = { added: 'created', changed: 'updated', removed: 'removed', deleted: 'deleted', undeleted: 'restored' };

const ref = (value: unknown, fallbackType: string): { type: string; id: string; name?: string } | undefined => {
  if (!isRecord(value)) return undefined;
  const id = optionalId(value, 'gid');
  return id === undefined ? undefined : compact({ type: optionalText(value, 'resource_type') ?? fallbackType, id, name: optionalText(value, 'name') });
};

function mapEvent(record: RawRecord, context: MapContext): MapResult {
  if (!isRecord(record.resource)) return { error: 'resource: is required (the object the event is about)' };
  const resourceId = requiredId(record.resource, 'gid');
  const resourceType = optionalText(record.resource, 'resource_type') ?? optionalText(record, 'type') ?? 'resource';
  const action = optionalText(record, 'action');
  const verb = action === undefined ? undefined : VERBS[action];
  if (verb === undefined) return { error: `action: must be one of ${Object.keys(VERBS).join(', ')}` };
  const createdAt = optionalText(record, 'created_at');
  if (createdAt === undefined) return { error: 'created_at: is required (the time of the event, its version)' };
  const field = optionalText(record, 'change.field');
  const version = [createdAt, action, field].filter((part) => part !== undefined).join(':');
  const event = mappedEvent(
    {
      event: `${resourceType}.${verb}`,
      messageId: connectorMessageId(PROVIDER, 'event', resourceId, version),
      businessId: context.businessId,
      actor: ref(record.user, 'user'),
      object: ref(record.resource, resourceType),
      source: { platform: PROVIDER },
      properties: compact({
        resourceId,
        resourceType,
        resourceSubtype: optionalText(record.resource, 'resource_subtype'),
        action,
        parent: ref(record.parent, 'resource'),
        changedField: field,
        changeAction: optionalText(record, 'change.action'),
        newValue: isRecord(record.change) && isRecord(record.change.new_value) ? ref(record.change.new_value, 'resource') : undefined,
        raw: unmappedFields(record, ['resource', 'action', 'user', 'created_at', 'parent', 'change', 'type']),
      }),
      timestamp: optionalTime(record, 'created_at') ?? context.receivedAt,
    },
    { provider: PROVIDER, recordType: 'event', recordId: resourceId, version },
  );
  return { recordId: resourceId, version, events: [event] };
}

function mapTask(task: RawRecord, context: MapContext): MapResult {
  const recordId = requiredId(task, 'gid');
  const version = versionOf(task, ['modified_at', 'created_at']);
  const completed = task.completed === true;
  const projects = Array.isArray(task.memberships) ? task.memberships.filter(isRecord).map((membership) => optionalText(membership, 'project.gid')).filter((gid): gid is string => gid !== undefined) : [];
  const used = ['gid', 'resource_type', 'name', 'resource_subtype', 'completed', 'completed_at', 'completed_by', 'created_at', 'modified_at', 'due_on', 'due_at', 'start_on', 'assignee', 'created_by', 'memberships', 'actual_time_minutes', 'notes', 'html_notes'];
  const event = mappedEvent(
    {
      event: completed ? 'task.completed' : 'task.created',
      updatedEvent: completed ? undefined : 'task.updated',
      messageId: connectorMessageId(PROVIDER, 'task', recordId, version),
      businessId: context.businessId,
      actor: ref(completed ? task.completed_by : task.created_by, 'user'),
      object: { type: 'task', id: recordId },
      source: { platform: PROVIDER },
      properties: compact({
        taskId: recordId,
        name: optionalText(task, 'name'),
        subtype: optionalText(task, 'resource_subtype'),
        completed,
        completedAt: optionalText(task, 'completed_at'),
        assignee: optionalText(task, 'assignee.gid'),
        dueOn: optionalText(task, 'due_on') ?? optionalText(task, 'due_at'),
        startOn: optionalText(task, 'start_on'),
        projects: projects.length > 0 ? projects : undefined,
        minutes: optionalNumber(task, 'actual_time_minutes'),
        raw: unmappedFields(task, used),
      }),
      timestamp: (completed ? optionalTime(task, 'completed_at') : undefined) ?? optionalTime(task, 'modified_at') ?? optionalTime(task, 'created_at') ?? context.receivedAt,
    },
    { provider: PROVIDER, recordType: 'task', recordId, version },
  );
  return { recordId, version, events: [event] };
}

export const asana: ConnectorProvider = {
  id: PROVIDER,
  title: 'Asana',
  vertical: null,
  recordTypes: [
    { name: 'event', description: 'A webhook or events-stream event → <resource_type>.created / .updated / .removed / .deleted / .restored (task.updated, ...), with the changed field.' },
    { name: 'task', description: 'A Task → task.created (a newer modified_at → task.updated), or task.completed when completed.' },
  ],
  recordTypeOf(record, hint) {
    if (hint !== undefined) return hint;
    if (isRecord(record.resource) && 'action' in record) return 'event';
    if ('gid' in record && (record.resource_type === 'task' || 'completed' in record)) return 'task';
    return undefined;
  },
  map(record, recordType, context) {
    return mapping(() => {
      if (recordType === 'event') return mapEvent(record, context);
      if (recordType === 'task') return mapTask(record, context);
      return { error: `recordType: '${recordType}' is not an Asana record type (event, task)` };
    });
  },
  webhookRecords(body) {
    const events = isRecord(body) && Array.isArray(body.events) ? body.events : [];
    return { records: events, recordType: 'event' };
  },
};
