import { compact, connectorMessageId, isRecord, mappedEvent, mapping, optionalId, optionalText, optionalTime, requiredId, unmappedFields, type RawRecord } from '../mapping.js';
import type { ConnectorProvider, MapContext, MapResult } from '../provider.js';

/**
 * Jira issue webhooks (https://developer.atlassian.com/server/jira/platform/webhooks/, and the Cloud ones of the same
 * shape): `{ "webhookEvent": "jira:issue_created" | "jira:issue_updated" | "jira:issue_deleted", "timestamp", "user",
 * "issue": {...}, "changelog": {...} }` becomes `issue.created` / `issue.updated` / `issue.deleted`; a bare issue of the
 * REST API (GET /rest/api/2/issue/{key}) becomes `issue.created`, a newer version `issue.updated`. The version is the
 * issue's `fields.updated`, else the delivery's timestamp.
 */
const PROVIDER = 'jira';
const EVENTS: Record<string, string> = { 'jira:issue_created': 'issue.created', 'jira:issue_updated': 'issue.updated', 'jira:issue_deleted': 'issue.deleted' };
const ENVELOPE = ['timestamp', 'webhookEvent', 'issue_event_type_name', 'user', 'issue', 'changelog'];
const FIELDS = ['summary', 'created', 'updated', 'status', 'priority', 'issuetype', 'labels', 'assignee', 'reporter', 'project', 'resolutiondate'];

/** A field that is a named object (`{"name": "Minor"}`) or, in older payloads, the name itself. */
const named = (fields: RawRecord, key: string): string | undefined => (isRecord(fields[key]) ? optionalText(fields[key], 'name') : optionalText(fields, key));

function user(value: unknown): { type: string; id: string; name?: string } | undefined {
  if (!isRecord(value)) return undefined;
  const id = optionalId(value, 'accountId') ?? optionalId(value, 'name') ?? optionalId(value, 'key');
  return id === undefined ? undefined : compact({ type: 'user', id, name: optionalText(value, 'displayName') });
}

function mapIssue(record: RawRecord, context: MapContext): MapResult {
  const delivery = isRecord(record.issue) ? record : undefined;
  const issue = delivery ? (record.issue as RawRecord) : record;
  const recordId = requiredId(issue, 'id');
  const fields = isRecord(issue.fields) ? issue.fields : {};
  const webhookEvent = delivery ? optionalText(delivery, 'webhookEvent') : undefined;
  const name = webhookEvent === undefined ? 'issue.created' : EVENTS[webhookEvent];
  if (name === undefined) return { error: `webhookEvent: '${webhookEvent}' is not an issue event (jira:issue_created, jira:issue_updated, jira:issue_deleted)` };
  const version = optionalText(fields, 'updated') ?? (delivery ? optionalText(delivery, 'timestamp') : undefined) ?? '0';
  const key = optionalText(issue, 'key');
  const labels = Array.isArray(fields.labels) ? fields.labels.filter((label): label is string => typeof label === 'string') : [];
  const changelog = delivery && isRecord(delivery.changelog) && Array.isArray(delivery.changelog.items) ? delivery.changelog.items.filter(isRecord) : [];
  const changed = changelog.map((item) => optionalText(item, 'field')).filter((field): field is string => field !== undefined);
  const deliveryRaw = delivery ? unmappedFields(delivery, ENVELOPE) : undefined;
  const raw = compact({ ...unmappedFields(issue, ['id', 'key', 'fields', 'self', 'expand']), ...unmappedFields(fields, FIELDS), delivery: deliveryRaw });
  const event = mappedEvent(
    {
      event: name,
      updatedEvent: webhookEvent === undefined ? 'issue.updated' : undefined,
      messageId: connectorMessageId(PROVIDER, 'issue', recordId, version, webhookEvent === undefined ? undefined : name),
      businessId: context.businessId,
      actor: user(delivery?.user) ?? user(fields.reporter),
      object: { type: 'issue', id: key ?? recordId },
      source: { platform: PROVIDER },
      properties: compact({
        issueId: recordId,
        key,
        summary: optionalText(fields, 'summary'),
        status: named(fields, 'status'),
        priority: named(fields, 'priority'),
        issueType: named(fields, 'issuetype'),
        project: isRecord(fields.project) ? optionalText(fields.project, 'key') : undefined,
        assignee: user(fields.assignee)?.id,
        labels: labels.length > 0 ? labels : undefined,
        changedFields: changed.length > 0 ? changed : undefined,
        changes: changelog.length > 0 ? changelog.map((item) => compact({ field: optionalText(item, 'field'), from: optionalText(item, 'fromString'), to: optionalText(item, 'toString') })) : undefined,
        raw: Object.keys(raw).length > 0 ? raw : undefined,
      }),
      timestamp: (delivery ? optionalTime(delivery, 'timestamp') : undefined) ?? optionalTime(fields, 'updated') ?? optionalTime(fields, 'created') ?? context.receivedAt,
    },
    { provider: PROVIDER, recordType: 'issue', recordId, version },
  );
  return { recordId, version, events: [event] };
}

export const jira: ConnectorProvider = {
  id: PROVIDER,
  title: 'Jira',
  vertical: null,
  webhook: 'hub_signature',
  recordTypes: [
    { name: 'issue', description: 'An issue webhook (jira:issue_created / _updated / _deleted) → issue.created / issue.updated / issue.deleted with status, priority and the changed fields; a bare REST issue → issue.created, a newer one issue.updated.' },
  ],
  recordTypeOf(record, hint) {
    if (hint !== undefined) return hint.startsWith('jira:issue_') ? 'issue' : hint;
    if (isRecord(record.issue) || (('key' in record || 'id' in record) && isRecord(record.fields))) return 'issue';
    return undefined;
  },
  map(record, recordType, context) {
    return mapping(() => (recordType === 'issue' ? mapIssue(record, context) : { error: `recordType: '${recordType}' is not a Jira record type (issue)` }));
  },
  webhookRecords(body) {
    const event = isRecord(body) && typeof body.webhookEvent === 'string' ? body.webhookEvent : undefined;
    return { records: [body], recordType: event };
  },
};
