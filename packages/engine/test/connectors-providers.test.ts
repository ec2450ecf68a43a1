import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PROVIDERS, providerOf } from '../src/domain/connectors/providers/index.js';
import type { MapResult } from '../src/domain/connectors/provider.js';

const RECEIVED = Date.UTC(2026, 11, 4, 12);
const fixture = (provider: string) =>
  JSON.parse(readFileSync(new URL(`./fixtures/connectors/${provider}.json`, import.meta.url), 'utf8')) as { source: string; records: Record<string, Record<string, unknown>> };

/** Maps a fixture record as the ingest tool does: its type told from its shape. */
function mapFixture(provider: string, type: string): MapResult {
  const mapper = providerOf(provider)!;
  const record = fixture(provider).records[type]!;
  const recordType = mapper.recordTypeOf(record, undefined);
  expect(recordType).toBe(type);
  return mapper.map(record, recordType!, { receivedAt: RECEIVED });
}

describe('connector providers', () => {
  it('each provider has a unique id, record types, and a fixture stating its source', () => {
    const ids = PROVIDERS.map((provider) => provider.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const provider of PROVIDERS) {
      expect(provider.recordTypes.length).toBeGreaterThan(0);
      expect(fixture(provider.id).source).toMatch(/https:\/\//);
    }
  });

  describe('shopify', () => {
    it('maps the documented order to order.created with revenue, customer, coupon and the unmapped fields', () => {
      const { order } = fixture('shopify').records;
      expect(mapFixture('shopify', 'order')).toEqual({
        recordId: '450789469',
        version: '2008-01-10T11:00:00-05:00',
        events: [
          {
            event: 'order.created',
            updatedEvent: 'order.updated',
            messageId: 'shopify:order:450789469:2008-01-10T11:00:00-05:00',
            actor: { type: 'customer', id: '207119551', email: 'bob.norman@mail.example.com' },
            object: { type: 'order', id: '450789469' },
            source: { platform: 'shopify', channel: 'web', landingPage: 'http://www.example.com?source=abc', referrer: 'http://www.otherexample.com' },
            properties: {
              orderId: '450789469',
              revenue: 598.94,
              currency: 'USD',
              items: 3,
              coupon: 'TENOFF',
              skus: ['IPOD2008GREEN', 'IPOD2008RED', 'IPOD2008BLACK'],
              raw: {
                admin_graphql_api_id: 'gid://shopify/Order/450789469',
                buyer_accepts_marketing: false,
                cart_token: '68778783ad298f1c80c3bafcddeea02f',
                checkout_id: 901414060,
                confirmed: true,
                contact_email: 'bob.norman@mail.example.com',
                email: 'bob.norman@mail.example.com',
                financial_status: 'partially_refunded',
                name: '#1001',
                number: 1,
                order_number: 1001,
                subtotal_price: '597.00',
                tags: '',
                total_discounts: '10.00',
                total_tax: '11.94',
              },
            },
            timestamp: Date.parse('2008-01-10T16:00:00Z'),
            context: { connector: { provider: 'shopify', recordType: 'order', recordId: '450789469', version: '2008-01-10T11:00:00-05:00' } },
          },
        ],
      });
      expect(order).toBeDefined();
    });

    it('maps the documented refund to order.refunded with the refund transactions as amount', () => {
      expect(mapFixture('shopify', 'refund')).toEqual({
        recordId: '509562969',
        version: '2008-01-10T11:00:00-05:00',
        events: [
          {
            event: 'order.refunded',
            messageId: 'shopify:refund:509562969:2008-01-10T11:00:00-05:00',
            object: { type: 'order', id: '450789469' },
            source: { platform: 'shopify' },
            properties: { orderId: '450789469', refundId: '509562969', amount: 209, currency: 'USD', reason: 'it broke during shipping', raw: { user_id: 548380009, restock: true } },
            timestamp: Date.parse('2008-01-10T16:00:00Z'),
            context: { connector: { provider: 'shopify', recordType: 'refund', recordId: '509562969', version: '2008-01-10T11:00:00-05:00' } },
          },
        ],
      });
    });

    it('maps the documented customer to customer.created with the customer entity', () => {
      expect(mapFixture('shopify', 'customer')).toEqual({
        recordId: '207119551',
        version: '2008-01-10T11:00:00-05:00',
        events: [
          {
            event: 'customer.created',
            updatedEvent: 'customer.updated',
            messageId: 'shopify:customer:207119551:2008-01-10T11:00:00-05:00',
            actor: { type: 'customer', id: '207119551' },
            entity: { type: 'customer', id: '207119551', email: 'bob.norman@mail.example.com', firstName: 'Bob', lastName: 'Norman', state: 'disabled' },
            source: { platform: 'shopify' },
            properties: {
              customerId: '207119551',
              ordersCount: 1,
              totalSpent: 199.65,
              currency: 'USD',
              raw: { last_order_id: 450789469, verified_email: true, tags: 'Léon, Noël', last_order_name: '#1001' },
            },
            timestamp: Date.parse('2008-01-10T16:00:00Z'),
            context: { connector: { provider: 'shopify', recordType: 'customer', recordId: '207119551', version: '2008-01-10T11:00:00-05:00' } },
          },
        ],
      });
    });

    it('maps the api reference body verbatim, and names the field of a record it cannot map', () => {
      const mapper = providerOf('shopify')!;
      const record = { id: 'order_1', total_price: 149, currency: 'USD' };
      const mapped = mapper.map(record, mapper.recordTypeOf(record, undefined)!, { receivedAt: RECEIVED });
      expect(mapped).toMatchObject({ recordId: 'order_1', version: '0', events: [{ event: 'order.created', properties: { revenue: 149, currency: 'USD' }, timestamp: RECEIVED }] });
      expect(mapper.map({ id: 'o2', total_price: 'lots', currency: 'USD' }, 'order', { receivedAt: RECEIVED })).toEqual({ error: 'total_price: must be a number or a numeric string' });
      expect(mapper.map({ total_price: 1, currency: 'USD' }, 'order', { receivedAt: RECEIVED })).toEqual({ error: 'id: is required' });
      expect(mapper.map({ id: 'o3', total_price: 1, currency: 'dollars' }, 'order', { receivedAt: RECEIVED })).toEqual({ error: "currency: must be an ISO 4217 currency code, got 'dollars'" });
    });
  });

  const provenance = (provider: string, recordType: string, recordId: string, version: string) => ({ connector: { provider, recordType, recordId, version } });

  describe('stripe', () => {
    it('maps the documented charge to payment.succeeded with revenue in major units', () => {
      const id = 'ch_3MmlLrLkdIwHu7ix0snN0B15';
      expect(mapFixture('stripe', 'charge')).toEqual({
        recordId: id,
        version: 'succeeded:0',
        events: [{
          event: 'payment.succeeded',
          messageId: `stripe:charge:${id}:succeeded:0`,
          object: { type: 'charge', id },
          source: { platform: 'stripe' },
          properties: {
            chargeId: id, currency: 'USD', revenue: 10.99, amount: 10.99,
            raw: { balance_transaction: 'txn_3MmlLrLkdIwHu7ix0uke3Ezy', captured: true, disputed: false, livemode: false, payment_method: 'card_1MmlLrLkdIwHu7ixIJwEWSNR' },
          },
          timestamp: 1679090539000,
          context: provenance('stripe', 'charge', id, 'succeeded:0'),
        }],
      });
    });

    it('maps the documented invoice (draft) to invoice.drafted and the subscription to subscription.started with its mrr', () => {
      expect(mapFixture('stripe', 'invoice')).toEqual({
        recordId: 'in_1MtHbELkdIwHu7ixl4OzzPMv',
        version: 'draft:0',
        events: [{
          event: 'invoice.drafted',
          messageId: 'stripe:invoice:in_1MtHbELkdIwHu7ixl4OzzPMv:draft:0',
          actor: { type: 'customer', id: 'cus_NeZwdNtLEOXuvB' },
          object: { type: 'invoice', id: 'in_1MtHbELkdIwHu7ixl4OzzPMv' },
          source: { platform: 'stripe' },
          properties: { invoiceId: 'in_1MtHbELkdIwHu7ixl4OzzPMv', amount: 0, currency: 'USD', raw: { account_country: 'US', account_name: 'Stripe Docs', billing_reason: 'manual', collection_method: 'charge_automatically', livemode: false } },
          timestamp: 1680644467000,
          context: provenance('stripe', 'invoice', 'in_1MtHbELkdIwHu7ixl4OzzPMv', 'draft:0'),
        }],
      });
      expect(mapFixture('stripe', 'subscription')).toEqual({
        recordId: 'sub_1MowQVLkdIwHu7ixeRlqHVzs',
        version: 'active:1682288167:',
        events: [{
          event: 'subscription.started',
          updatedEvent: 'subscription.updated',
          messageId: 'stripe:subscription:sub_1MowQVLkdIwHu7ixeRlqHVzs:active:1682288167:',
          actor: { type: 'customer', id: 'cus_Na6dX7aXxi11N4' },
          object: { type: 'subscription', id: 'sub_1MowQVLkdIwHu7ixeRlqHVzs' },
          source: { platform: 'stripe' },
          properties: { subscriptionId: 'sub_1MowQVLkdIwHu7ixeRlqHVzs', status: 'active', mrr: 10, currency: 'USD', raw: { collection_method: 'charge_automatically', livemode: false } },
          timestamp: 1679609767000,
          context: provenance('stripe', 'subscription', 'sub_1MowQVLkdIwHu7ixeRlqHVzs', 'active:1682288167:'),
        }],
      });
    });

    it('takes a webhook Event\'s data.object, typed by the object itself', () => {
      const mapper = providerOf('stripe')!;
      const charge = fixture('stripe').records.charge!;
      const { records, recordType } = mapper.webhookRecords!({ id: 'evt_1', object: 'event', type: 'charge.refunded', data: { object: { ...charge, amount_refunded: 500, refunded: true } } }, {});
      expect(recordType).toBe('charge.refunded');
      const mapped = mapper.map(records[0] as Record<string, unknown>, mapper.recordTypeOf(records[0] as Record<string, unknown>, recordType)!, { receivedAt: RECEIVED });
      expect(mapped).toMatchObject({ version: 'succeeded:500', events: [{ event: 'order.refunded', properties: { orderId: 'ch_3MmlLrLkdIwHu7ix0snN0B15', amount: 5, currency: 'USD' } }] });
    });
  });

  describe('hubspot', () => {
    it('maps the documented contact to lead.created with the contact entity, and the deal to deal.created', () => {
      expect(mapFixture('hubspot', 'contact')).toEqual({
        recordId: '512',
        version: '2019-12-07T16:50:06.678Z',
        events: [{
          event: 'lead.created',
          updatedEvent: 'lead.updated',
          messageId: 'hubspot:contact:512:2019-12-07T16:50:06.678Z',
          actor: { type: 'contact', id: '512' },
          object: { type: 'lead', id: '512' },
          entity: { type: 'contact', id: '512', email: 'bcooper@biglytics.net', firstName: 'Bryan', lastName: 'Cooper' },
          source: { platform: 'hubspot' },
          properties: { leadId: '512', raw: { archived: false } },
          timestamp: Date.parse('2019-10-30T03:30:17.883Z'),
          context: provenance('hubspot', 'contact', '512', '2019-12-07T16:50:06.678Z'),
        }],
      });
      expect(mapFixture('hubspot', 'deal')).toEqual({
        recordId: '512',
        version: '2019-12-07T16:50:06.678Z',
        events: [{
          event: 'deal.created',
          updatedEvent: 'deal.updated',
          messageId: 'hubspot:deal:512:2019-12-07T16:50:06.678Z',
          object: { type: 'deal', id: '512' },
          source: { platform: 'hubspot' },
          properties: { dealId: '512', name: 'Custom data integrations', stage: 'presentationscheduled', pipeline: 'default', estimatedValue: 1500, currency: 'USD', closeDate: '2019-12-07T16:50:06.678Z', raw: { archived: false } },
          timestamp: Date.parse('2019-10-30T03:30:17.883Z'),
          context: provenance('hubspot', 'deal', '512', '2019-12-07T16:50:06.678Z'),
        }],
      });
    });

    it('maps the documented webhook notification to the contact\'s record at that time', () => {
      const mapper = providerOf('hubspot')!;
      const { records } = mapper.webhookRecords!(JSON.parse(JSON.stringify((fixture('hubspot') as unknown as { webhook: unknown[] }).webhook)), {});
      const record = records[0] as Record<string, unknown>;
      const at = new Date(1462216307945).toISOString();
      expect(mapper.map(record, mapper.recordTypeOf(record, undefined)!, { receivedAt: RECEIVED })).toEqual({
        recordId: '1246965',
        version: at,
        events: [{
          event: 'lead.created',
          updatedEvent: 'lead.updated',
          messageId: `hubspot:contact:1246965:${at}`,
          actor: { type: 'contact', id: '1246965' },
          object: { type: 'lead', id: '1246965' },
          entity: { type: 'contact', id: '1246965' },
          source: { platform: 'hubspot' },
          properties: { leadId: '1246965', lifecycleStage: 'subscriber', raw: { subscriptionType: 'contact.propertyChange', eventId: '3816279340', portalId: '33', changeSource: 'ACADEMY' } },
          timestamp: 1462216307945,
          context: provenance('hubspot', 'contact', '1246965', at),
        }],
      });
    });
  });

  describe('salesforce', () => {
    it('maps the Lead to lead.created and the won Opportunity to deal.won with revenue', () => {
      const lead = '00Q5j00000AbCdEEAV';
      expect(mapFixture('salesforce', 'lead')).toEqual({
        recordId: lead,
        version: '2024-05-02T09:00:00.000+0000',
        events: [{
          event: 'lead.created',
          updatedEvent: 'lead.updated',
          messageId: `salesforce:lead:${lead}:2024-05-02T09:00:00.000+0000`,
          actor: { type: 'lead', id: lead },
          object: { type: 'lead', id: lead },
          entity: { type: 'lead', id: lead, email: 'bertha@fcof.net', firstName: 'Bertha', lastName: 'Boxer', company: 'Farmers Coop. of Florida' },
          source: { platform: 'salesforce', channel: 'Web' },
          attribution: { source: 'Web' },
          properties: { leadId: lead, source: 'Web', status: 'Working - Contacted', raw: { Rating: 'Hot' } },
          timestamp: Date.parse('2024-05-01T15:04:05Z'),
          context: provenance('salesforce', 'lead', lead, '2024-05-02T09:00:00.000+0000'),
        }],
      });
      const deal = '0065j00000XyZaBAAV';
      expect(mapFixture('salesforce', 'opportunity')).toEqual({
        recordId: deal,
        version: '2024-06-15T17:30:00.000+0000',
        events: [{
          event: 'deal.won',
          messageId: `salesforce:opportunity:${deal}:2024-06-15T17:30:00.000+0000`,
          actor: { type: 'account', id: '0015j00000GenePAAV' },
          object: { type: 'deal', id: deal },
          source: { platform: 'salesforce', channel: 'Partner Referral' },
          attribution: { source: 'Partner Referral' },
          properties: { dealId: deal, name: 'GenePoint Standby Generator', stage: 'Closed Won', probability: 100, revenue: 85000, currency: 'USD', closeDate: '2024-06-15', raw: { Type: 'New Customer' } },
          timestamp: Date.parse('2024-06-15T00:00:00Z'),
          context: provenance('salesforce', 'opportunity', deal, '2024-06-15T17:30:00.000+0000'),
        }],
      });
    });
  });

  describe('ads', () => {
    it('maps a Meta Ads Insights row to ad.spend_reported: cost, clicks, purchases and the campaign touchpoint', () => {
      const version = '152.37:913:48211:21';
      expect(mapFixture('meta_ads', 'campaign_day')).toEqual({
        recordId: '23843211234567890:2026-04-01',
        version,
        events: [{
          event: 'ad.spend_reported',
          updatedEvent: 'ad.spend_updated',
          messageId: `meta_ads:campaign_day:23843211234567890:2026-04-01:${version}`,
          object: { type: 'campaign', id: '23843211234567890' },
          source: { channel: 'paid', platform: 'meta', campaign: 'Spring Roast Launch', medium: 'cpc' },
          attribution: { source: 'meta', medium: 'cpc', campaign: 'Spring Roast Launch', cost: 152.37, currency: 'USD' },
          properties: {
            campaign: 'Spring Roast Launch', campaignId: '23843211234567890', accountId: '1234567890', date: '2026-04-01', cost: 152.37, currency: 'USD', clicks: 913, impressions: 48211, conversions: 21,
            raw: { cpc: '0.166889', actions: [{ action_type: 'link_click', value: '913' }, { action_type: 'purchase', value: '21' }] },
          },
          timestamp: Date.parse('2026-04-01T00:00:00Z'),
          context: provenance('meta_ads', 'campaign_day', '23843211234567890:2026-04-01', version),
        }],
      });
    });

    it('maps a Google Ads searchStream row to ad.spend_reported with cost from micros', () => {
      const version = '2:10:100:1';
      expect(mapFixture('google_ads', 'campaign_day')).toEqual({
        recordId: '111111111:2026-04-01',
        version,
        events: [{
          event: 'ad.spend_reported',
          updatedEvent: 'ad.spend_updated',
          messageId: `google_ads:campaign_day:111111111:2026-04-01:${version}`,
          object: { type: 'campaign', id: '111111111' },
          source: { channel: 'paid', platform: 'google', campaign: 'Interplanetary Cruises #1', medium: 'cpc' },
          attribution: { source: 'google', medium: 'cpc', campaign: 'Interplanetary Cruises #1', cost: 2, currency: 'USD' },
          properties: { campaign: 'Interplanetary Cruises #1', campaignId: '111111111', accountId: '1234567890', date: '2026-04-01', cost: 2, currency: 'USD', clicks: 10, impressions: 100, conversions: 1, raw: { resourceName: 'customers/1234567890/campaigns/111111111', status: 'ENABLED' } },
          timestamp: Date.parse('2026-04-01T00:00:00Z'),
          context: provenance('google_ads', 'campaign_day', '111111111:2026-04-01', version),
        }],
      });
      expect(providerOf('google_ads')!.map({ campaign: { id: '1' }, metrics: { costMicros: '1' }, segments: { date: 'April 1' }, customer: { currencyCode: 'USD' } }, 'campaign_day', { receivedAt: RECEIVED })).toEqual({ error: 'segments.date: must be a YYYY-MM-DD date' });
    });
  });
});
