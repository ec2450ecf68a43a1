import { compact, connectorMessageId, isRecord, mappedEvent, mapping, MappingError, optionalNumber, optionalText, requiredId, unmappedFields, type RawRecord } from '../mapping.js';
import type { ConnectorProvider, MapContext, MapResult } from '../provider.js';

/**
 * Discord: interactions sent to the app's Interactions Endpoint URL
 * (https://discord.com/developers/docs/interactions/receiving-and-responding) and Webhook Events
 * (https://discord.com/developers/docs/events/webhook-events), both signed with Ed25519. A slash command becomes
 * `community.command_used` (the invoking user the actor, the command the object, its options in properties), a
 * component `community.component_used`, a modal `community.modal_submitted`; webhook events become
 * `community.app_authorized` / `community.app_deauthorized`, `entitlement.created` / `.updated` / `.deleted` (the
 * user and the SKU), `community.message_created` (lobby and game direct messages), others `discord.<type>`.
 * An interaction carries no time: its time is the one in its snowflake id. PINGs carry no event and give no records.
 */
const PROVIDER = 'discord';

/** Milliseconds since the epoch encoded in a Discord snowflake (its top 42 bits, from 2015-01-01). */
export function snowflakeTime(id: string): number | undefined {
  if (!/^\d{1,20}$/.test(id)) return undefined;
  return Number((BigInt(id) >> 22n) + 1420070400000n);
}

/** Discord writes webhook-event timestamps in UTC without a zone (`2024-10-18T18:41:21.109604`). */
function utcTime(value: string | undefined, path: string): number | undefined {
  if (value === undefined) return undefined;
  const parsed = Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(value) ? value : `${value}Z`);
  if (!Number.isFinite(parsed)) throw new MappingError(`${path}: must be a date-time (ISO 8601)`);
  return parsed;
}

const INTERACTIONS: Record<number, string> = { 2: 'community.command_used', 3: 'community.component_used', 4: 'community.command_autocompleted', 5: 'community.modal_submitted' };

function userOf(value: unknown, path: string): { type: string; id: string; username?: string } | undefined {
  if (!isRecord(value)) return undefined;
  const id = optionalText(value, 'id');
  if (id === undefined || id === '') throw new MappingError(`${path}.id: is required`);
  return compact({ type: 'user', id, username: optionalText(value, 'username') });
}

/** Slash command options as `{ name: value }` (sub-commands flattened with their path). */
function optionsOf(options: unknown, prefix = ''): RawRecord {
  const out: RawRecord = {};
  if (!Array.isArray(options)) return out;
  for (const option of options.filter(isRecord)) {
    const name = `${prefix}${optionalText(option, 'name') ?? ''}`;
    if (Array.isArray(option.options)) Object.assign(out, optionsOf(option.options, `${name}.`));
    else if ('value' in option) out[name] = option.value;
  }
  return out;
}

/**
 * The interaction's unmapped fields, the member's among them (permissions, joined_at, ...). The `token` is left out on
 * purpose: it is a credential (it lets its holder answer as the app for 15 minutes), not a fact about the interaction.
 */
function rawOf(record: RawRecord, member: RawRecord | undefined): RawRecord | undefined {
  const rest = unmappedFields(record, ['id', 'type', 'token', 'member', 'user', 'data', 'guild_id', 'channel_id', 'locale']) ?? {};
  const memberRest = member ? unmappedFields(member, ['user', 'roles']) : undefined;
  if (memberRest) rest.member = memberRest;
  return Object.keys(rest).length > 0 ? rest : undefined;
}

function mapInteraction(record: RawRecord, context: MapContext): MapResult {
  const recordId = requiredId(record, 'id');
  const version = '0';
  const type = optionalNumber(record, 'type');
  const name = type !== undefined && Object.hasOwn(INTERACTIONS, type) ? INTERACTIONS[type] : undefined;
  if (name === undefined) throw new MappingError(`type: ${type ?? '(absent)'} is not an interaction that carries a user action (2 command, 3 component, 4 autocomplete, 5 modal)`);
  const member = isRecord(record.member) ? record.member : undefined;
  const actor = userOf(member?.user, 'member.user') ?? userOf(record.user, 'user');
  const data = isRecord(record.data) ? record.data : {};
  const commandId = optionalText(data, 'id');
  const options = optionsOf(data.options);
  const event = mappedEvent(
    {
      event: name,
      messageId: connectorMessageId(PROVIDER, 'interaction', recordId, version),
      businessId: context.businessId,
      actor,
      object: type === 3 ? compact({ type: 'component', id: optionalText(data, 'custom_id') ?? recordId }) : commandId ? compact({ type: 'command', id: commandId, name: optionalText(data, 'name') }) : undefined,
      source: compact({ platform: PROVIDER, channel: optionalText(record, 'channel_id') }),
      properties: compact({
        interactionId: recordId,
        command: optionalText(data, 'name'),
        options: Object.keys(options).length > 0 ? options : undefined,
        guildId: optionalText(record, 'guild_id'),
        channelId: optionalText(record, 'channel_id'),
        locale: optionalText(record, 'locale'),
        memberRoles: Array.isArray(member?.roles) ? member.roles : undefined,
        raw: rawOf(record, member),
      }),
      timestamp: snowflakeTime(recordId) ?? context.receivedAt,
    },
    { provider: PROVIDER, recordType: 'interaction', recordId, version },
  );
  return { recordId, version, events: [event] };
}

const WEBHOOK_EVENTS: Record<string, string> = {
  APPLICATION_AUTHORIZED: 'community.app_authorized',
  APPLICATION_DEAUTHORIZED: 'community.app_deauthorized',
  ENTITLEMENT_CREATE: 'entitlement.created',
  ENTITLEMENT_UPDATE: 'entitlement.updated',
  ENTITLEMENT_DELETE: 'entitlement.deleted',
  LOBBY_MESSAGE_CREATE: 'community.message_created',
  GAME_DIRECT_MESSAGE_CREATE: 'community.message_created',
};

function mapWebhookEvent(record: RawRecord, context: MapContext): MapResult {
  if (!isRecord(record.event)) throw new MappingError('event: is required (the webhook event body)');
  const body = record.event;
  const type = optionalText(body, 'type');
  if (type === undefined) throw new MappingError('event.type: is required');
  const data = isRecord(body.data) ? body.data : {};
  const user = userOf(data.user, 'event.data.user') ?? userOf(data.author, 'event.data.author');
  const userId = optionalText(data, 'user_id') ?? (user?.id as string | undefined);
  const ownId = optionalText(data, 'id');
  if (ownId === undefined && userId === undefined) throw new MappingError('event.data.id: is required (or the event\'s user)');
  const recordId = ownId ?? `${type}:${userId}`;
  const version = optionalText(body, 'timestamp') ?? '0';
  const skuId = optionalText(data, 'sku_id');
  const event = mappedEvent(
    {
      event: Object.hasOwn(WEBHOOK_EVENTS, type) ? WEBHOOK_EVENTS[type]! : `discord.${type.toLowerCase()}`,
      messageId: connectorMessageId(PROVIDER, 'webhook_event', recordId, version),
      businessId: context.businessId,
      actor: user ?? (userId ? { type: 'user', id: userId } : undefined),
      object: skuId ? { type: 'sku', id: skuId } : ownId && type.includes('MESSAGE') ? { type: 'message', id: ownId } : undefined,
      source: { platform: PROVIDER },
      properties: compact({
        eventType: type,
        applicationId: optionalText(record, 'application_id'),
        entitlementId: type.startsWith('ENTITLEMENT') ? ownId : undefined,
        skuId,
        ...(type.startsWith('ENTITLEMENT') ? { entitlementType: optionalNumber(data, 'type'), consumed: data.consumed, deleted: data.deleted } : {}),
        raw: unmappedFields(data, ['id', 'user', 'author', 'user_id', 'sku_id', ...(type.startsWith('ENTITLEMENT') ? ['type', 'consumed', 'deleted', 'application_id'] : [])]),
      }),
      timestamp: utcTime(optionalText(body, 'timestamp'), 'event.timestamp') ?? context.receivedAt,
    },
    { provider: PROVIDER, recordType: 'webhook_event', recordId, version },
  );
  return { recordId, version, events: [event] };
}

export const discord: ConnectorProvider = {
  id: PROVIDER,
  title: 'Discord',
  vertical: 'creator_studio',
  webhook: 'discord',
  recordTypes: [
    { name: 'interaction', description: 'An interaction (slash command, component, modal) → community.command_used / component_used / modal_submitted, the user as the actor; its time from its snowflake id.' },
    { name: 'webhook_event', description: 'A Webhook Event (APPLICATION_AUTHORIZED, ENTITLEMENT_CREATE, LOBBY_MESSAGE_CREATE, ...) → community.app_authorized, entitlement.created, community.message_created, ...' },
  ],
  recordTypeOf(record, hint) {
    if (hint !== undefined) return hint;
    if (typeof record.token === 'string' && typeof record.type === 'number') return 'interaction';
    if (isRecord(record.event) && 'application_id' in record) return 'webhook_event';
    return undefined;
  },
  map(record, recordType, context) {
    return mapping(() => {
      if (recordType === 'interaction') return mapInteraction(record, context);
      if (recordType === 'webhook_event') return mapWebhookEvent(record, context);
      return { error: `recordType: '${recordType}' is not a Discord record type (interaction, webhook_event)` };
    });
  },
  /** One record per delivery; a PING (interaction type 1, webhook event type 0) is answered by the endpoint and gives none. */
  webhookRecords(body) {
    if (!isRecord(body)) return { records: [body] };
    const ping = typeof body.token === 'string' ? body.type === 1 : body.type === 0 && !isRecord(body.event);
    return { records: ping ? [] : [body] };
  },
};
