import { compact, connectorMessageId, mappedEvent, mapping, optionalId, optionalText, optionalTime, requiredId, unmappedFields, type RawRecord } from '../mapping.js';
import type { ConnectorProvider, MapContext, MapResult } from '../provider.js';

/**
 * Procore webhooks (https://developers.procore.com/documentation/webhooks, payload formats v2.0 and v4.0): each
 * delivery names one changed resource — `{ "resource_name": "RFIs", "event_type": "update", "resource_id", "project_id",
 * "user_id", "timestamp", ... }` (v4.0: `resource_type`, `reason`, string ids). RFIs become `rfi.<created|updated|
 * deleted>`, change order packages, requests, potential change orders and change events `change_order.<...>`,
 * submittals `submittal.<...>`; the project is the job (`jobId`). Deliveries carry ids only (no amounts): a change
 * order's cost comes from reading the record. Procore signs no webhooks (an Authorization header is configurable), so
 * deliveries come through the ingest call.
 */
const PROVIDER = 'procore';
const RESOURCES: Record<string, string> = {
  rfis: 'rfi',
  'change order packages': 'change_order',
  'change order requests': 'change_order',
  'potential change orders': 'change_order',
  'change events': 'change_order',
  'commitment change orders': 'change_order',
  'prime contract change orders': 'change_order',
  submittals: 'submittal',
};
const VERBS: Record<string, string> = { create: 'created', update: 'updated', delete: 'deleted' };

const resourceName = (record: RawRecord): string | undefined => optionalText(record, 'resource_name') ?? optionalText(record, 'resource_type');

function mapDelivery(record: RawRecord, recordType: string, context: MapContext): MapResult {
  const recordId = requiredId(record, 'resource_id');
  const reason = optionalText(record, 'event_type') ?? optionalText(record, 'reason');
  if (reason === undefined) return { error: 'event_type: is required (create, update or delete; reason in payload v4.0)' };
  const timestamp = optionalText(record, 'timestamp');
  if (timestamp === undefined) return { error: 'timestamp: is required (the time of the change, its version)' };
  const version = timestamp;
  const user = optionalId(record, 'user_id');
  const event = mappedEvent(
    {
      event: `${recordType}.${VERBS[reason] ?? reason}`,
      messageId: connectorMessageId(PROVIDER, recordType, recordId, version, reason),
      businessId: context.businessId,
      actor: user === undefined ? undefined : { type: 'user', id: user },
      object: { type: recordType, id: recordId },
      source: { platform: PROVIDER },
      properties: compact({
        [`${recordType === 'change_order' ? 'changeOrder' : recordType}Id`]: recordId,
        resource: resourceName(record),
        jobId: optionalId(record, 'project_id'),
        companyId: optionalId(record, 'company_id'),
        deliveryId: optionalId(record, 'ulid') ?? optionalId(record, 'id'),
        payloadVersion: optionalText(record, 'api_version'),
        raw: unmappedFields(record, ['resource_id', 'resource_name', 'resource_type', 'event_type', 'reason', 'timestamp', 'user_id', 'project_id', 'company_id', 'ulid', 'id', 'api_version']),
      }),
      timestamp: optionalTime(record, 'timestamp') ?? context.receivedAt,
    },
    { provider: PROVIDER, recordType, recordId, version },
  );
  return { recordId, version, events: [event] };
}

export const procore: ConnectorProvider = {
  id: PROVIDER,
  title: 'Procore',
  vertical: 'field_services',
  recordTypes: [
    { name: 'rfi', description: 'An RFIs webhook delivery → rfi.created / rfi.updated / rfi.deleted, the project as jobId.' },
    { name: 'change_order', description: 'A change order package, request, potential change order or change event delivery → change_order.created / .updated / .deleted.' },
    { name: 'submittal', description: 'A Submittals delivery → submittal.created / .updated / .deleted.' },
  ],
  recordTypeOf(record, hint) {
    if (hint !== undefined) return RESOURCES[hint.toLowerCase()] ?? hint;
    const name = typeof record.resource_name === 'string' ? record.resource_name : typeof record.resource_type === 'string' ? record.resource_type : undefined;
    return name === undefined ? undefined : RESOURCES[name.toLowerCase()];
  },
  map(record, recordType, context) {
    return mapping(() => (['rfi', 'change_order', 'submittal'].includes(recordType) ? mapDelivery(record, recordType, context) : { error: `recordType: '${recordType}' is not a Procore record type (rfi, change_order, submittal)` }));
  },
};
