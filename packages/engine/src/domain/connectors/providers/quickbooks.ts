import { compact, connectorMessageId, currencyOf, isRecord, mappedEvent, mapping, optionalNumber, optionalText, optionalTime, requiredId, requiredNumber, unmappedFields, versionOf, type RawRecord } from '../mapping.js';
import type { ConnectorProvider, MapContext, MapResult } from '../provider.js';

/**
 * QuickBooks Online Accounting API (https://developer.intuit.com/app/developer/qbo/docs/api/accounting/all-entities/invoice,
 * .../payment): an Invoice becomes `invoice.sent` (amount = TotalAmt), a Payment one `invoice.paid` per invoice it is
 * applied to (amount = that line's Amount; a payment applied to none is `payment.received`). The version is
 * MetaData.LastUpdatedTime. `CurrencyRef` is only sent by multicurrency companies: without it the amount is taken as
 * USD. Intuit's webhooks carry entity ids only (the records are read afterwards), so records come through the ingest
 * call, bare or as a read response (`{"Invoice": {...}, "time": ...}`).
 */
const PROVIDER = 'quickbooks';
const HOME_CURRENCY = 'USD';

const list = (value: unknown): RawRecord[] => (Array.isArray(value) ? value.filter(isRecord) : []);

/** The entity of a read response (`{"Invoice": {...}}`), or the record itself. */
function unwrap(record: RawRecord): RawRecord {
  for (const key of ['Invoice', 'Payment']) if (isRecord(record[key])) return record[key];
  return record;
}

function customer(record: RawRecord): { type: string; id: string; name?: string } | undefined {
  const id = optionalText(record, 'CustomerRef.value');
  return id === undefined ? undefined : compact({ type: 'customer', id, name: optionalText(record, 'CustomerRef.name') });
}

const versionPaths = ['MetaData.LastUpdatedTime', 'SyncToken'];

function mapInvoice(record: RawRecord, context: MapContext): MapResult {
  const invoice = unwrap(record);
  const recordId = requiredId(invoice, 'Id');
  const version = versionOf(invoice, versionPaths);
  const amount = requiredNumber(invoice, 'TotalAmt');
  const currency = currencyOf(invoice, 'CurrencyRef.value', HOME_CURRENCY);
  const used = ['Id', 'TotalAmt', 'Balance', 'CurrencyRef', 'CustomerRef', 'ProjectRef', 'DocNumber', 'DueDate', 'TxnDate', 'MetaData', 'SyncToken', 'Line', 'domain', 'sparse'];
  const event = mappedEvent(
    {
      event: 'invoice.sent',
      updatedEvent: 'invoice.updated',
      messageId: connectorMessageId(PROVIDER, 'invoice', recordId, version),
      businessId: context.businessId,
      actor: customer(invoice),
      object: { type: 'invoice', id: recordId },
      source: { platform: PROVIDER },
      properties: compact({
        invoiceId: recordId,
        jobId: optionalText(invoice, 'ProjectRef.value'),
        amount,
        currency,
        balance: optionalNumber(invoice, 'Balance'),
        number: optionalText(invoice, 'DocNumber'),
        dueDate: optionalText(invoice, 'DueDate'),
        lines: list(invoice.Line).filter((line) => optionalText(line, 'DetailType') === 'SalesItemLineDetail').length || undefined,
        raw: unmappedFields(invoice, used),
      }),
      timestamp: optionalTime(invoice, 'MetaData.CreateTime') ?? optionalTime(invoice, 'TxnDate') ?? context.receivedAt,
    },
    { provider: PROVIDER, recordType: 'invoice', recordId, version },
  );
  return { recordId, version, events: [event] };
}

function mapPayment(record: RawRecord, context: MapContext): MapResult {
  const payment = unwrap(record);
  const recordId = requiredId(payment, 'Id');
  const version = versionOf(payment, versionPaths);
  const total = requiredNumber(payment, 'TotalAmt');
  const currency = currencyOf(payment, 'CurrencyRef.value', HOME_CURRENCY);
  const provenance = { provider: PROVIDER, recordType: 'payment', recordId, version };
  const raw = unmappedFields(payment, ['Id', 'TotalAmt', 'UnappliedAmt', 'CurrencyRef', 'CustomerRef', 'ProjectRef', 'TxnDate', 'MetaData', 'SyncToken', 'Line', 'domain', 'sparse']);
  const timestamp = optionalTime(payment, 'MetaData.CreateTime') ?? optionalTime(payment, 'TxnDate') ?? context.receivedAt;
  // A newer version of a payment is payment.updated, so sums of invoice.paid count each payment once.
  const common = { businessId: context.businessId, actor: customer(payment), source: { platform: PROVIDER }, timestamp, updatedEvent: 'payment.updated' };
  const applied = list(payment.Line).flatMap((line) =>
    list(line.LinkedTxn)
      .filter((linked) => optionalText(linked, 'TxnType') === 'Invoice')
      .map((linked) => ({ invoiceId: requiredId(linked, 'TxnId'), amount: requiredNumber(line, 'Amount') })),
  );
  const shared = compact({ paymentId: recordId, paymentTotal: total, unapplied: optionalNumber(payment, 'UnappliedAmt'), jobId: optionalText(payment, 'ProjectRef.value'), raw });
  if (applied.length === 0) {
    const event = mappedEvent(
      { ...common, event: 'payment.received', messageId: connectorMessageId(PROVIDER, 'payment', recordId, version), object: { type: 'payment', id: recordId }, properties: { amount: total, currency, ...shared } },
      provenance,
    );
    return { recordId, version, events: [event] };
  }
  const events = applied.map(({ invoiceId, amount }) =>
    mappedEvent(
      {
        ...common,
        event: 'invoice.paid',
        messageId: connectorMessageId(PROVIDER, 'payment', recordId, version, invoiceId),
        object: { type: 'invoice', id: invoiceId },
        properties: { invoiceId, amount, currency, ...shared },
      },
      provenance,
    ),
  );
  return { recordId, version, events };
}

export const quickbooks: ConnectorProvider = {
  id: PROVIDER,
  title: 'QuickBooks Online',
  vertical: 'field_services',
  recordTypes: [
    { name: 'invoice', description: 'An Invoice → invoice.sent with amount = TotalAmt (ProjectRef as jobId); a newer LastUpdatedTime → invoice.updated.' },
    { name: 'payment', description: 'A Payment → invoice.paid per invoice it is applied to (amount = the line amount); applied to none → payment.received; a newer version → payment.updated.' },
  ],
  recordTypeOf(record, hint) {
    if (hint !== undefined) return hint.toLowerCase();
    if (isRecord(record.Invoice)) return 'invoice';
    if (isRecord(record.Payment)) return 'payment';
    if ('UnappliedAmt' in record || 'PaymentMethodRef' in record || 'DepositToAccountRef' in record) return 'payment';
    if ('TotalAmt' in record && ('DueDate' in record || 'Balance' in record)) return 'invoice';
    return undefined;
  },
  map(record, recordType, context) {
    return mapping(() => {
      if (recordType === 'invoice') return mapInvoice(record, context);
      if (recordType === 'payment') return mapPayment(record, context);
      return { error: `recordType: '${recordType}' is not a QuickBooks record type (invoice, payment)` };
    });
  },
};
