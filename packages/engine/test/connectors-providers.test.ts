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
});
