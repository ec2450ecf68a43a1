import { EngineError } from '../../../errors/engine-error.js';
import { decodeSgtin96 } from '../../trackables/codes/sgtin96.js';
import { gs1CheckDigit } from '../../trackables/codes/gtin.js';
import { compact, connectorMessageId, isRecord, mappedEvent, mapping, MappingError, optionalText, optionalTime, requiredId, unmappedFields, versionOf, type RawRecord } from '../mapping.js';
import type { ConnectorProvider, MapContext, MapResult, MappedEvent } from '../provider.js';

/**
 * RFID reads as GS1 EPCIS 2.0 events (JSON / JSON-LD, https://ref.gs1.org/standards/epcis/): an ObjectEvent becomes
 * one `rfid.read` per EPC of its `epcList`, the tag as the object and as the `trackable` (kind `rfid`, the EPC, and
 * for an SGTIN its GTIN and serial), the read point as the actor, and the CBV business step, disposition and
 * location in properties. An EPC given as the 96-bit hex of an SGTIN-96 tag is decoded to its pure identity URI.
 * A capture body (an EPCISDocument) is unwrapped into its events by `webhookRecords`.
 */
const PROVIDER = 'rfid';

interface Epc {
  epc: string;
  gtin?: string;
  serial?: string;
}

/** `urn:epc:id:sgtin:CompanyPrefix.ItemRefAndIndicator.Serial` → GTIN-14 (indicator, prefix, item reference, check digit) and serial. */
function epcOf(value: string, path: string): Epc {
  if (/^[0-9A-Fa-f]{24}$/.test(value)) {
    try {
      const decoded = decodeSgtin96(value, path);
      return { epc: decoded.pureIdentityUri, gtin: decoded.gtin, serial: decoded.serial };
    } catch (thrown) {
      if (EngineError.isInstance(thrown)) throw new MappingError(`${path}: ${thrown.message}`);
      throw thrown;
    }
  }
  const sgtin = /^urn:epc:id:sgtin:(\d+)\.(\d+)\.(.+)$/.exec(value);
  if (sgtin && sgtin[1]!.length + sgtin[2]!.length === 13) {
    const [, prefix, itemReference, serial] = sgtin as unknown as [string, string, string, string];
    const body = `${itemReference[0]}${prefix}${itemReference.slice(1)}`;
    return { epc: value, gtin: `${body}${gs1CheckDigit(body)}`, serial: decodeURIComponent(serial) };
  }
  return { epc: value };
}

/** A CBV value in its bare form: `urn:epcglobal:cbv:bizstep:shipping` and `shipping` both → `shipping`. */
const cbv = (value: string | undefined) => value?.replace(/^urn:epcglobal:cbv:[a-z]+:/, '').replace(/^https:\/\/ref\.gs1\.org\/cbv\/[A-Za-z]+-/, '');

const placeId = (record: RawRecord, key: string) => (isRecord(record[key]) ? optionalText(record[key] as RawRecord, 'id') : optionalText(record, key));

function mapObjectEvent(record: RawRecord, context: MapContext): MapResult {
  const recordId = requiredId(record, 'eventID');
  const version = versionOf(record, ['eventTime']);
  const time = optionalTime(record, 'eventTime');
  if (time === undefined) throw new MappingError('eventTime: is required');
  const list = record.epcList;
  if (!Array.isArray(list) || list.length === 0) throw new MappingError('epcList: is required (the EPCs read)');
  const readPoint = placeId(record, 'readPoint');
  const bizTransactions = Array.isArray(record.bizTransactionList)
    ? record.bizTransactionList.filter(isRecord).map((item) => compact({ type: optionalText(item, 'type'), id: optionalText(item, 'bizTransaction') }))
    : undefined;
  const used = ['eventID', 'type', 'action', 'bizStep', 'disposition', 'epcList', 'eventTime', 'readPoint', 'bizLocation', 'bizTransactionList'];
  const raw = unmappedFields(record, used);
  const events: MappedEvent[] = list.map((item, index) => {
    if (typeof item !== 'string' || item === '') throw new MappingError(`epcList.${index}: must be an EPC URI`);
    const { epc, gtin, serial } = epcOf(item, `epcList.${index}`);
    return mappedEvent(
      {
        event: 'rfid.read',
        messageId: connectorMessageId(PROVIDER, 'object_event', recordId, version, list.length > 1 ? String(index) : undefined),
        businessId: context.businessId,
        actor: readPoint === undefined ? undefined : { type: 'read_point', id: readPoint },
        object: { type: 'rfid_tag', id: epc },
        trackable: compact({ kind: 'rfid', epc, gtin, serial }),
        source: { platform: PROVIDER, channel: 'rfid' },
        properties: compact({
          eventId: recordId,
          epc,
          gtin,
          serial,
          action: optionalText(record, 'action'),
          bizStep: cbv(optionalText(record, 'bizStep')),
          disposition: cbv(optionalText(record, 'disposition')),
          readPoint,
          bizLocation: placeId(record, 'bizLocation'),
          bizTransactions: bizTransactions && bizTransactions.length > 0 ? bizTransactions : undefined,
          epcCount: list.length > 1 ? list.length : undefined,
          raw,
        }),
        timestamp: time,
      },
      { provider: PROVIDER, recordType: 'object_event', recordId, version },
    );
  });
  return { recordId, version, events };
}

export const rfid: ConnectorProvider = {
  id: PROVIDER,
  title: 'RFID (GS1 EPCIS 2.0)',
  vertical: null,
  webhook: 'hmac_sha256',
  recordTypes: [{ name: 'object_event', description: 'An EPCIS 2.0 ObjectEvent → one rfid.read per EPC of its epcList, with the tag as the trackable and the read point as the actor.' }],
  recordTypeOf(record, hint) {
    if (hint !== undefined) return hint === 'ObjectEvent' ? 'object_event' : hint;
    if (typeof record.type === 'string') return record.type === 'ObjectEvent' ? 'object_event' : undefined;
    return Array.isArray(record.epcList) && 'eventTime' in record ? 'object_event' : undefined;
  },
  map(record, recordType, context) {
    return mapping(() => {
      if (recordType === 'object_event') return mapObjectEvent(record, context);
      return { error: `recordType: '${recordType}' is not an RFID record type (object_event)` };
    });
  },
  /** An EPCISDocument (capture body) gives its `epcisBody.eventList`; a single event is one record. */
  webhookRecords(body) {
    if (isRecord(body) && isRecord(body.epcisBody) && Array.isArray(body.epcisBody.eventList)) return { records: body.epcisBody.eventList };
    return { records: [body] };
  },
};
