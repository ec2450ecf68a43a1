import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ConnectorProvider, MapResult } from '../src/domain/connectors/provider.js';
import { amazon } from '../src/domain/connectors/providers/amazon.js';
import { walmart } from '../src/domain/connectors/providers/walmart.js';
import { quickbooks } from '../src/domain/connectors/providers/quickbooks.js';
import { xero } from '../src/domain/connectors/providers/xero.js';
import { resend } from '../src/domain/connectors/providers/resend.js';
import { jira } from '../src/domain/connectors/providers/jira.js';
import { linear } from '../src/domain/connectors/providers/linear.js';
import { asana } from '../src/domain/connectors/providers/asana.js';
import { fieldwire } from '../src/domain/connectors/providers/fieldwire.js';
import { procore } from '../src/domain/connectors/providers/procore.js';
import { servicenow } from '../src/domain/connectors/providers/servicenow.js';
import { ga4 } from '../src/domain/connectors/providers/ga4.js';

/** The providers of the second batch: each fixture record (a provider's documented sample) maps to exactly these events. */
const PROVIDERS: Record<string, ConnectorProvider> = { amazon, walmart, quickbooks, xero, resend, jira, linear, asana, fieldwire, procore, servicenow, ga4 };
const RECEIVED = Date.UTC(2026, 11, 4, 12);
const CONTEXT = { receivedAt: RECEIVED };
const fixture = (provider: string) =>
  JSON.parse(readFileSync(new URL(`./fixtures/connectors/${provider}.json`, import.meta.url), 'utf8')) as { source: string; records: Record<string, Record<string, unknown>> };

/** Maps a fixture record as the ingest tool does: its type told from its shape. */
function mapFixture(provider: string, key: string, type: string): MapResult {
  const mapper = PROVIDERS[provider]!;
  const record = fixture(provider).records[key]!;
  const recordType = mapper.recordTypeOf(record, undefined);
  expect(recordType).toBe(type);
  return mapper.map(record, recordType!, CONTEXT);
}

describe('connector providers (commerce, accounting, analytics, email, work trackers, field ops)', () => {
  it('each provider has its id, record types, a known vertical and a fixture stating its documented source', () => {
    for (const [id, provider] of Object.entries(PROVIDERS)) {
      expect(provider.id).toBe(id);
      expect(provider.recordTypes.length).toBeGreaterThan(0);
      expect([null, 'dtc_commerce_ops', 'field_services', 'creator_studio']).toContain(provider.vertical);
      expect(fixture(id).source).toMatch(/https:\/\//);
      expect(provider.map({}, 'no_such_type', CONTEXT)).toMatchObject({ error: expect.stringContaining("recordType: 'no_such_type'") });
    }
  });

  describe('amazon', () => {
    it('maps the documented order', () => {
      expect(mapFixture('amazon', 'order', 'order')).toEqual({
        recordId: '902-1845936-5435065',
        version: '1970-01-19T03:58:32Z',
        events: [
          {
            event: 'order.created',
            updatedEvent: 'order.updated',
            messageId: 'amazon:order:902-1845936-5435065:1970-01-19T03:58:32Z',
            object: {
              type: 'order',
              id: '902-1845936-5435065'
            },
            source: {
              platform: 'amazon',
              channel: 'Amazon.com',
              marketplaceId: 'ATVPDKIKX0DER'
            },
            properties: {
              orderId: '902-1845936-5435065',
              revenue: 11.01,
              currency: 'USD',
              items: 1,
              status: 'Unshipped',
              raw: {
                FulfillmentChannel: 'MFN',
                ShipServiceLevel: 'Std US D2D Dom',
                PaymentMethod: 'Other',
                OrderType: 'StandardOrder',
                IsBusinessOrder: false,
                IsPrime: false
              }
            },
            timestamp: Date.parse('1970-01-19T03:58:30.000Z'),
            context: {
              connector: {
                provider: 'amazon',
                recordType: 'order',
                recordId: '902-1845936-5435065',
                version: '1970-01-19T03:58:32Z'
              }
            }
          }
        ]
      });
    });

    it('maps the documented refund', () => {
      expect(mapFixture('amazon', 'refund', 'refund')).toEqual({
        recordId: '444-555-3343433@2020-02-05T13:56:00.363Z',
        version: '2020-02-05T13:56:00.363Z',
        events: [
          {
            event: 'order.refunded',
            messageId: 'amazon:refund:444-555-3343433@2020-02-05T13:56:00.363Z:2020-02-05T13:56:00.363Z',
            object: {
              type: 'order',
              id: '444-555-3343433'
            },
            source: {
              platform: 'amazon',
              marketplace: '1'
            },
            properties: {
              orderId: '444-555-3343433',
              amount: 25.37,
              currency: 'USD',
              sellerOrderId: '454645645656456',
              skus: [
                '456454455464'
              ]
            },
            timestamp: Date.parse('2020-02-05T13:56:00.363Z'),
            context: {
              connector: {
                provider: 'amazon',
                recordType: 'refund',
                recordId: '444-555-3343433@2020-02-05T13:56:00.363Z',
                version: '2020-02-05T13:56:00.363Z'
              }
            }
          }
        ]
      });
    });

    it('names the field of an order it cannot map, and tells orders from refund events by shape', () => {
      expect(amazon.recordTypeOf({ AmazonOrderId: '1', PurchaseDate: '2020-01-01T00:00:00Z' }, undefined)).toBe('order');
      expect(amazon.recordTypeOf({ AmazonOrderId: '1', ShipmentItemAdjustmentList: [] }, undefined)).toBe('refund');
      expect(amazon.recordTypeOf({ foo: 1 }, undefined)).toBeUndefined();
      const order = fixture('amazon').records.order!;
      expect(amazon.map({ ...order, AmazonOrderId: undefined }, 'order', CONTEXT)).toEqual({ error: 'AmazonOrderId: is required' });
      expect(amazon.map({ ...order, OrderTotal: { CurrencyCode: 'USD', Amount: 'n/a' } }, 'order', CONTEXT)).toEqual({ error: 'OrderTotal.Amount: must be a number or a numeric string' });
      const refund = fixture('amazon').records.refund!;
      expect(amazon.map({ ...refund, PostedDate: undefined }, 'refund', CONTEXT)).toEqual({ error: 'PostedDate: is required (a refund event is named by its order and posting time)' });
    });

    it('explains why a Pending order (the documented getOrders example, which has no OrderTotal yet) is not mapped', () => {
      const pending = { AmazonOrderId: '902-3159896-1390916', PurchaseDate: '2017-01-20T19:49:35Z', LastUpdateDate: '2017-01-20T19:49:35Z', OrderStatus: 'Pending', FulfillmentChannel: 'MFN', NumberOfItemsShipped: 0, NumberOfItemsUnshipped: 0 };
      expect(amazon.map(pending, amazon.recordTypeOf(pending, undefined)!, CONTEXT)).toEqual({
        error: 'OrderTotal: is absent while the order is Pending (Amazon sends the total once payment is authorized); ingest the order again when it is Unshipped',
      });
    });

    it('takes the size of negative refund charges, as Amazon posts them', () => {
      const refund = { AmazonOrderId: '1', PostedDate: '2020-02-05T13:56:00Z', ShipmentItemAdjustmentList: [{ ItemChargeAdjustmentList: [{ ChargeType: 'Principal', ChargeAmount: { CurrencyCode: 'EUR', CurrencyAmount: -19.99 } }, { ChargeType: 'Tax', ChargeAmount: { CurrencyCode: 'EUR', CurrencyAmount: -3.8 } }] }] };
      expect(amazon.map(refund, 'refund', CONTEXT)).toMatchObject({ events: [{ event: 'order.refunded', properties: { orderId: '1', amount: 23.79, currency: 'EUR' } }] });
    });
  });

  describe('walmart', () => {
    it('maps the documented order', () => {
      expect(mapFixture('walmart', 'order', 'order')).toEqual({
        recordId: '1815367951431',
        version: '1623835855623',
        events: [
          {
            event: 'order.created',
            updatedEvent: 'order.updated',
            messageId: 'walmart:order:1815367951431:1623835855623',
            actor: {
              type: 'customer',
              id: '7D9F02968955480499C84C5871AD1401@relay.walmart.com',
              email: '7D9F02968955480499C84C5871AD1401@relay.walmart.com'
            },
            object: {
              type: 'order',
              id: '1815367951431'
            },
            source: {
              platform: 'walmart'
            },
            properties: {
              orderId: '1815367951431',
              customerOrderId: '4372135469400',
              revenue: 5,
              currency: 'USD',
              tax: 0.34,
              items: 1,
              skus: [
                'YHY-FN25200B2'
              ],
              status: 'Shipped',
              raw: {
                shippingInfo: {
                  phone: '3143450432',
                  estimatedDeliveryDate: 1624647600000,
                  estimatedShipDate: 1623906000000,
                  methodCode: 'Value',
                  postalAddress: {
                    name: 'Donald Ashley',
                    address1: '6600 gazebo drive',
                    city: 'Cedar hill',
                    state: 'MO',
                    postalCode: '63016',
                    country: 'USA',
                    addressType: 'RESIDENTIAL'
                  }
                },
                shipNode: {
                  type: 'SellerFulfilled'
                }
              }
            },
            timestamp: Date.parse('2021-06-15T22:33:27.000Z'),
            context: {
              connector: {
                provider: 'walmart',
                recordType: 'order',
                recordId: '1815367951431',
                version: '1623835855623'
              }
            }
          }
        ]
      });
    });

    it('maps the documented order with a refunded line to order.created and order.refunded, the refund named by its own id', () => {
      const mapped = mapFixture('walmart', 'refunded', 'order') as { recordId: string; version: string; events: unknown[] };
      expect(mapped).toMatchObject({ recordId: '1796277083022', version: '1568466647000' });
      expect(mapped.events[0]).toMatchObject({ event: 'order.created', properties: { orderId: '1796277083022', revenue: 10, currency: 'USD', tax: 0.8, raw: { orderType: 'REPLACEMENT', originalCustomerOrderID: '1234567891234' } } });
      expect(mapped.events[1]).toEqual({
        event: 'order.refunded',
        messageId: 'walmart:refund:1796277083022:123:0',
        object: { type: 'order', id: '1796277083022' },
        source: { platform: 'walmart' },
        properties: { orderId: '1796277083022', refundId: '123', lineNumber: '4', amount: 798, currency: 'USD', tax: 798, reason: 'INCORRECT_ITEM_RECEIVED', comments: 'xyz' },
        timestamp: 1568466647000,
        context: { connector: { provider: 'walmart', recordType: 'order', recordId: '1796277083022', version: '1568466647000' } },
      });
    });

    it('reads the order of a { order } response, and names the field of an order it cannot map', () => {
      const order = fixture('walmart').records.order!;
      expect(walmart.recordTypeOf({ order }, undefined)).toBe('order');
      expect(walmart.map({ order }, 'order', CONTEXT)).toEqual(walmart.map(order, 'order', CONTEXT));
      expect(walmart.recordTypeOf({ foo: 1 }, undefined)).toBeUndefined();
      expect(walmart.map({ ...order, purchaseOrderId: undefined }, 'order', CONTEXT)).toEqual({ error: 'purchaseOrderId: is required' });
      const lines = { orderLine: [{ lineNumber: '1', charges: { charge: [{ chargeType: 'PRODUCT', chargeAmount: { currency: 'USD', amount: 'five' } }] } }] };
      expect(walmart.map({ ...order, orderLines: lines }, 'order', CONTEXT)).toEqual({ error: 'chargeAmount.amount: must be a number or a numeric string' });
    });
  });

  describe('quickbooks', () => {
    it('maps the documented invoice', () => {
      expect(mapFixture('quickbooks', 'invoice', 'invoice')).toEqual({
        recordId: '239',
        version: '2015-07-24T10:35:08-07:00',
        events: [
          {
            event: 'invoice.sent',
            updatedEvent: 'invoice.updated',
            messageId: 'quickbooks:invoice:239:2015-07-24T10:35:08-07:00',
            actor: {
              type: 'customer',
              id: '1',
              name: "Amy's Bird Sanctuary"
            },
            object: {
              type: 'invoice',
              id: '239'
            },
            source: {
              platform: 'quickbooks'
            },
            properties: {
              invoiceId: '239',
              jobId: '39298034',
              amount: 150,
              currency: 'USD',
              balance: 150,
              number: '1070',
              dueDate: '2015-08-23',
              lines: 1,
              raw: {
                PrintStatus: 'NeedToPrint',
                ApplyTaxAfterDiscount: false,
                Deposit: 0,
                TxnTaxDetail: {
                  TotalTax: 0
                },
                LinkedTxn: [],
                ShipAddr: {
                  City: 'Bayshore',
                  Line1: '4581 Finch St.',
                  PostalCode: '94326',
                  Lat: 'INVALID',
                  Long: 'INVALID',
                  CountrySubDivisionCode: 'CA',
                  Id: '109'
                },
                EmailStatus: 'NotSet',
                BillAddr: {
                  City: 'Bayshore',
                  Line1: '4581 Finch St.',
                  PostalCode: '94326',
                  Lat: 'INVALID',
                  Long: 'INVALID',
                  CountrySubDivisionCode: 'CA',
                  Id: '2'
                },
                CustomField: [
                  {
                    DefinitionId: '1',
                    Type: 'StringType',
                    Name: 'Crew #'
                  }
                ]
              }
            },
            timestamp: Date.parse('2015-07-24T17:35:08.000Z'),
            context: {
              connector: {
                provider: 'quickbooks',
                recordType: 'invoice',
                recordId: '239',
                version: '2015-07-24T10:35:08-07:00'
              }
            }
          }
        ]
      });
    });

    it('maps the documented payment', () => {
      expect(mapFixture('quickbooks', 'payment', 'payment')).toEqual({
        recordId: '163',
        version: '2015-01-16T15:08:12-08:00',
        events: [
          {
            actor: {
              type: 'customer',
              id: '20',
              name: 'Red Rock Diner'
            },
            source: {
              platform: 'quickbooks'
            },
            timestamp: Date.parse('2015-01-16T23:08:12.000Z'),
            event: 'invoice.paid',
            updatedEvent: 'payment.updated',
            messageId: 'quickbooks:payment:163:2015-01-16T15:08:12-08:00:70',
            object: {
              type: 'invoice',
              id: '70'
            },
            properties: {
              invoiceId: '70',
              amount: 55,
              currency: 'USD',
              paymentId: '163',
              paymentTotal: 65,
              unapplied: 10,
              jobId: '39298034',
              raw: {
                DepositToAccountRef: {
                  value: '4'
                },
                ProcessPayment: false
              }
            },
            context: {
              connector: {
                provider: 'quickbooks',
                recordType: 'payment',
                recordId: '163',
                version: '2015-01-16T15:08:12-08:00'
              }
            }
          }
        ]
      });
    });

    it('reads read responses ({ Invoice }, { Payment }), and names the field of a record it cannot map', () => {
      const { invoice, payment } = fixture('quickbooks').records;
      expect(quickbooks.recordTypeOf({ Invoice: invoice, time: '2015-07-29T09:29:56.229-07:00' }, undefined)).toBe('invoice');
      expect(quickbooks.map({ Invoice: invoice }, 'invoice', CONTEXT)).toEqual(quickbooks.map(invoice!, 'invoice', CONTEXT));
      expect(quickbooks.recordTypeOf({ Payment: payment }, undefined)).toBe('payment');
      expect(quickbooks.map({ ...invoice, Id: undefined }, 'invoice', CONTEXT)).toEqual({ error: 'Id: is required' });
      expect(quickbooks.map({ ...invoice, TotalAmt: 'lots' }, 'invoice', CONTEXT)).toEqual({ error: 'TotalAmt: must be a number or a numeric string' });
      expect(quickbooks.map({ ...invoice, CurrencyRef: { value: 'EUR' } }, 'invoice', CONTEXT)).toMatchObject({ events: [{ properties: { amount: 150, currency: 'EUR' } }] });
    });

    it('maps a payment applied to no invoice to payment.received', () => {
      const payment = { Id: '154', SyncToken: '0', TotalAmt: 25.0, UnappliedAmt: 25.0, Line: [], CustomerRef: { name: 'Red Rock Diner', value: '20' }, MetaData: { CreateTime: '2014-12-30T10:26:03-08:00', LastUpdatedTime: '2014-12-30T10:26:03-08:00' } };
      expect(quickbooks.map(payment, quickbooks.recordTypeOf(payment, undefined)!, CONTEXT)).toMatchObject({
        recordId: '154',
        events: [{ event: 'payment.received', messageId: 'quickbooks:payment:154:2014-12-30T10:26:03-08:00', object: { type: 'payment', id: '154' }, properties: { amount: 25, currency: 'USD', paymentId: '154', unapplied: 25 } }],
      });
    });
  });

  describe('xero', () => {
    it('maps the documented invoice', () => {
      expect(mapFixture('xero', 'invoice', 'invoice')).toEqual({
        recordId: 'a03ffcd2-5d91-4c7e-b483-318584e9e439',
        version: '2019-03-07T17:59:28.133Z',
        events: [
          {
            event: 'invoice.sent',
            updatedEvent: 'invoice.updated',
            messageId: 'xero:invoice:a03ffcd2-5d91-4c7e-b483-318584e9e439:2019-03-07T17:59:28.133Z',
            actor: {
              type: 'customer',
              id: '430fa14a-f945-44d3-9f97-5df5e28441b8',
              name: 'Liam Gallagher',
              email: 'liam@rockstar.com'
            },
            object: {
              type: 'invoice',
              id: 'a03ffcd2-5d91-4c7e-b483-318584e9e439'
            },
            source: {
              platform: 'xero'
            },
            properties: {
              invoiceId: 'a03ffcd2-5d91-4c7e-b483-318584e9e439',
              number: 'INV-0006',
              amount: 148062.76,
              currency: 'NZD',
              tax: 0,
              amountDue: 0,
              amountPaid: 148062.76,
              status: 'PAID',
              lines: 1,
              dueDate: '2019-03-13T00:00:00.000Z',
              raw: {
                Reference: 'Tour',
                SentToContact: false,
                CurrencyRate: 1,
                IsDiscounted: false,
                HasAttachments: true,
                LineAmountTypes: 'Exclusive',
                FullyPaidOnDate: '/Date(1552953600000+0000)/'
              }
            },
            timestamp: Date.parse('2019-03-07T00:00:00.000Z'),
            context: {
              connector: {
                provider: 'xero',
                recordType: 'invoice',
                recordId: 'a03ffcd2-5d91-4c7e-b483-318584e9e439',
                version: '2019-03-07T17:59:28.133Z'
              }
            }
          }
        ]
      });
    });

    it('maps the documented payment', () => {
      expect(mapFixture('xero', 'payment', 'payment')).toEqual({
        recordId: '99ea7f6b-c513-4066-bc27-b7c65dcd76c2',
        version: '2018-11-02T16:36:32.690Z',
        events: [
          {
            event: 'invoice.paid',
            updatedEvent: 'payment.updated',
            messageId: 'xero:payment:99ea7f6b-c513-4066-bc27-b7c65dcd76c2:2018-11-02T16:36:32.690Z',
            actor: {
              type: 'customer',
              id: 'a3675fc4-f8dd-4f03-ba5b-f1870566bcd7',
              name: 'Barney Rubble-83203'
            },
            object: {
              type: 'invoice',
              id: '046d8a6d-1ae1-4b4d-9340-5601bdf41b87'
            },
            source: {
              platform: 'xero'
            },
            properties: {
              invoiceId: '046d8a6d-1ae1-4b4d-9340-5601bdf41b87',
              invoiceNumber: 'INV-0002',
              paymentId: '99ea7f6b-c513-4066-bc27-b7c65dcd76c2',
              amount: 46,
              currency: 'NZD',
              paymentType: 'ACCRECPAYMENT',
              status: 'AUTHORISED',
              raw: {
                BatchPaymentID: 'b54aa50c-794c-461b-89d1-846e1b84d9c0',
                HasAccount: true,
                IsReconciled: false,
                Account: {
                  AccountID: '5690f1e8-1d02-4893-90c2-ee1a69eff942',
                  Code: '970',
                  Name: 'Owner A Funds Introduced'
                },
                HasValidationErrors: false
              }
            },
            timestamp: Date.parse('2018-11-29T00:00:00.000Z'),
            context: {
              connector: {
                provider: 'xero',
                recordType: 'payment',
                recordId: '99ea7f6b-c513-4066-bc27-b7c65dcd76c2',
                version: '2018-11-02T16:36:32.690Z'
              }
            }
          }
        ]
      });
    });

    it('maps a bill to bill.received, and names the field of a record it cannot map', () => {
      const invoice = fixture('xero').records.invoice!;
      expect(xero.map({ ...invoice, Type: 'ACCPAY' }, 'invoice', CONTEXT)).toMatchObject({ events: [{ event: 'bill.received', updatedEvent: 'bill.updated', object: { type: 'bill' } }] });
      expect(xero.map({ ...invoice, InvoiceID: undefined }, 'invoice', CONTEXT)).toEqual({ error: 'InvoiceID: is required' });
      expect(xero.map({ ...invoice, Total: 'lots' }, 'invoice', CONTEXT)).toEqual({ error: 'Total: must be a number or a numeric string' });
      expect(xero.map({ ...invoice, Date: 'yesterday' }, 'invoice', CONTEXT)).toEqual({ error: 'Date: must be a Xero /Date(ms)/ or an ISO 8601 time' });
      const payment = fixture('xero').records.payment!;
      expect(xero.map({ ...payment, Invoice: undefined }, 'payment', CONTEXT)).toEqual({ error: 'Invoice.InvoiceID: is required' });
      expect(xero.recordTypeOf({ foo: 1 }, undefined)).toBeUndefined();
    });
  });

  describe('resend', () => {
    it('maps the documented sent', () => {
      expect(mapFixture('resend', 'sent', 'email_event')).toEqual({
        recordId: '56761188-7520-42d8-8898-ff6fc54ce618:sent',
        version: '2024-02-22T23:41:12.126Z',
        events: [
          {
            event: 'email.sent',
            messageId: 'resend:email_event:56761188-7520-42d8-8898-ff6fc54ce618:sent:2024-02-22T23:41:12.126Z',
            actor: {
              type: 'contact',
              id: 'delivered@resend.dev',
              email: 'delivered@resend.dev'
            },
            object: {
              type: 'email',
              id: '56761188-7520-42d8-8898-ff6fc54ce618'
            },
            source: {
              platform: 'resend',
              channel: 'email',
              medium: 'email'
            },
            properties: {
              emailId: '56761188-7520-42d8-8898-ff6fc54ce618',
              from: 'Acme <onboarding@resend.dev>',
              to: [
                'delivered@resend.dev'
              ],
              subject: 'Sending this example',
              sentAt: '2024-02-22T23:41:11.894719+00:00'
            },
            timestamp: Date.parse('2024-02-22T23:41:12.126Z'),
            context: {
              connector: {
                provider: 'resend',
                recordType: 'email_event',
                recordId: '56761188-7520-42d8-8898-ff6fc54ce618:sent',
                version: '2024-02-22T23:41:12.126Z'
              }
            }
          }
        ]
      });
    });

    it('maps the documented delivered', () => {
      expect(mapFixture('resend', 'delivered', 'email_event')).toEqual({
        recordId: '56761188-7520-42d8-8898-ff6fc54ce618:delivered',
        version: '2024-02-22T23:41:12.126Z',
        events: [
          {
            event: 'email.delivered',
            messageId: 'resend:email_event:56761188-7520-42d8-8898-ff6fc54ce618:delivered:2024-02-22T23:41:12.126Z',
            actor: {
              type: 'contact',
              id: 'delivered@resend.dev',
              email: 'delivered@resend.dev'
            },
            object: {
              type: 'email',
              id: '56761188-7520-42d8-8898-ff6fc54ce618'
            },
            source: {
              platform: 'resend',
              channel: 'email',
              medium: 'email'
            },
            properties: {
              emailId: '56761188-7520-42d8-8898-ff6fc54ce618',
              from: 'Acme <onboarding@resend.dev>',
              to: [
                'delivered@resend.dev'
              ],
              subject: 'Sending this example',
              sentAt: '2024-02-22T23:41:11.894719+00:00'
            },
            timestamp: Date.parse('2024-02-22T23:41:12.126Z'),
            context: {
              connector: {
                provider: 'resend',
                recordType: 'email_event',
                recordId: '56761188-7520-42d8-8898-ff6fc54ce618:delivered',
                version: '2024-02-22T23:41:12.126Z'
              }
            }
          }
        ]
      });
    });

    it('maps the documented bounced', () => {
      expect(mapFixture('resend', 'bounced', 'email_event')).toEqual({
        recordId: '56761188-7520-42d8-8898-ff6fc54ce618:bounced',
        version: '2024-11-22T23:41:12.126Z',
        events: [
          {
            event: 'email.bounced',
            messageId: 'resend:email_event:56761188-7520-42d8-8898-ff6fc54ce618:bounced:2024-11-22T23:41:12.126Z',
            actor: {
              type: 'contact',
              id: 'delivered@resend.dev',
              email: 'delivered@resend.dev'
            },
            object: {
              type: 'email',
              id: '56761188-7520-42d8-8898-ff6fc54ce618'
            },
            source: {
              platform: 'resend',
              channel: 'email',
              medium: 'email'
            },
            properties: {
              emailId: '56761188-7520-42d8-8898-ff6fc54ce618',
              from: 'Acme <onboarding@resend.dev>',
              to: [
                'delivered@resend.dev'
              ],
              subject: 'Sending this example',
              sentAt: '2024-11-22T23:41:11.894719+00:00'
            },
            timestamp: Date.parse('2024-11-22T23:41:12.126Z'),
            context: {
              connector: {
                provider: 'resend',
                recordType: 'email_event',
                recordId: '56761188-7520-42d8-8898-ff6fc54ce618:bounced',
                version: '2024-11-22T23:41:12.126Z'
              }
            }
          }
        ]
      });
    });

    it('maps the documented opened', () => {
      expect(mapFixture('resend', 'opened', 'email_event')).toEqual({
        recordId: '56761188-7520-42d8-8898-ff6fc54ce618:opened',
        version: '2024-02-22T23:41:12.126Z',
        events: [
          {
            event: 'email.opened',
            messageId: 'resend:email_event:56761188-7520-42d8-8898-ff6fc54ce618:opened:2024-02-22T23:41:12.126Z',
            actor: {
              type: 'contact',
              id: 'delivered@resend.dev',
              email: 'delivered@resend.dev'
            },
            object: {
              type: 'email',
              id: '56761188-7520-42d8-8898-ff6fc54ce618'
            },
            source: {
              platform: 'resend',
              channel: 'email',
              medium: 'email',
              campaign: '8b146471-e88e-4322-86af-016cd36fd216'
            },
            properties: {
              emailId: '56761188-7520-42d8-8898-ff6fc54ce618',
              from: 'Acme <onboarding@resend.dev>',
              to: [
                'delivered@resend.dev'
              ],
              subject: 'Sending this example',
              broadcastId: '8b146471-e88e-4322-86af-016cd36fd216',
              templateId: '43f68331-0622-4e15-8202-246a0388854b',
              tags: {
                category: 'confirm_email'
              },
              sentAt: '2024-02-22T23:41:11.894719+00:00'
            },
            timestamp: Date.parse('2024-02-22T23:41:12.126Z'),
            context: {
              connector: {
                provider: 'resend',
                recordType: 'email_event',
                recordId: '56761188-7520-42d8-8898-ff6fc54ce618:opened',
                version: '2024-02-22T23:41:12.126Z'
              }
            }
          }
        ]
      });
    });

    it('maps the documented clicked', () => {
      expect(mapFixture('resend', 'clicked', 'email_event')).toEqual({
        recordId: '56761188-7520-42d8-8898-ff6fc54ce618:clicked',
        version: '2024-11-22T23:41:12.126Z',
        events: [
          {
            event: 'email.clicked',
            messageId: 'resend:email_event:56761188-7520-42d8-8898-ff6fc54ce618:clicked:2024-11-22T23:41:12.126Z',
            actor: {
              type: 'contact',
              id: 'delivered@resend.dev',
              email: 'delivered@resend.dev'
            },
            object: {
              type: 'email',
              id: '56761188-7520-42d8-8898-ff6fc54ce618'
            },
            source: {
              platform: 'resend',
              channel: 'email',
              medium: 'email',
              campaign: '8b146471-e88e-4322-86af-016cd36fd216',
              landingPage: 'https://resend.com'
            },
            attribution: {
              source: 'resend',
              medium: 'email',
              campaign: '8b146471-e88e-4322-86af-016cd36fd216'
            },
            properties: {
              emailId: '56761188-7520-42d8-8898-ff6fc54ce618',
              from: 'Acme <onboarding@resend.dev>',
              to: [
                'delivered@resend.dev'
              ],
              subject: 'Sending this example',
              broadcastId: '8b146471-e88e-4322-86af-016cd36fd216',
              templateId: '43f68331-0622-4e15-8202-246a0388854b',
              tags: {
                category: 'confirm_email'
              },
              link: 'https://resend.com',
              sentAt: '2024-11-22T23:41:11.894719+00:00',
              raw: {
                click: {
                  ipAddress: '122.115.53.11',
                  link: 'https://resend.com',
                  timestamp: '2024-11-24T05:00:57.163Z',
                  userAgent: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/16.1 Safari/605.1.15'
                }
              }
            },
            timestamp: Date.parse('2024-11-24T05:00:57.163Z'),
            context: {
              connector: {
                provider: 'resend',
                recordType: 'email_event',
                recordId: '56761188-7520-42d8-8898-ff6fc54ce618:clicked',
                version: '2024-11-22T23:41:12.126Z'
              }
            }
          }
        ]
      });
    });

    it('takes the record type from the webhook, and names the field of an event it cannot map', () => {
      const clicked = fixture('resend').records.clicked!;
      expect(resend.webhook).toBe('svix');
      expect(resend.webhookRecords!(clicked, {})).toEqual({ records: [clicked], recordType: 'email.clicked' });
      expect(resend.recordTypeOf(clicked, 'email.clicked')).toBe('email_event');
      expect(resend.recordTypeOf({ type: 'contact.created', data: {} }, undefined)).toBeUndefined();
      expect(resend.map({ ...clicked, data: { ...(clicked.data as object), email_id: undefined } }, 'email_event', CONTEXT)).toEqual({ error: 'email_id: is required' });
      expect(resend.map({ ...clicked, created_at: undefined }, 'email_event', CONTEXT)).toEqual({ error: 'created_at: is required (the time of the event, its version)' });
      expect(resend.map({ ...clicked, data: { ...(clicked.data as object), click: { timestamp: 'soon' } } }, 'email_event', CONTEXT)).toEqual({ error: 'click.timestamp: must be a date-time (ISO 8601) or epoch seconds' });
    });
  });

  describe('jira', () => {
    it('maps the documented issue', () => {
      expect(mapFixture('jira', 'issue', 'issue')).toEqual({
        recordId: '99291',
        version: '2011-06-07T10:31:26.805-0500',
        events: [
          {
            event: 'issue.updated',
            messageId: 'jira:issue:99291:2011-06-07T10:31:26.805-0500:issue.updated',
            actor: {
              type: 'user',
              id: 'brollins',
              name: 'Bryan Rollins [Atlassian]'
            },
            object: {
              type: 'issue',
              id: 'JRA-20002'
            },
            source: {
              platform: 'jira'
            },
            properties: {
              issueId: '99291',
              key: 'JRA-20002',
              summary: 'I feel the need for speed',
              priority: 'Minor',
              labels: [
                'UI',
                'dialogue',
                'move'
              ],
              changedFields: [
                'summary',
                'issuetype'
              ],
              changes: [
                {
                  field: 'summary',
                  from: 'What is going on here?????',
                  to: 'A new summary.'
                },
                {
                  field: 'issuetype',
                  from: 'Improvement',
                  to: 'New Feature'
                }
              ],
              raw: {
                description: 'Make the issue nav load 10x faster',
                delivery: {
                  id: 2
                }
              }
            },
            timestamp: Date.parse('2011-06-07T15:31:26.805Z'),
            context: {
              connector: {
                provider: 'jira',
                recordType: 'issue',
                recordId: '99291',
                version: '2011-06-07T10:31:26.805-0500'
              }
            }
          }
        ]
      });
    });

    it('maps a bare REST issue to issue.created, takes the webhook event as hint, and names the field it cannot map', () => {
      const delivery = fixture('jira').records.issue!;
      expect(jira.webhook).toBe('hub_signature');
      expect(jira.webhookRecords!(delivery, {})).toEqual({ records: [delivery], recordType: 'jira:issue_updated' });
      expect(jira.recordTypeOf(delivery, 'jira:issue_updated')).toBe('issue');
      const issue = { id: '10002', key: 'ED-1', fields: { summary: 'Main order flow broken', status: { name: 'In Progress' }, priority: { name: 'High' }, updated: '2024-01-09T10:00:00.000+0000', created: '2024-01-08T10:00:00.000+0000' } };
      expect(jira.map(issue, jira.recordTypeOf(issue, undefined)!, CONTEXT)).toMatchObject({
        recordId: '10002',
        version: '2024-01-09T10:00:00.000+0000',
        events: [{ event: 'issue.created', updatedEvent: 'issue.updated', messageId: 'jira:issue:10002:2024-01-09T10:00:00.000+0000', object: { type: 'issue', id: 'ED-1' }, properties: { status: 'In Progress', priority: 'High' } }],
      });
      expect(jira.map({ ...delivery, issue: { key: 'JRA-1', fields: {} } }, 'issue', CONTEXT)).toEqual({ error: 'id: is required' });
      expect(jira.map({ ...delivery, webhookEvent: 'jira:worklog_updated' }, 'issue', CONTEXT)).toEqual({ error: "webhookEvent: 'jira:worklog_updated' is not an issue event (jira:issue_created, jira:issue_updated, jira:issue_deleted)" });
    });
  });

  describe('linear', () => {
    it('maps the documented comment', () => {
      expect(mapFixture('linear', 'comment', 'comment')).toEqual({
        recordId: '2174add1-f7c8-44e3-bbf3-2d60b5ea8bc9',
        version: '2020-01-23T12:53:18.084Z',
        events: [
          {
            event: 'issue.commented',
            messageId: 'linear:comment:2174add1-f7c8-44e3-bbf3-2d60b5ea8bc9:2020-01-23T12:53:18.084Z:created',
            actor: {
              type: 'user',
              id: 'aacdca22-6266-4c0a-ab3c-8fa70a26765c'
            },
            object: {
              type: 'issue',
              id: '539068e2-ae88-4d09-bd75-22eb4a59612f'
            },
            source: {
              platform: 'linear'
            },
            properties: {
              commentId: '2174add1-f7c8-44e3-bbf3-2d60b5ea8bc9',
              issueId: '539068e2-ae88-4d09-bd75-22eb4a59612f',
              edited: false,
              url: 'https://linear.app/issue/LIN-1778/foo-bar#comment-77217de3-fb52-4dad-bb9a-b356beb93de8',
              raw: {
                body: 'Indeed, I think this is definitely an improvement over the previous version.'
              }
            },
            timestamp: Date.parse('2020-01-23T12:53:18.084Z'),
            context: {
              connector: {
                provider: 'linear',
                recordType: 'comment',
                recordId: '2174add1-f7c8-44e3-bbf3-2d60b5ea8bc9',
                version: '2020-01-23T12:53:18.084Z'
              }
            }
          }
        ]
      });
    });

    it('maps an Issue delivery (the documented envelope around an Issue) with its changed fields, and names the field it cannot map', () => {
      const comment = fixture('linear').records.comment!;
      expect(linear.webhook).toBe('linear');
      expect(linear.webhookRecords!(comment, { 'linear-event': 'Comment' })).toEqual({ records: [comment], recordType: 'Comment' });
      const issue = {
        ...comment,
        action: 'update',
        type: 'Issue',
        data: { id: '539068e2-ae88-4d09-bd75-22eb4a59612f', identifier: 'LIN-1778', title: 'Foo bar', priority: 2, estimate: 3, state: { name: 'In Progress', type: 'started' }, updatedAt: '2020-01-24T09:00:00.000Z' },
        updatedFrom: { stateId: 'c02edc3a', updatedAt: '2020-01-23T12:53:18.084Z' },
      };
      expect(linear.map(issue, linear.recordTypeOf(issue, undefined)!, CONTEXT)).toMatchObject({
        recordId: '539068e2-ae88-4d09-bd75-22eb4a59612f',
        version: '2020-01-24T09:00:00.000Z',
        events: [{ event: 'issue.updated', object: { type: 'issue', id: 'LIN-1778' }, properties: { state: 'In Progress', stateType: 'started', priority: 2, estimate: 3, changedFields: ['stateId', 'updatedAt'] } }],
      });
      expect(linear.map({ ...comment, data: { body: 'x', issueId: '1' } }, 'comment', CONTEXT)).toEqual({ error: 'id: is required' });
      expect(linear.map({ ...comment, action: 'archive' }, 'comment', CONTEXT)).toEqual({ error: "action: 'archive' is not a data change action (create, update, remove)" });
      expect(linear.recordTypeOf({ type: 'Project', data: {} }, undefined)).toBeUndefined();
    });
  });

  describe('asana', () => {
    it('maps the documented event', () => {
      expect(mapFixture('asana', 'event', 'event')).toEqual({
        recordId: '12345',
        version: '2012-02-22T02:06:58.147Z:changed:assignee',
        events: [
          {
            event: 'task.updated',
            messageId: 'asana:event:12345:2012-02-22T02:06:58.147Z:changed:assignee',
            actor: {
              type: 'user',
              id: '12345',
              name: 'Greg Sanchez'
            },
            object: {
              type: 'task',
              id: '12345',
              name: 'Bug Task'
            },
            source: {
              platform: 'asana'
            },
            properties: {
              resourceId: '12345',
              resourceType: 'task',
              action: 'changed',
              parent: {
                type: 'task',
                id: '12345',
                name: 'Bug Task'
              },
              changedField: 'assignee',
              changeAction: 'changed',
              newValue: {
                type: 'user',
                id: '12345'
              }
            },
            timestamp: Date.parse('2012-02-22T02:06:58.147Z'),
            context: {
              connector: {
                provider: 'asana',
                recordType: 'event',
                recordId: '12345',
                version: '2012-02-22T02:06:58.147Z:changed:assignee'
              }
            }
          }
        ]
      });
    });

    it('maps the documented task', () => {
      expect(mapFixture('asana', 'task', 'task')).toEqual({
        recordId: '12345',
        version: '2012-02-22T02:06:58.147Z',
        events: [
          {
            event: 'task.created',
            updatedEvent: 'task.updated',
            messageId: 'asana:task:12345:2012-02-22T02:06:58.147Z',
            actor: {
              type: 'user',
              id: '1111'
            },
            object: {
              type: 'task',
              id: '12345'
            },
            source: {
              platform: 'asana'
            },
            properties: {
              taskId: '12345',
              name: 'Buy catnip',
              subtype: 'default_task',
              completed: false,
              completedAt: '2012-02-22T02:06:58.147Z',
              dueOn: '2019-09-15',
              startOn: '2019-09-14',
              projects: [
                '12345'
              ],
              minutes: 200,
              raw: {
                approval_status: 'pending',
                assignee_status: 'upcoming',
                num_subtasks: 3
              }
            },
            timestamp: Date.parse('2012-02-22T02:06:58.147Z'),
            context: {
              connector: {
                provider: 'asana',
                recordType: 'task',
                recordId: '12345',
                version: '2012-02-22T02:06:58.147Z'
              }
            }
          }
        ]
      });
    });

    it('splits a webhook delivery into its events, maps a completed task, and names the field it cannot map', () => {
      const { event, task } = fixture('asana').records;
      expect(asana.webhookRecords!({ events: [event, event] }, {})).toEqual({ records: [event, event], recordType: 'event' });
      expect(asana.map({ ...task, completed: true }, 'task', CONTEXT)).toMatchObject({ events: [{ event: 'task.completed', actor: { type: 'user', id: '12345', name: 'Greg Sanchez' }, properties: { completed: true } }] });
      expect(asana.map({ ...event, action: 'added', change: undefined }, 'event', CONTEXT)).toMatchObject({ events: [{ event: 'task.created', messageId: 'asana:event:12345:2012-02-22T02:06:58.147Z:added' }] });
      expect(asana.map({ ...event, resource: { resource_type: 'task' } }, 'event', CONTEXT)).toEqual({ error: 'gid: is required' });
      expect(asana.map({ ...event, created_at: 'later' }, 'event', CONTEXT)).toEqual({ error: 'created_at: must be a date-time (ISO 8601) or epoch seconds' });
      expect(asana.map({ ...task, gid: undefined }, 'task', CONTEXT)).toEqual({ error: 'gid: is required' });
    });
  });

  describe('fieldwire', () => {
    it('maps the documented task', () => {
      expect(mapFixture('fieldwire', 'task', 'task')).toEqual({
        recordId: '29ca4ad0-a413-48aa-b8b8-28242d3cc205',
        version: '2014-04-30T19:02:13.000Z',
        events: [
          {
            event: 'task.created',
            updatedEvent: 'task.updated',
            messageId: 'fieldwire:task:29ca4ad0-a413-48aa-b8b8-28242d3cc205:2014-04-30T19:02:13.000Z',
            actor: {
              type: 'user',
              id: '2'
            },
            object: {
              type: 'task',
              id: '29ca4ad0-a413-48aa-b8b8-28242d3cc205'
            },
            source: {
              platform: 'fieldwire'
            },
            properties: {
              taskId: '29ca4ad0-a413-48aa-b8b8-28242d3cc205',
              jobId: 'aceb1617-2dcf-4b01-a6b1-d8ae02bc3027',
              name: 'Panels are chipped.',
              priority: 2,
              number: 14,
              floorplanId: 'd94f128b-d5a0-4325-95d8-32457af9ab3b',
              raw: {
                device_created_at: '2014-04-30T19:02:13.000Z',
                device_updated_at: '2014-04-30T19:02:13.000Z',
                resolved_conflict: false,
                pos_x: 652,
                pos_y: 73,
                pos_z: 0,
                task_id: '0bee6768-3948-4765-9087-dc86cabd41d6',
                is_local: true,
                is_private: false
              }
            },
            timestamp: Date.parse('2014-04-30T19:02:13.000Z'),
            context: {
              connector: {
                provider: 'fieldwire',
                recordType: 'task',
                recordId: '29ca4ad0-a413-48aa-b8b8-28242d3cc205',
                version: '2014-04-30T19:02:13.000Z'
              }
            }
          }
        ]
      });
    });

    it('maps the documented completed', () => {
      expect(mapFixture('fieldwire', 'completed', 'task')).toEqual({
        recordId: '75d68ca1-0fc1-456a-bd9d-8b23875ac540',
        version: '2014-04-30T19:02:14.000Z',
        events: [
          {
            event: 'task.completed',
            messageId: 'fieldwire:task:75d68ca1-0fc1-456a-bd9d-8b23875ac540:2014-04-30T19:02:14.000Z',
            actor: {
              type: 'user',
              id: '2'
            },
            object: {
              type: 'task',
              id: '75d68ca1-0fc1-456a-bd9d-8b23875ac540'
            },
            source: {
              platform: 'fieldwire'
            },
            properties: {
              taskId: '75d68ca1-0fc1-456a-bd9d-8b23875ac540',
              jobId: 'aceb1617-2dcf-4b01-a6b1-d8ae02bc3027',
              name: 'Light socket under 2nd diffuser not getting power',
              priority: 2,
              number: 16,
              floorplanId: 'd94f128b-d5a0-4325-95d8-32457af9ab3b',
              teamId: '3919a956-6f5b-4a25-abd8-eefa81378ef0',
              fixedAt: '2014-04-30T19:02:14.000Z',
              verifiedAt: '2014-04-30T19:02:14.000Z',
              raw: {
                device_created_at: '2014-04-30T19:02:14.000Z',
                device_updated_at: '2014-04-30T19:02:14.000Z',
                resolved_conflict: false,
                pos_x: 1071,
                pos_y: 457,
                pos_z: 0,
                is_local: true,
                is_private: false
              }
            },
            timestamp: Date.parse('2014-04-30T19:02:14.000Z'),
            context: {
              connector: {
                provider: 'fieldwire',
                recordType: 'task',
                recordId: '75d68ca1-0fc1-456a-bd9d-8b23875ac540',
                version: '2014-04-30T19:02:14.000Z'
              }
            }
          }
        ]
      });
    });

    it('names the field of a task it cannot map, and tells a task by its shape', () => {
      const task = fixture('fieldwire').records.task!;
      expect(fieldwire.map({ ...task, id: undefined }, 'task', CONTEXT)).toEqual({ error: 'id: is required' });
      expect(fieldwire.map({ ...task, updated_at: 'tomorrow' }, 'task', CONTEXT)).toEqual({ error: 'updated_at: must be a date-time (ISO 8601) or epoch seconds' });
      expect(fieldwire.map({ ...task, deleted_at: '2014-05-01T00:00:00.000Z' }, 'task', CONTEXT)).toMatchObject({ events: [{ event: 'task.deleted' }] });
      expect(fieldwire.recordTypeOf({ name: 'x' }, undefined)).toBeUndefined();
    });
  });

  describe('procore', () => {
    it('maps the documented rfi', () => {
      expect(mapFixture('procore', 'rfi', 'rfi')).toEqual({
        recordId: '54321',
        version: '2025-02-06T23:34:12.246562Z',
        events: [
          {
            event: 'rfi.updated',
            messageId: 'procore:rfi:54321:2025-02-06T23:34:12.246562Z:update',
            actor: {
              type: 'user',
              id: '987654321'
            },
            object: {
              type: 'rfi',
              id: '54321'
            },
            source: {
              platform: 'procore'
            },
            properties: {
              rfiId: '54321',
              resource: 'RFIs',
              jobId: '2468013579',
              companyId: '1357908642',
              deliveryId: '0A1B2C3D4F5G6H7I8J9K0LMN',
              payloadVersion: 'v2.0',
              raw: {
                metadata: {
                  source_user_id: 987654321,
                  source_project_id: 2468013579,
                  source_operation_id: null,
                  source_company_id: 1357908642,
                  source_application_id: null
                }
              }
            },
            timestamp: Date.parse('2025-02-06T23:34:12.246Z'),
            context: {
              connector: {
                provider: 'procore',
                recordType: 'rfi',
                recordId: '54321',
                version: '2025-02-06T23:34:12.246562Z'
              }
            }
          }
        ]
      });
    });

    it('maps a v4.0 delivery of a mapped resource, leaves other resources untyped, and names the field it cannot map', () => {
      const { rfi, v4 } = fixture('procore').records;
      expect(procore.recordTypeOf(v4!, undefined)).toBeUndefined();
      const changeOrder = { ...v4, resource_type: 'Change Order Packages' };
      expect(procore.map(changeOrder, procore.recordTypeOf(changeOrder, undefined)!, CONTEXT)).toEqual({
        recordId: '379913',
        version: '2025-02-25T16:04:43.619085Z',
        events: [
          {
            event: 'change_order.updated',
            messageId: 'procore:change_order:379913:2025-02-25T16:04:43.619085Z:update',
            actor: { type: 'user', id: '5447' },
            object: { type: 'change_order', id: '379913' },
            source: { platform: 'procore' },
            properties: { changeOrderId: '379913', resource: 'Change Order Packages', jobId: '6778', companyId: '8', deliveryId: '01JMYXMZRBVKK0PC6XS8SA4QRE' },
            timestamp: Date.parse('2025-02-25T16:04:43.619Z'),
            context: { connector: { provider: 'procore', recordType: 'change_order', recordId: '379913', version: '2025-02-25T16:04:43.619085Z' } },
          },
        ],
      });
      expect(procore.map({ ...rfi, resource_id: undefined }, 'rfi', CONTEXT)).toEqual({ error: 'resource_id: is required' });
      expect(procore.map({ ...rfi, timestamp: undefined }, 'rfi', CONTEXT)).toEqual({ error: 'timestamp: is required (the time of the change, its version)' });
    });
  });

  describe('servicenow', () => {
    it('maps the documented incident', () => {
      expect(mapFixture('servicenow', 'incident', 'incident')).toEqual({
        recordId: '46cebb88a9fe198101aee93734f9768b',
        version: '2020-09-24 19:54:48#5',
        events: [
          {
            event: 'ticket.resolved',
            messageId: 'servicenow:incident:46cebb88a9fe198101aee93734f9768b:2020-09-24 19:54:48#5',
            actor: {
              type: 'user',
              id: '681ccaf9c0a8016400b98a06818d57c7'
            },
            object: {
              type: 'ticket',
              id: 'INC0000013'
            },
            source: {
              platform: 'servicenow'
            },
            properties: {
              ticketId: '46cebb88a9fe198101aee93734f9768b',
              number: 'INC0000013',
              summary: 'EMAIL is slow when an attachment is involved',
              description: 'Noticing today that any time I send an email with an attachment, it takes at least 20 seconds to send.',
              state: '7',
              priority: '1',
              impact: '1',
              urgency: '1',
              category: 'inquiry',
              assignedTo: '5137153cc611227c000bbd1bd8cd2007',
              assignmentGroup: '8a4dde73c6112278017a6a4baf547aa7',
              openedAt: '2020-07-06 23:15:58',
              resolvedAt: '2020-09-24 19:54:48',
              closedAt: '2020-07-07 23:18:40',
              raw: {
                active: 'false',
                approval: 'not requested',
                close_code: 'Solved (Work Around)',
                close_notes: 'Gave workaround',
                closed_by: '9ee1b13dc6112271007f9d0efdb69cd0',
                company: '31bea3d53790200044e0bfc8bcbe5dec',
                contact_type: 'phone',
                incident_state: '7',
                reassignment_count: '2',
                resolved_by: '6816f79cc0a8016401c5a33be04be441',
                severity: '3',
                sys_created_by: 'don.goodliffe'
              }
            },
            timestamp: Date.parse('2020-09-24T19:54:48.000Z'),
            context: {
              connector: {
                provider: 'servicenow',
                recordType: 'incident',
                recordId: '46cebb88a9fe198101aee93734f9768b',
                version: '2020-09-24 19:54:48#5'
              }
            }
          }
        ]
      });
    });

    it('maps the documented change_request', () => {
      expect(mapFixture('servicenow', 'change_request', 'change_request')).toEqual({
        recordId: '70ad699e47410200e90d87e8dee4907d',
        version: '2015-07-06 18:18:53#8',
        events: [
          {
            event: 'change_request.closed',
            messageId: 'servicenow:change_request:70ad699e47410200e90d87e8dee4907d:2015-07-06 18:18:53#8',
            actor: {
              type: 'user',
              id: '6816f79cc0a8016401c5a33be04be441'
            },
            object: {
              type: 'change_request',
              id: 'CHG0000023'
            },
            source: {
              platform: 'servicenow'
            },
            properties: {
              changeRequestId: '70ad699e47410200e90d87e8dee4907d',
              number: 'CHG0000023',
              summary: 'Decommission server',
              description: 'Decommission a server',
              state: '3',
              priority: '4',
              impact: '3',
              urgency: '3',
              risk: '3',
              type: 'standard',
              category: 'Other',
              assignmentGroup: 'd625dccec0a8016700a222a0f7900d06',
              openedAt: '2015-07-06 18:17:21',
              closedAt: '2015-07-06 18:18:53',
              raw: {
                active: 'false',
                approval: 'approved',
                close_code: 'successful',
                close_notes: 'Completed successfully',
                phase: 'requested',
                work_end: '2015-07-06 18:18:34',
                work_start: '2015-07-06 18:17:41'
              }
            },
            timestamp: Date.parse('2015-07-06T18:18:53.000Z'),
            context: {
              connector: {
                provider: 'servicenow',
                recordType: 'change_request',
                recordId: '70ad699e47410200e90d87e8dee4907d',
                version: '2015-07-06 18:18:53#8'
              }
            }
          }
        ]
      });
    });

    it('reads a { result } response, maps an open incident to ticket.created, and names the field it cannot map', () => {
      const incident = fixture('servicenow').records.incident!;
      const open = { ...incident, state: '2', resolved_at: '', closed_at: '' };
      expect(servicenow.recordTypeOf({ result: open }, undefined)).toBe('incident');
      expect(servicenow.map({ result: open }, 'incident', CONTEXT)).toMatchObject({
        events: [{ event: 'ticket.created', updatedEvent: 'ticket.updated', timestamp: Date.parse('2020-07-06T23:15:58Z'), properties: { state: '2' } }],
      });
      expect(servicenow.recordTypeOf({ number: 'CHG0000001', sys_id: 'x' }, undefined)).toBe('change_request');
      expect(servicenow.map({ ...incident, sys_id: '' }, 'incident', CONTEXT)).toEqual({ error: 'sys_id: is required' });
      expect(servicenow.map({ ...incident, resolved_at: 'soon' }, 'incident', CONTEXT)).toEqual({ error: 'resolved_at: must be a date-time (YYYY-MM-DD hh:mm:ss, UTC)' });
    });
  });

  describe('ga4', () => {
    it('maps the documented report', () => {
      expect(mapFixture('ga4', 'report', 'report')).toEqual({
        recordId: 'report:country|activeUsers',
        version: 'm3tJLGBagQOQfPxz',
        events: [
          {
            event: 'traffic.reported',
            messageId: 'ga4:row:Japan:5VZZxZETyMHM7XCC:MPIfj5TDsDOh0ayu',
            source: {
              platform: 'ga4'
            },
            properties: {
              metrics: {
                activeUsers: 2541
              },
              dimensions: {
                country: 'Japan'
              },
              raw: {
                rowCount: 2
              }
            },
            timestamp: Date.parse('2026-12-04T12:00:00.000Z'),
            context: {
              connector: {
                provider: 'ga4',
                recordType: 'report',
                recordId: 'report:country|activeUsers',
                version: 'm3tJLGBagQOQfPxz'
              }
            }
          },
          {
            event: 'traffic.reported',
            messageId: 'ga4:row:France:s1KUN6zm-m3B-Cgg:MPIfj5TDsDOh0ayu',
            source: {
              platform: 'ga4'
            },
            properties: {
              metrics: {
                activeUsers: 12
              },
              dimensions: {
                country: 'France'
              }
            },
            timestamp: Date.parse('2026-12-04T12:00:00.000Z'),
            context: {
              connector: {
                provider: 'ga4',
                recordType: 'report',
                recordId: 'report:country|activeUsers',
                version: 'm3tJLGBagQOQfPxz'
              }
            }
          }
        ]
      });
    });

    it('maps a report by date, source, medium and campaign to touchpoints with sessions, conversions and revenue', () => {
      // The documented response shape, with the dimensions and metrics the attribution reads (Google documents no such sample).
      const report = {
        dimensionHeaders: [{ name: 'date' }, { name: 'sessionSource' }, { name: 'sessionMedium' }, { name: 'sessionCampaignName' }],
        metricHeaders: [{ name: 'sessions', type: 'TYPE_INTEGER' }, { name: 'keyEvents', type: 'TYPE_INTEGER' }, { name: 'totalRevenue', type: 'TYPE_CURRENCY' }],
        rows: [{ dimensionValues: [{ value: '20231025' }, { value: 'google' }, { value: 'cpc' }, { value: 'fall_sale' }], metricValues: [{ value: '1135' }, { value: '12' }, { value: '73.0841' }] }],
        metadata: { currencyCode: 'USD', timeZone: 'America/Los_Angeles' },
        rowCount: 1,
      };
      const mapped = ga4.map(report, ga4.recordTypeOf(report, undefined)!, CONTEXT);
      expect(mapped).toMatchObject({
        recordId: 'report:date,sessionSource,sessionMedium,sessionCampaignName|sessions,keyEvents,totalRevenue',
        events: [
          {
            event: 'traffic.reported',
            object: { type: 'campaign', id: 'fall_sale' },
            source: { platform: 'ga4', channel: 'google', medium: 'cpc', campaign: 'fall_sale' },
            attribution: { source: 'google', medium: 'cpc', campaign: 'fall_sale' },
            properties: { date: '20231025', sessions: 1135, conversions: 12, revenue: 73.0841, currency: 'USD', metrics: { sessions: 1135, keyEvents: 12, totalRevenue: 73.0841 }, raw: { rowCount: 1 } },
            timestamp: Date.UTC(2023, 9, 25),
          },
        ],
      });
      expect((mapped as { events: Array<{ messageId: string }> }).events[0]!.messageId).toMatch(/^ga4:row:20231025\|google\|cpc\|fall_sale:20231025:/);
      expect(ga4.map({ ...report, metadata: {} }, 'report', CONTEXT)).toEqual({ error: 'metadata.currencyCode: is required (an ISO 4217 currency code)' });
      const bad = { ...report, rows: [{ ...report.rows[0], metricValues: [{ value: '1135' }, { value: 'many' }, { value: '1' }] }] };
      expect(ga4.map(bad, 'report', CONTEXT)).toEqual({ error: 'rows[0].metricValues[1].value: must be a number (keyEvents)' });
      expect(ga4.map({ ...report, metricHeaders: [{}] }, 'report', CONTEXT)).toEqual({ error: 'metricHeaders[0].name: is required' });
      expect(ga4.recordTypeOf({ rows: [] }, undefined)).toBeUndefined();
    });
  });
});
