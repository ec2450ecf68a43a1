import { compact, connectorMessageId, currencyOf, isRecord, mappedEvent, mapping, optionalId, optionalNumber, optionalText, optionalTime, requiredId, unmappedFields, versionOf, type RawRecord } from '../mapping.js';
import type { ConnectorProvider, MapContext, MapResult } from '../provider.js';

/**
 * HubSpot CRM objects (CRM API v3, https://developers.hubspot.com/docs/api/crm/contacts and /crm/deals: `{ id,
 * properties, createdAt, updatedAt, archived }`) and webhook notifications (https://developers.hubspot.com/docs/api/webhooks:
 * an array of `{ eventId, subscriptionType, objectId, occurredAt, propertyName?, propertyValue? }`).
 * - contact → `lead.created` (the contact is the actor and entity; source = hs_analytics_source), newer → `lead.updated`.
 * - deal → `deal.created` (estimatedValue = amount), `deal.won` (revenue = amount) when its stage is closedwon,
 *   `deal.lost` when closedlost; newer versions of an open deal → `deal.updated`.
 */
const PROVIDER = 'hubspot';

function mapContact(contact: RawRecord, context: MapContext): MapResult {
  const recordId = requiredId(contact, 'id');
  const version = versionOf(contact, ['updatedAt', 'properties.lastmodifieddate', 'createdAt']);
  const p = isRecord(contact.properties) ? contact.properties : {};
  const used = ['email', 'firstname', 'lastname', 'company', 'lifecyclestage', 'hs_analytics_source', 'hs_analytics_source_data_1', 'createdate', 'lastmodifieddate', 'hs_object_id'];
  const source = optionalText(p, 'hs_analytics_source');
  const event = mappedEvent(
    {
      event: 'lead.created',
      updatedEvent: 'lead.updated',
      messageId: connectorMessageId(PROVIDER, 'contact', recordId, version),
      businessId: context.businessId,
      actor: { type: 'contact', id: recordId },
      object: { type: 'lead', id: recordId },
      entity: compact({ type: 'contact', id: recordId, email: optionalText(p, 'email'), firstName: optionalText(p, 'firstname'), lastName: optionalText(p, 'lastname'), company: optionalText(p, 'company') }),
      source: compact({ platform: PROVIDER, channel: source?.toLowerCase(), campaign: optionalText(p, 'hs_analytics_source_data_1') }),
      attribution: source ? compact({ source: source.toLowerCase(), campaign: optionalText(p, 'hs_analytics_source_data_1') }) : undefined,
      properties: compact({
        leadId: recordId,
        source,
        lifecycleStage: optionalText(p, 'lifecyclestage'),
        raw: unmappedFields({ ...unmappedFields(contact, ['id', 'properties', 'createdAt', 'updatedAt']), ...unmappedFields(p, used) }, []),
      }),
      timestamp: optionalTime(contact, 'createdAt') ?? optionalTime(p, 'createdate') ?? context.receivedAt,
    },
    { provider: PROVIDER, recordType: 'contact', recordId, version },
  );
  return { recordId, version, events: [event] };
}

function mapDeal(deal: RawRecord, context: MapContext): MapResult {
  const recordId = requiredId(deal, 'id');
  const version = versionOf(deal, ['updatedAt', 'properties.hs_lastmodifieddate', 'createdAt']);
  const p = isRecord(deal.properties) ? deal.properties : {};
  const stage = optionalText(p, 'dealstage');
  const amount = optionalNumber(p, 'amount');
  const currency = amount === undefined ? undefined : currencyOf(p, 'deal_currency_code', 'USD');
  const won = stage === 'closedwon';
  const name = won ? 'deal.won' : stage === 'closedlost' ? 'deal.lost' : 'deal.created';
  const used = ['amount', 'dealname', 'dealstage', 'pipeline', 'closedate', 'createdate', 'hs_lastmodifieddate', 'hs_object_id', 'deal_currency_code'];
  const event = mappedEvent(
    {
      event: name,
      updatedEvent: name === 'deal.created' ? 'deal.updated' : undefined,
      messageId: connectorMessageId(PROVIDER, 'deal', recordId, version),
      businessId: context.businessId,
      object: { type: 'deal', id: recordId },
      source: { platform: PROVIDER },
      properties: compact({
        dealId: recordId,
        name: optionalText(p, 'dealname'),
        stage,
        pipeline: optionalText(p, 'pipeline'),
        estimatedValue: won ? undefined : amount,
        revenue: won ? amount : undefined,
        currency,
        closeDate: optionalText(p, 'closedate'),
        raw: unmappedFields({ ...unmappedFields(deal, ['id', 'properties', 'createdAt', 'updatedAt']), ...unmappedFields(p, used) }, []),
      }),
      timestamp: (won ? optionalTime(p, 'closedate') : undefined) ?? optionalTime(deal, 'createdAt') ?? optionalTime(p, 'createdate') ?? context.receivedAt,
    },
    { provider: PROVIDER, recordType: 'deal', recordId, version },
  );
  return { recordId, version, events: [event] };
}

export const hubspot: ConnectorProvider = {
  id: PROVIDER,
  title: 'HubSpot',
  vertical: 'field_services',
  webhook: 'hubspot_v3',
  recordTypes: [
    { name: 'contact', description: 'A CRM contact → lead.created (the contact as actor and entity, its analytics source as touchpoint); newer → lead.updated.' },
    { name: 'deal', description: 'A CRM deal → deal.created (estimatedValue), deal.won (revenue) or deal.lost by stage; newer open deal → deal.updated.' },
  ],
  recordTypeOf(record, hint) {
    const subscription = optionalText(record, 'subscriptionType');
    if (subscription !== undefined) return subscription.split('.')[0];
    if (hint !== undefined) return hint;
    const p = isRecord(record.properties) ? record.properties : {};
    if ('dealname' in p || 'dealstage' in p) return 'deal';
    if ('email' in p || 'firstname' in p || 'lastname' in p) return 'contact';
    return undefined;
  },
  map(record, recordType, context) {
    return mapping(() => {
      // A webhook notification names the object and the change; it becomes the object's record at that time.
      const subscription = optionalText(record, 'subscriptionType');
      const input = subscription === undefined ? record : notificationRecord(record);
      if (recordType === 'contact') return mapContact(input, context);
      if (recordType === 'deal') return mapDeal(input, context);
      return { error: `recordType: '${recordType}' is not a HubSpot record type (contact, deal)` };
    });
  },
  webhookRecords(body) {
    return { records: Array.isArray(body) ? body : [body] };
  },
};

/** A webhook notification as a CRM record: its object id, the changed property, and its time as the version. */
function notificationRecord(notification: RawRecord): RawRecord {
  const property = optionalText(notification, 'propertyName');
  const occurred = optionalTime(notification, 'occurredAt');
  const at = occurred === undefined ? undefined : new Date(occurred).toISOString();
  return compact({
    id: optionalId(notification, 'objectId'),
    properties: property ? { [property]: notification.propertyValue } : {},
    createdAt: at,
    updatedAt: at,
    subscriptionType: optionalText(notification, 'subscriptionType'),
    eventId: optionalId(notification, 'eventId'),
    portalId: optionalId(notification, 'portalId'),
    changeSource: optionalText(notification, 'changeSource'),
  });
}
