import { compact, connectorMessageId, currencyOf, isRecord, mappedEvent, mapping, optionalId, optionalNumber, optionalText, optionalTime, requiredId, unmappedFields, versionOf, type RawRecord } from '../mapping.js';
import type { ConnectorProvider, MapContext, MapResult } from '../provider.js';

/**
 * Salesforce sObject records as the REST API returns them (https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/dome_get_field_values.htm:
 * `{ attributes: { type, url }, Id, ... }`, fields of the Lead and Opportunity objects). The version is
 * SystemModstamp (else LastModifiedDate).
 * - Lead → `lead.created` (source = LeadSource), newer → `lead.updated`.
 * - Opportunity → `deal.created` (estimatedValue = Amount), `deal.won` (revenue = Amount) when IsWon, `deal.lost`
 *   when closed and not won; newer versions of an open one → `deal.updated`. Its account is the actor.
 */
const PROVIDER = 'salesforce';
const META = ['attributes', 'Id', 'SystemModstamp', 'LastModifiedDate', 'CreatedDate'];

function mapLead(lead: RawRecord, context: MapContext): MapResult {
  const recordId = requiredId(lead, 'Id');
  const version = versionOf(lead, ['SystemModstamp', 'LastModifiedDate', 'CreatedDate']);
  const source = optionalText(lead, 'LeadSource');
  const used = [...META, 'FirstName', 'LastName', 'Company', 'Email', 'Status', 'LeadSource'];
  const event = mappedEvent(
    {
      event: 'lead.created',
      updatedEvent: 'lead.updated',
      messageId: connectorMessageId(PROVIDER, 'lead', recordId, version),
      businessId: context.businessId,
      actor: { type: 'lead', id: recordId },
      object: { type: 'lead', id: recordId },
      entity: compact({ type: 'lead', id: recordId, email: optionalText(lead, 'Email'), firstName: optionalText(lead, 'FirstName'), lastName: optionalText(lead, 'LastName'), company: optionalText(lead, 'Company') }),
      source: compact({ platform: PROVIDER, channel: source }),
      attribution: source ? { source } : undefined,
      properties: compact({ leadId: recordId, source, status: optionalText(lead, 'Status'), raw: unmappedFields(lead, used) }),
      timestamp: optionalTime(lead, 'CreatedDate') ?? context.receivedAt,
    },
    { provider: PROVIDER, recordType: 'lead', recordId, version },
  );
  return { recordId, version, events: [event] };
}

function mapOpportunity(opportunity: RawRecord, context: MapContext): MapResult {
  const recordId = requiredId(opportunity, 'Id');
  const version = versionOf(opportunity, ['SystemModstamp', 'LastModifiedDate', 'CreatedDate']);
  const amount = optionalNumber(opportunity, 'Amount');
  const won = opportunity.IsWon === true;
  const closed = opportunity.IsClosed === true;
  const name = won ? 'deal.won' : closed ? 'deal.lost' : 'deal.created';
  const account = optionalId(opportunity, 'AccountId');
  const source = optionalText(opportunity, 'LeadSource');
  const campaign = optionalId(opportunity, 'CampaignId');
  const used = [...META, 'Name', 'Amount', 'StageName', 'CloseDate', 'IsWon', 'IsClosed', 'AccountId', 'CurrencyIsoCode', 'LeadSource', 'CampaignId', 'Probability'];
  const event = mappedEvent(
    {
      event: name,
      updatedEvent: name === 'deal.created' ? 'deal.updated' : undefined,
      messageId: connectorMessageId(PROVIDER, 'opportunity', recordId, version),
      businessId: context.businessId,
      actor: account === undefined ? undefined : { type: 'account', id: account },
      object: { type: 'deal', id: recordId },
      source: compact({ platform: PROVIDER, channel: source, campaign }),
      attribution: source || campaign ? compact({ source, campaign }) : undefined,
      properties: compact({
        dealId: recordId,
        name: optionalText(opportunity, 'Name'),
        stage: optionalText(opportunity, 'StageName'),
        probability: optionalNumber(opportunity, 'Probability'),
        estimatedValue: won ? undefined : amount,
        revenue: won ? amount : undefined,
        currency: amount === undefined ? undefined : currencyOf(opportunity, 'CurrencyIsoCode', 'USD'),
        closeDate: optionalText(opportunity, 'CloseDate'),
        raw: unmappedFields(opportunity, used),
      }),
      timestamp: (won ? optionalTime(opportunity, 'CloseDate') : undefined) ?? optionalTime(opportunity, 'CreatedDate') ?? context.receivedAt,
    },
    { provider: PROVIDER, recordType: 'opportunity', recordId, version },
  );
  return { recordId, version, events: [event] };
}

export const salesforce: ConnectorProvider = {
  id: PROVIDER,
  title: 'Salesforce',
  vertical: 'field_services',
  recordTypes: [
    { name: 'lead', description: 'A Lead → lead.created (its LeadSource as touchpoint); newer → lead.updated.' },
    { name: 'opportunity', description: 'An Opportunity → deal.created (estimatedValue), deal.won (revenue) or deal.lost; newer open one → deal.updated.' },
  ],
  recordTypeOf(record, hint) {
    if (hint !== undefined) return hint.toLowerCase();
    const type = isRecord(record.attributes) ? optionalText(record.attributes, 'type') : undefined;
    return type?.toLowerCase();
  },
  map(record, recordType, context) {
    return mapping(() => {
      if (recordType === 'lead') return mapLead(record, context);
      if (recordType === 'opportunity') return mapOpportunity(record, context);
      return { error: `recordType: '${recordType}' is not a Salesforce record type (lead, opportunity)` };
    });
  },
};
