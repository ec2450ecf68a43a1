import { compact, connectorMessageId, currencyOf, isRecord, MappingError, mappedEvent, mapping, optionalNumber, optionalText, requiredId, requiredNumber, unmappedFields, type RawRecord } from '../mapping.js';
import type { ConnectorProvider, MapContext, MapResult } from '../provider.js';

/**
 * Xero Accounting API (https://developer.xero.com/documentation/api/accounting/invoices, .../payments): a sales
 * invoice (Type ACCREC) becomes `invoice.sent` (amount = Total), a bill (ACCPAY) `bill.received`; a Payment
 * `invoice.paid` for its invoice (amount = Amount). Xero writes times as `/Date(<ms>+0000)/`; the version is
 * UpdatedDateUTC in ISO 8601. Xero's webhooks carry resource ids only, so records come through the ingest call, bare
 * or as a response (`{"Invoices": [...]}` is split by the caller).
 */
const PROVIDER = 'xero';

/** A Xero time: `/Date(1551981568133+0000)/`, or ISO text; ms, or undefined when absent. */
function xeroTime(record: RawRecord, path: string): number | undefined {
  const value = optionalText(record, path);
  if (value === undefined) return undefined;
  const match = /^\/Date\((-?\d+)([+-]\d{4})?\)\/$/.exec(value);
  if (match) return Number(match[1]);
  const parsed = Date.parse(value);
  if (!Number.isFinite(parsed)) throw new MappingError(`${path}: must be a Xero /Date(ms)/ or an ISO 8601 time`);
  return parsed;
}

function versionOfRecord(record: RawRecord): string {
  const updated = xeroTime(record, 'UpdatedDateUTC');
  return updated === undefined ? '0' : new Date(updated).toISOString();
}

function contact(record: RawRecord): { type: string; id: string; name?: string; email?: string } | undefined {
  const id = optionalText(record, 'Contact.ContactID');
  return id === undefined ? undefined : compact({ type: 'customer', id, name: optionalText(record, 'Contact.Name'), email: optionalText(record, 'Contact.EmailAddress') });
}

function mapInvoice(invoice: RawRecord, context: MapContext): MapResult {
  const recordId = requiredId(invoice, 'InvoiceID');
  const version = versionOfRecord(invoice);
  const amount = requiredNumber(invoice, 'Total');
  const currency = currencyOf(invoice, 'CurrencyCode');
  const bill = optionalText(invoice, 'Type') === 'ACCPAY';
  const lines = Array.isArray(invoice.LineItems) ? invoice.LineItems.filter(isRecord) : [];
  const used = ['InvoiceID', 'InvoiceNumber', 'Type', 'Total', 'SubTotal', 'TotalTax', 'AmountDue', 'AmountPaid', 'CurrencyCode', 'Contact', 'Status', 'Date', 'DateString', 'DueDate', 'DueDateString', 'UpdatedDateUTC', 'UpdatedDateUTCString', 'LineItems', 'Payments'];
  const event = mappedEvent(
    {
      event: bill ? 'bill.received' : 'invoice.sent',
      updatedEvent: bill ? 'bill.updated' : 'invoice.updated',
      messageId: connectorMessageId(PROVIDER, 'invoice', recordId, version),
      businessId: context.businessId,
      actor: contact(invoice),
      object: { type: bill ? 'bill' : 'invoice', id: recordId },
      source: { platform: PROVIDER },
      properties: compact({
        invoiceId: recordId,
        number: optionalText(invoice, 'InvoiceNumber'),
        amount,
        currency,
        tax: optionalNumber(invoice, 'TotalTax'),
        amountDue: optionalNumber(invoice, 'AmountDue'),
        amountPaid: optionalNumber(invoice, 'AmountPaid'),
        status: optionalText(invoice, 'Status'),
        lines: lines.length > 0 ? lines.length : undefined,
        dueDate: xeroTime(invoice, 'DueDate') === undefined ? undefined : new Date(xeroTime(invoice, 'DueDate')!).toISOString(),
        raw: unmappedFields(invoice, used),
      }),
      timestamp: xeroTime(invoice, 'Date') ?? xeroTime(invoice, 'UpdatedDateUTC') ?? context.receivedAt,
    },
    { provider: PROVIDER, recordType: 'invoice', recordId, version },
  );
  return { recordId, version, events: [event] };
}

function mapPayment(payment: RawRecord, context: MapContext): MapResult {
  const recordId = requiredId(payment, 'PaymentID');
  const version = versionOfRecord(payment);
  const invoice = isRecord(payment.Invoice) ? payment.Invoice : {};
  const invoiceId = requiredId(payment, 'Invoice.InvoiceID');
  const amount = requiredNumber(payment, 'Amount');
  const currency = currencyOf(invoice, 'CurrencyCode');
  const used = ['PaymentID', 'Amount', 'BankAmount', 'CurrencyRate', 'Date', 'Invoice', 'PaymentType', 'Status', 'UpdatedDateUTC', 'UpdatedDateUTCString', 'Reference'];
  const event = mappedEvent(
    {
      event: 'invoice.paid',
      // A newer version of a payment is payment.updated, so sums of invoice.paid count each payment once.
      updatedEvent: 'payment.updated',
      messageId: connectorMessageId(PROVIDER, 'payment', recordId, version),
      businessId: context.businessId,
      actor: contact(invoice),
      object: { type: 'invoice', id: invoiceId },
      source: { platform: PROVIDER },
      properties: compact({
        invoiceId,
        invoiceNumber: optionalText(invoice, 'InvoiceNumber'),
        paymentId: recordId,
        amount,
        currency,
        paymentType: optionalText(payment, 'PaymentType'),
        status: optionalText(payment, 'Status'),
        reference: optionalText(payment, 'Reference'),
        raw: unmappedFields(payment, used),
      }),
      timestamp: xeroTime(payment, 'Date') ?? xeroTime(payment, 'UpdatedDateUTC') ?? context.receivedAt,
    },
    { provider: PROVIDER, recordType: 'payment', recordId, version },
  );
  return { recordId, version, events: [event] };
}

export const xero: ConnectorProvider = {
  id: PROVIDER,
  title: 'Xero',
  vertical: 'field_services',
  recordTypes: [
    { name: 'invoice', description: 'An Invoice: ACCREC → invoice.sent with amount = Total, ACCPAY → bill.received; a newer UpdatedDateUTC → invoice.updated / bill.updated.' },
    { name: 'payment', description: 'A Payment → invoice.paid for its invoice with amount = Amount; a newer version → payment.updated.' },
  ],
  recordTypeOf(record, hint) {
    if (hint !== undefined) return hint.toLowerCase().replace(/s$/, '');
    if ('PaymentID' in record && !('InvoiceID' in record)) return 'payment';
    if ('InvoiceID' in record) return 'invoice';
    return undefined;
  },
  map(record, recordType, context) {
    return mapping(() => {
      if (recordType === 'invoice') return mapInvoice(record, context);
      if (recordType === 'payment') return mapPayment(record, context);
      return { error: `recordType: '${recordType}' is not a Xero record type (invoice, payment)` };
    });
  },
};
