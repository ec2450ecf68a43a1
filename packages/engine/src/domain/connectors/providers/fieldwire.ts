import { compact, connectorMessageId, mappedEvent, mapping, optionalId, optionalNumber, optionalText, optionalTime, requiredId, unmappedFields, versionOf, type RawRecord } from '../mapping.js';
import type { ConnectorProvider, MapContext, MapResult } from '../provider.js';

/**
 * Fieldwire tasks (https://developers.fieldwire.com, Tasks: GET /projects/{project}/tasks/{id}): a task becomes
 * `task.created` (a newer updated_at → `task.updated`), or `task.completed` once it is fixed or verified; its project
 * is the job (`jobId`), its owner the actor. A deleted task (deleted_at) becomes `task.deleted`.
 */
const PROVIDER = 'fieldwire';

function mapTask(task: RawRecord, context: MapContext): MapResult {
  const recordId = requiredId(task, 'id');
  const version = versionOf(task, ['updated_at', 'device_updated_at', 'created_at']);
  const fixedAt = optionalText(task, 'fixed_at');
  const verifiedAt = optionalText(task, 'verified_at');
  const deletedAt = optionalText(task, 'deleted_at');
  const completed = fixedAt !== undefined || verifiedAt !== undefined;
  const name = deletedAt !== undefined ? 'task.deleted' : completed ? 'task.completed' : 'task.created';
  const owner = optionalId(task, 'owner_user_id');
  const tags = Array.isArray(task.tags) ? task.tags.filter((tag): tag is string => typeof tag === 'string') : [];
  const used = ['id', 'name', 'priority', 'project_id', 'floorplan_id', 'team_id', 'owner_user_id', 'sequence_number', 'fixed_at', 'verified_at', 'deleted_at', 'start_at', 'due_at', 'due_date', 'created_at', 'updated_at', 'tags', 'user_ids'];
  const event = mappedEvent(
    {
      event: name,
      updatedEvent: name === 'task.created' ? 'task.updated' : undefined,
      messageId: connectorMessageId(PROVIDER, 'task', recordId, version),
      businessId: context.businessId,
      actor: owner === undefined ? undefined : { type: 'user', id: owner },
      object: { type: 'task', id: recordId },
      source: { platform: PROVIDER },
      properties: compact({
        taskId: recordId,
        jobId: optionalText(task, 'project_id'),
        name: optionalText(task, 'name'),
        priority: optionalNumber(task, 'priority'),
        number: optionalNumber(task, 'sequence_number'),
        floorplanId: optionalText(task, 'floorplan_id'),
        teamId: optionalText(task, 'team_id'),
        startAt: optionalText(task, 'start_at'),
        dueDate: optionalText(task, 'due_date') ?? optionalText(task, 'due_at'),
        fixedAt,
        verifiedAt,
        deletedAt,
        tags: tags.length > 0 ? tags : undefined,
        raw: unmappedFields(task, used),
      }),
      timestamp: optionalTime(task, 'deleted_at') ?? optionalTime(task, 'verified_at') ?? optionalTime(task, 'fixed_at') ?? optionalTime(task, 'updated_at') ?? optionalTime(task, 'created_at') ?? context.receivedAt,
    },
    { provider: PROVIDER, recordType: 'task', recordId, version },
  );
  return { recordId, version, events: [event] };
}

export const fieldwire: ConnectorProvider = {
  id: PROVIDER,
  title: 'Fieldwire',
  vertical: 'field_services',
  recordTypes: [{ name: 'task', description: 'A task → task.created (a newer updated_at → task.updated), task.completed once fixed or verified, task.deleted once deleted; its project is the jobId.' }],
  recordTypeOf(record, hint) {
    if (hint !== undefined) return hint;
    return 'project_id' in record && ('sequence_number' in record || 'floorplan_id' in record || 'fixed_at' in record) ? 'task' : undefined;
  },
  map(record, recordType, context) {
    return mapping(() => (recordType === 'task' ? mapTask(record, context) : { error: `recordType: '${recordType}' is not a Fieldwire record type (task)` }));
  },
};
