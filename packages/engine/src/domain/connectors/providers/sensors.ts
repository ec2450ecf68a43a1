import { compact, connectorMessageId, isRecord, mappedEvent, mapping, MappingError, optionalText, optionalTime, unmappedFields, type RawRecord } from '../mapping.js';
import type { ConnectorProvider, MapContext, MapResult } from '../provider.js';

/**
 * Sensor readings as OGC SensorThings API Observations (OGC 18-088, https://docs.ogc.org/is/18-088/18-088.html#observation):
 * an Observation becomes `sensor.reading` with its numeric `result` as `properties.value` (another result type is kept
 * as `result`), its phenomenon and result times, and, when the Observation comes with its Datastream (read with
 * `$expand=Datastream`, or posted with `"Datastream": {"@iot.id": …}`), the Datastream as the acting sensor (actor and
 * trackable) with its unit of measurement. The version is the result time, so a corrected Observation is a new event.
 */
const PROVIDER = 'sensors';

/** SensorThings ids are `@iot.id` (a dotted key, so not read by path), a number or a string. */
function iotId(record: RawRecord, key: string, owner = ''): string | undefined {
  const value = record[key];
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  throw new MappingError(`${owner}${key}: must be a string or a number`);
}

/** A time or a time interval (`start/end`): its start, in ms. */
function timeOf(record: RawRecord, key: string): number | undefined {
  const value = record[key];
  if (typeof value === 'string' && value.includes('/')) return optionalTime({ [key]: value.split('/')[0] }, key);
  return optionalTime(record, key);
}

function mapObservation(record: RawRecord, context: MapContext): MapResult {
  const recordId = iotId(record, '@iot.id');
  if (recordId === undefined) throw new MappingError('@iot.id: is required');
  const resultTime = optionalText(record, 'resultTime');
  const phenomenonTime = optionalText(record, 'phenomenonTime');
  const version = resultTime ?? phenomenonTime ?? '0';
  if (!('result' in record)) throw new MappingError('result: is required');
  const result = record.result;
  const datastream = isRecord(record.Datastream) ? record.Datastream : undefined;
  const datastreamId = datastream ? iotId(datastream, '@iot.id', 'Datastream.') : undefined;
  const unit = datastream && isRecord(datastream.unitOfMeasurement) ? datastream.unitOfMeasurement : undefined;
  const feature = isRecord(record.FeatureOfInterest) ? iotId(record.FeatureOfInterest, '@iot.id', 'FeatureOfInterest.') : undefined;
  const sensor = datastreamId === undefined ? undefined : compact({ type: 'sensor', id: datastreamId, name: datastream ? optionalText(datastream, 'name') : undefined });
  const event = mappedEvent(
    {
      event: 'sensor.reading',
      messageId: connectorMessageId(PROVIDER, 'observation', recordId, version),
      businessId: context.businessId,
      actor: sensor,
      object: feature === undefined ? undefined : { type: 'feature_of_interest', id: feature },
      trackable: compact({ kind: 'sensor', datastreamId, observationId: recordId }),
      source: { platform: 'sensorthings', channel: 'sensor' },
      properties: compact({
        observationId: recordId,
        value: typeof result === 'number' && Number.isFinite(result) ? result : undefined,
        result: typeof result === 'number' ? undefined : (result as unknown),
        unit: unit ? (optionalText(unit, 'symbol') ?? optionalText(unit, 'name')) : undefined,
        unitDefinition: unit ? optionalText(unit, 'definition') : undefined,
        phenomenonTime,
        resultTime,
        raw: unmappedFields(record, ['@iot.id', 'result', 'resultTime', 'phenomenonTime', 'Datastream', 'FeatureOfInterest']),
      }),
      timestamp: timeOf(record, 'phenomenonTime') ?? timeOf(record, 'resultTime') ?? context.receivedAt,
    },
    { provider: PROVIDER, recordType: 'observation', recordId, version },
  );
  return { recordId, version, events: [event] };
}

export const sensors: ConnectorProvider = {
  id: PROVIDER,
  title: 'Sensors (OGC SensorThings API)',
  vertical: null,
  webhook: 'hmac_sha256',
  recordTypes: [{ name: 'observation', description: 'A SensorThings Observation → sensor.reading with value = its numeric result; its Datastream (when expanded or linked) is the acting sensor.' }],
  recordTypeOf(record, hint) {
    if (hint !== undefined) return hint === 'Observation' || hint === 'Observations' ? 'observation' : hint;
    return 'result' in record && ('phenomenonTime' in record || 'resultTime' in record) ? 'observation' : undefined;
  },
  map(record, recordType, context) {
    return mapping(() => {
      if (recordType === 'observation') return mapObservation(record, context);
      return { error: `recordType: '${recordType}' is not a sensors record type (observation)` };
    });
  },
  /** A SensorThings collection (`{"value": [Observation, …]}`, with `@iot.count`/`@iot.nextLink`) gives its Observations. */
  webhookRecords(body) {
    if (isRecord(body) && Array.isArray(body.value)) return { records: body.value, recordType: 'observation' };
    return { records: [body] };
  },
};
