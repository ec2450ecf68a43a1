import { compact, connectorMessageId, isRecord, mappedEvent, mapping, optionalId, optionalNumber, optionalText, optionalTime, requiredId, unmappedFields, versionOf, type RawRecord } from '../mapping.js';
import type { ConnectorProvider, MapContext, MapResult } from '../provider.js';

/**
 * Linear data change webhooks (https://linear.app/developers/webhooks): `{ "action": "create" | "update" | "remove",
 * "type": "Issue" | "Comment", "data": {...}, "updatedFrom": {...}, "actor", "url", "webhookTimestamp" }`. An Issue
 * becomes `issue.created` / `issue.updated` / `issue.removed` (with the changed fields of `updatedFrom`), a Comment
 * `issue.commented` on its issue. A bare Issue object (GraphQL API) is read as a create. The version is the entity's
 * `updatedAt`.
 */
const PROVIDER = 'linear';
const VERBS: Record<string, string> = { create: 'created', update: 'updated', remove: 'removed' };
const ENVELOPE = ['action', 'type', 'data', 'updatedFrom', 'actor', 'url', 'createdAt', 'webhookTimestamp', 'webhookId', 'organizationId'];

function envelopeOf(record: RawRecord): { envelope: RawRecord | undefined; data: RawRecord } {
  return isRecord(record.data) && typeof record.type === 'string' ? { envelope: record, data: record.data } : { envelope: undefined, data: record };
}

function actorOf(envelope: RawRecord | undefined, data: RawRecord, userField: string): { type: string; id: string; name?: string; email?: string } | undefined {
  if (envelope && isRecord(envelope.actor)) {
    const id = optionalId(envelope.actor, 'id');
    if (id !== undefined) return compact({ type: optionalText(envelope.actor, 'type') ?? 'user', id, name: optionalText(envelope.actor, 'name'), email: optionalText(envelope.actor, 'email') });
  }
  const id = optionalId(data, userField);
  return id === undefined ? undefined : { type: 'user', id };
}

/** The unmapped fields of the entity and, under `delivery`, of the envelope; undefined when there are none. */
function rawOf(data: RawRecord, used: readonly string[], envelope: RawRecord | undefined): RawRecord | undefined {
  const raw = compact({ ...unmappedFields(data, used), delivery: envelope ? unmappedFields(envelope, ENVELOPE) : undefined });
  return Object.keys(raw).length > 0 ? raw : undefined;
}

function verbOf(envelope: RawRecord | undefined): string | { error: string } {
  const action = envelope ? (optionalText(envelope, 'action') ?? 'create') : 'create';
  return VERBS[action] ?? { error: `action: '${action}' is not a data change action (create, update, remove)` };
}

function mapIssue(record: RawRecord, context: MapContext): MapResult {
  const { envelope, data } = envelopeOf(record);
  const verb = verbOf(envelope);
  if (typeof verb !== 'string') return verb;
  const recordId = requiredId(data, 'id');
  const version = versionOf(data, ['updatedAt', 'createdAt'], envelope ? versionOf(envelope, ['webhookTimestamp', 'createdAt']) : '0');
  const changed = envelope && isRecord(envelope.updatedFrom) ? Object.keys(envelope.updatedFrom) : [];
  const labels = Array.isArray(data.labels) ? data.labels.filter(isRecord).map((label) => optionalText(label, 'name')).filter((name): name is string => name !== undefined) : [];
  const used = ['id', 'identifier', 'number', 'title', 'state', 'stateId', 'priority', 'priorityLabel', 'estimate', 'team', 'teamId', 'labels', 'labelIds', 'assignee', 'assigneeId', 'creatorId', 'createdAt', 'updatedAt', 'completedAt', 'url'];
  const event = mappedEvent(
    {
      event: `issue.${verb}`,
      updatedEvent: verb === 'created' ? 'issue.updated' : undefined,
      messageId: connectorMessageId(PROVIDER, 'issue', recordId, version, verb),
      businessId: context.businessId,
      actor: actorOf(envelope, data, 'creatorId'),
      object: { type: 'issue', id: optionalText(data, 'identifier') ?? recordId },
      source: { platform: PROVIDER },
      properties: compact({
        issueId: recordId,
        identifier: optionalText(data, 'identifier'),
        title: optionalText(data, 'title'),
        state: optionalText(data, 'state.name'),
        stateType: optionalText(data, 'state.type'),
        priority: optionalNumber(data, 'priority'),
        estimate: optionalNumber(data, 'estimate'),
        team: optionalText(data, 'team.key'),
        assignee: optionalText(data, 'assignee.id') ?? optionalText(data, 'assigneeId'),
        labels: labels.length > 0 ? labels : undefined,
        completedAt: optionalText(data, 'completedAt'),
        changedFields: changed.length > 0 ? changed : undefined,
        url: (envelope ? optionalText(envelope, 'url') : undefined) ?? optionalText(data, 'url'),
        raw: rawOf(data, used, envelope),
      }),
      timestamp: optionalTime(data, 'updatedAt') ?? (envelope ? optionalTime(envelope, 'createdAt') : undefined) ?? context.receivedAt,
    },
    { provider: PROVIDER, recordType: 'issue', recordId, version },
  );
  return { recordId, version, events: [event] };
}

function mapComment(record: RawRecord, context: MapContext): MapResult {
  const { envelope, data } = envelopeOf(record);
  const verb = verbOf(envelope);
  if (typeof verb !== 'string') return verb;
  const recordId = requiredId(data, 'id');
  const issueId = requiredId(data, 'issueId');
  const version = versionOf(data, ['updatedAt', 'createdAt'], envelope ? versionOf(envelope, ['webhookTimestamp', 'createdAt']) : '0');
  const event = mappedEvent(
    {
      event: verb === 'created' ? 'issue.commented' : `issue.comment_${verb}`,
      messageId: connectorMessageId(PROVIDER, 'comment', recordId, version, verb),
      businessId: context.businessId,
      actor: actorOf(envelope, data, 'userId'),
      object: { type: 'issue', id: issueId },
      source: { platform: PROVIDER },
      properties: compact({
        commentId: recordId,
        issueId,
        edited: typeof data.edited === 'boolean' ? data.edited : undefined,
        url: envelope ? optionalText(envelope, 'url') : undefined,
        raw: rawOf(data, ['id', 'issueId', 'userId', 'createdAt', 'updatedAt', 'edited'], envelope),
      }),
      timestamp: optionalTime(data, 'createdAt') ?? (envelope ? optionalTime(envelope, 'createdAt') : undefined) ?? context.receivedAt,
    },
    { provider: PROVIDER, recordType: 'comment', recordId, version },
  );
  return { recordId, version, events: [event] };
}

export const linear: ConnectorProvider = {
  id: PROVIDER,
  title: 'Linear',
  vertical: null,
  webhook: 'linear',
  recordTypes: [
    { name: 'issue', description: 'An Issue webhook (create / update / remove) → issue.created / issue.updated / issue.removed with state, priority, estimate and the changed fields; a bare Issue → issue.created, a newer one issue.updated.' },
    { name: 'comment', description: 'A Comment webhook → issue.commented on its issue (an edit or removal → issue.comment_updated / issue.comment_removed).' },
  ],
  recordTypeOf(record, hint) {
    if (hint !== undefined) return hint.toLowerCase();
    if (typeof record.type === 'string' && isRecord(record.data)) return ['Issue', 'Comment'].includes(record.type) ? record.type.toLowerCase() : undefined;
    if ('identifier' in record && 'title' in record) return 'issue';
    return undefined;
  },
  map(record, recordType, context) {
    return mapping(() => {
      if (recordType === 'issue') return mapIssue(record, context);
      if (recordType === 'comment') return mapComment(record, context);
      return { error: `recordType: '${recordType}' is not a Linear record type (issue, comment)` };
    });
  },
  webhookRecords(body, headers) {
    return { records: [body], recordType: headers['linear-event'] ?? (isRecord(body) && typeof body.type === 'string' ? body.type : undefined) };
  },
};
