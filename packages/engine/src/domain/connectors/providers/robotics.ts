import { compact, connectorMessageId, isRecord, mappedEvent, mapping, MappingError, optionalNumber, optionalText, optionalTime, requiredId, unmappedFields, versionOf, type RawRecord } from '../mapping.js';
import type { ConnectorProvider, MapContext, MapResult, MappedEvent } from '../provider.js';

/**
 * Robots as VDA 5050 AGVs (https://github.com/VDA5050/VDA5050, the `state` topic's message, state.schema 2.x): a
 * state message becomes `robot.state_reported` (the robot, `manufacturer/serialNumber`, is the acting trackable; its
 * order is the object; battery, position, operating mode, safety and error counts in properties), plus one
 * `robot.action` per action that reached FINISHED or FAILED and one `robot.error` per active error. An AGV repeats
 * its action and error states in every state message until they change, so those events are keyed by the action
 * (its id and status) and the error (its type and references), not by the message: each is stored once.
 * A message is the record `manufacturer/serialNumber/headerId`, versioned by its timestamp (the headerId restarts
 * with the vehicle).
 */
const PROVIDER = 'robotics';

const ACTION_END = new Set(['FINISHED', 'FAILED']);

function listOf(record: RawRecord, key: string): RawRecord[] {
  const value = record[key];
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new MappingError(`${key}: must be a list`);
  return value.filter(isRecord);
}

function mapState(state: RawRecord, context: MapContext): MapResult {
  const manufacturer = requiredId(state, 'manufacturer');
  const serialNumber = requiredId(state, 'serialNumber');
  const headerId = requiredId(state, 'headerId');
  const robotId = `${manufacturer}/${serialNumber}`;
  const recordId = `${robotId}/${headerId}`;
  const version = versionOf(state, ['timestamp']);
  const time = optionalTime(state, 'timestamp') ?? context.receivedAt;
  const robot = { type: 'robot', id: robotId };
  const trackable = { kind: 'robot', id: robotId, manufacturer, serialNumber };
  const orderId = optionalText(state, 'orderId') || undefined;
  const order = orderId ? { type: 'job', id: orderId } : undefined;
  const battery = isRecord(state.batteryState) ? state.batteryState : {};
  const position = isRecord(state.agvPosition) ? state.agvPosition : undefined;
  const safety = isRecord(state.safetyState) ? state.safetyState : {};
  const actions = listOf(state, 'actionStates');
  const errors = listOf(state, 'errors');
  const loads = listOf(state, 'loads');
  const provenance = { provider: PROVIDER, recordType: 'state', recordId, version };
  const base = { businessId: context.businessId, actor: robot, trackable, source: { platform: 'vda5050', channel: 'robot' }, timestamp: time };
  const used = ['headerId', 'timestamp', 'version', 'manufacturer', 'serialNumber', 'orderId', 'orderUpdateId', 'lastNodeId', 'driving', 'paused', 'operatingMode', 'batteryState', 'agvPosition', 'safetyState', 'actionStates', 'errors', 'loads'];
  const events: MappedEvent[] = [
    mappedEvent(
      {
        ...base,
        event: 'robot.state_reported',
        messageId: connectorMessageId(PROVIDER, 'state', recordId, version),
        object: order,
        properties: compact({
          robotId,
          orderId,
          orderUpdateId: optionalNumber(state, 'orderUpdateId'),
          lastNodeId: optionalText(state, 'lastNodeId') || undefined,
          driving: typeof state.driving === 'boolean' ? state.driving : undefined,
          paused: typeof state.paused === 'boolean' ? state.paused : undefined,
          operatingMode: optionalText(state, 'operatingMode'),
          batteryCharge: optionalNumber(battery, 'batteryCharge'),
          charging: typeof battery.charging === 'boolean' ? battery.charging : undefined,
          x: position ? optionalNumber(position, 'x') : undefined,
          y: position ? optionalNumber(position, 'y') : undefined,
          theta: position ? optionalNumber(position, 'theta') : undefined,
          mapId: position ? optionalText(position, 'mapId') : undefined,
          eStop: optionalText(safety, 'eStop'),
          fieldViolation: typeof safety.fieldViolation === 'boolean' ? safety.fieldViolation : undefined,
          errors: errors.length,
          loads: state.loads === undefined ? undefined : loads.length,
          protocolVersion: optionalText(state, 'version'),
          raw: unmappedFields(state, used),
        }),
      },
      provenance,
    ),
  ];
  actions.forEach((action, index) => {
    const status = optionalText(action, 'actionStatus');
    if (status === undefined || !ACTION_END.has(status)) return;
    const actionId = optionalText(action, 'actionId');
    if (actionId === undefined) throw new MappingError(`actionStates.${index}.actionId: is required`);
    events.push(
      mappedEvent(
        {
          ...base,
          event: 'robot.action',
          messageId: connectorMessageId(PROVIDER, 'action', `${robotId}/${actionId}`, status),
          object: order,
          properties: compact({ robotId, orderId, actionId, actionType: optionalText(action, 'actionType'), status: status.toLowerCase(), result: optionalText(action, 'resultDescription') }),
        },
        provenance,
      ),
    );
  });
  errors.forEach((error, index) => {
    const errorType = optionalText(error, 'errorType');
    if (errorType === undefined) throw new MappingError(`errors.${index}.errorType: is required`);
    const references = Array.isArray(error.errorReferences) ? error.errorReferences.filter(isRecord).map((reference) => `${String(reference.referenceKey)}=${String(reference.referenceValue)}`) : [];
    events.push(
      mappedEvent(
        {
          ...base,
          event: 'robot.error',
          messageId: connectorMessageId(PROVIDER, 'error', `${robotId}/${errorType}/${references.join(',')}`, orderId ?? '0'),
          object: order,
          properties: compact({ robotId, orderId, errorType, level: optionalText(error, 'errorLevel')?.toLowerCase(), description: optionalText(error, 'errorDescription'), references: references.length > 0 ? references : undefined }),
        },
        provenance,
      ),
    );
  });
  return { recordId, version, events };
}

export const robotics: ConnectorProvider = {
  id: PROVIDER,
  title: 'Robotics (VDA 5050)',
  vertical: null,
  webhook: 'hmac_sha256',
  recordTypes: [{ name: 'state', description: 'A VDA 5050 AGV state message → robot.state_reported (battery, position, mode, safety), robot.action per finished or failed action, robot.error per active error.' }],
  recordTypeOf(record, hint) {
    if (hint !== undefined) return hint;
    return 'serialNumber' in record && 'headerId' in record && ('actionStates' in record || 'batteryState' in record || 'operatingMode' in record) ? 'state' : undefined;
  },
  map(record, recordType, context) {
    return mapping(() => {
      if (recordType === 'state') return mapState(record, context);
      return { error: `recordType: '${recordType}' is not a robotics record type (state)` };
    });
  },
};
