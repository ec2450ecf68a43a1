import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ConnectorProvider, MapResult } from '../src/domain/connectors/provider.js';
import { eventEnvelope } from '../src/domain/events/envelope.js';
import { discord } from '../src/domain/connectors/providers/discord.js';
import { fortnite } from '../src/domain/connectors/providers/fortnite.js';
import { generic } from '../src/domain/connectors/providers/generic.js';
import { rfid } from '../src/domain/connectors/providers/rfid.js';
import { roblox } from '../src/domain/connectors/providers/roblox.js';
import { robotics } from '../src/domain/connectors/providers/robotics.js';
import { sensors } from '../src/domain/connectors/providers/sensors.js';
import { tiktok } from '../src/domain/connectors/providers/tiktok.js';
import { twitch } from '../src/domain/connectors/providers/twitch.js';
import { youtube } from '../src/domain/connectors/providers/youtube.js';

/** Creator-studio and device providers: each documented sample maps to the exact events. */

const RECEIVED = Date.UTC(2026, 11, 4, 12);
type Fixture = { source: string; records: Record<string, Record<string, unknown>>; document?: unknown };
const fixture = (provider: string) => JSON.parse(readFileSync(new URL(`./fixtures/connectors/${provider}.json`, import.meta.url), 'utf8')) as Fixture;

/** Maps a fixture record as the ingest tool does: its type told from its shape. */
function mapFixture(provider: ConnectorProvider, key: string, type = key): MapResult {
  const record = fixture(provider.id).records[key]!;
  const recordType = provider.recordTypeOf(record, undefined);
  expect(recordType).toBe(type);
  return provider.map(record, recordType!, { receivedAt: RECEIVED });
}

const connector = (provider: string, recordType: string, recordId: string, version: string) => ({ connector: { provider, recordType, recordId, version } });

describe('creator-studio and device providers', () => {
  it('each has an id, record types and a fixture stating its documented source', () => {
    for (const provider of [twitch, rfid, sensors, generic, discord, youtube, roblox, robotics, tiktok, fortnite]) {
      expect(provider.recordTypes.length).toBeGreaterThan(0);
      expect(fixture(provider.id).source).toMatch(/https:\/\//);
    }
  });

  it('every event mapped from a fixture is a valid envelope', () => {
    for (const provider of [twitch, rfid, sensors, generic, discord, youtube, roblox, robotics, tiktok, fortnite]) {
      for (const record of Object.values(fixture(provider.id).records)) {
        const mapped = provider.map(record, provider.recordTypeOf(record, undefined)!, { receivedAt: RECEIVED, businessId: 'studio' });
        if ('error' in mapped) throw new Error(`${provider.id}: ${mapped.error}`);
        expect(mapped.events.length).toBeGreaterThan(0);
        for (const { updatedEvent: _updated, ...event } of mapped.events) {
          const checked = eventEnvelope.safeParse(event);
          expect(checked.success, `${provider.id} ${event.event}: ${checked.error?.message ?? ''}`).toBe(true);
          expect(event.businessId).toBe('studio');
        }
      }
    }
  });

  describe('twitch', () => {
    const subscription = (version: string, condition: Record<string, string> = { broadcaster_user_id: '1337' }, createdAt = '2019-11-16T10:11:12.123Z') => ({
      subscriptionId: 'f1c2a387-161a-49f9-a165-0f21d7a4e1c4',
      subscriptionVersion: version,
      raw: { subscription: { status: 'enabled', cost: 0, condition, transport: { method: 'webhook', callback: 'https://example.com/webhooks/callback' }, created_at: createdAt } },
    });

    it('maps stream.online to livestream.started, the stream as the object', () => {
      expect(mapFixture(twitch, 'stream_online')).toEqual({
        recordId: '9001',
        version: '2020-10-11T10:11:12.123Z',
        events: [
          {
            event: 'livestream.started',
            messageId: 'twitch:stream_online:9001:2020-10-11T10:11:12.123Z',
            actor: { type: 'channel', id: '1337', login: 'cool_user', name: 'Cool_User' },
            object: { type: 'stream', id: '9001' },
            source: { platform: 'twitch' },
            properties: { channelId: '1337', streamId: '9001', streamType: 'live', ...subscription('1') },
            timestamp: Date.parse('2020-10-11T10:11:12.123Z'),
            context: connector('twitch', 'stream_online', '9001', '2020-10-11T10:11:12.123Z'),
          },
        ],
      });
    });

    it('maps stream.offline to livestream.ended (no time of its own: the received time, version 0)', () => {
      expect(mapFixture(twitch, 'stream_offline')).toEqual({
        recordId: '1337',
        version: '0',
        events: [
          {
            event: 'livestream.ended',
            messageId: 'twitch:stream_offline:1337:0',
            actor: { type: 'channel', id: '1337', login: 'cool_user', name: 'Cool_User' },
            object: { type: 'channel', id: '1337' },
            source: { platform: 'twitch' },
            properties: { channelId: '1337', ...subscription('1') },
            timestamp: RECEIVED,
            context: connector('twitch', 'stream_offline', '1337', '0'),
          },
        ],
      });
    });

    it('maps channel.follow to channel.followed, the follower as the actor, versioned by followed_at', () => {
      expect(mapFixture(twitch, 'channel_follow')).toEqual({
        recordId: '1337:1234',
        version: '2020-07-15T18:16:11.17106713Z',
        events: [
          {
            event: 'channel.followed',
            messageId: 'twitch:channel_follow:1337:1234:2020-07-15T18:16:11.17106713Z',
            actor: { type: 'user', id: '1234', login: 'cool_user', name: 'Cool_User' },
            object: { type: 'channel', id: '1337' },
            source: { platform: 'twitch' },
            properties: { channelId: '1337', ...subscription('2', { broadcaster_user_id: '1337', moderator_user_id: '1337' }, '2019-11-16T10:11:12.634234626Z') },
            timestamp: Date.parse('2020-07-15T18:16:11.171Z'),
            context: connector('twitch', 'channel_follow', '1337:1234', '2020-07-15T18:16:11.17106713Z'),
          },
        ],
      });
    });

    it('maps channel.subscribe to channel.subscribed with the tier', () => {
      expect(mapFixture(twitch, 'channel_subscribe')).toEqual({
        recordId: '1337:1234',
        version: '0',
        events: [
          {
            event: 'channel.subscribed',
            messageId: 'twitch:channel_subscribe:1337:1234:0',
            actor: { type: 'user', id: '1234', login: 'cool_user', name: 'Cool_User' },
            object: { type: 'channel', id: '1337' },
            source: { platform: 'twitch' },
            properties: { channelId: '1337', tier: '1000', isGift: false, ...subscription('1') },
            timestamp: RECEIVED,
            context: connector('twitch', 'channel_subscribe', '1337:1234', '0'),
          },
        ],
      });
    });

    it('a webhook notification keeps its message headers: the message timestamp versions and times subscribe and offline', () => {
      const body = fixture('twitch').records.channel_subscribe!;
      const headers = {
        'twitch-eventsub-message-id': 'befa7b53-d79d-478f-86b9-120f112b044e',
        'twitch-eventsub-message-type': 'notification',
        'twitch-eventsub-message-timestamp': '2019-11-16T10:11:12.634234626Z',
        'twitch-eventsub-subscription-type': 'channel.subscribe',
        'twitch-eventsub-subscription-version': '1',
      };
      const delivery = twitch.webhookRecords!(body, headers);
      expect(delivery).toEqual({
        records: [
          {
            metadata: {
              message_id: 'befa7b53-d79d-478f-86b9-120f112b044e',
              message_type: 'notification',
              message_timestamp: '2019-11-16T10:11:12.634234626Z',
              subscription_type: 'channel.subscribe',
              subscription_version: '1',
            },
            payload: body,
          },
        ],
        recordType: 'channel.subscribe',
      });
      const record = delivery.records[0] as Record<string, unknown>;
      const type = twitch.recordTypeOf(record, delivery.recordType);
      expect(type).toBe('channel_subscribe');
      expect(twitch.recordTypeOf(record, undefined)).toBe('channel_subscribe');
      expect(twitch.map(record, type!, { receivedAt: RECEIVED })).toMatchObject({
        recordId: '1337:1234',
        version: '2019-11-16T10:11:12.634234626Z',
        events: [
          {
            event: 'channel.subscribed',
            messageId: 'twitch:channel_subscribe:1337:1234:2019-11-16T10:11:12.634234626Z',
            properties: { deliveryId: 'befa7b53-d79d-478f-86b9-120f112b044e' },
            timestamp: Date.parse('2019-11-16T10:11:12.634Z'),
          },
        ],
      });
    });

    it('the verification challenge and revocations give no records', () => {
      const challenge = { challenge: 'pogchamp-kappa-360noscope-vohiyo', subscription: { id: 'f1c2a387-161a-49f9-a165-0f21d7a4e1c4', type: 'channel.follow' } };
      expect(twitch.webhookRecords!(challenge, { 'twitch-eventsub-message-type': 'webhook_callback_verification' })).toEqual({ records: [] });
      expect(twitch.webhookRecords!({ subscription: { status: 'authorization_revoked' } }, { 'twitch-eventsub-message-type': 'revocation' })).toEqual({ records: [] });
    });

    it('names the missing field, and tells the type from the subscription or the topic header', () => {
      const online = fixture('twitch').records.stream_online!;
      const event = { ...(online.event as Record<string, unknown>), id: undefined };
      expect(twitch.map({ ...online, event }, 'stream_online', { receivedAt: RECEIVED })).toEqual({ error: 'id: is required' });
      expect(twitch.map({ subscription: online.subscription }, 'stream_online', { receivedAt: RECEIVED })).toEqual({ error: "event: is required (the notification's event object)" });
      expect(twitch.recordTypeOf({ event: {} }, 'stream.offline')).toBe('stream_offline');
      expect(twitch.recordTypeOf({ event: {} }, undefined)).toBeUndefined();
      expect(twitch.recordTypeOf({ subscription: { type: 'constructor' }, event: {} }, undefined)).toBeUndefined();
      expect(generic.recordTypeOf({ type: 'toString' }, undefined)).toBeUndefined();
      expect(twitch.map(online, 'channel.ban', { receivedAt: RECEIVED })).toEqual({ error: expect.stringContaining("'channel.ban' is not a Twitch record type") });
    });
  });

  describe('rfid (EPCIS 2.0)', () => {
    const firstEventId = 'ni:///sha-256;df7bb3c352fef055578554f09f5e2aa41782150ced7bd0b8af24dd3ccb30ba69?ver=CBV2.0';

    it('maps the standard example ObjectEvent to one rfid.read per EPC, the tag as the trackable with its GTIN', () => {
      const common = {
        event: 'rfid.read',
        actor: { type: 'read_point', id: 'urn:epc:id:sgln:0614141.07346.1234' },
        source: { platform: 'rfid', channel: 'rfid' },
        timestamp: Date.parse('2005-04-04T02:33:31.116Z'),
        context: connector('rfid', 'object_event', firstEventId, '2005-04-03T20:33:31.116000-06:00'),
      };
      const properties = {
        eventId: firstEventId,
        gtin: '10614141073464',
        action: 'OBSERVE',
        bizStep: 'shipping',
        disposition: 'in_transit',
        readPoint: 'urn:epc:id:sgln:0614141.07346.1234',
        bizTransactions: [{ type: 'po', id: 'http://transaction.acme.com/po/12345678' }],
        epcCount: 2,
        raw: { eventTimeZoneOffset: '-06:00' },
      };
      const mapped = mapFixture(rfid, 'object_event');
      expect(mapped).toEqual({
        recordId: firstEventId,
        version: '2005-04-03T20:33:31.116000-06:00',
        events: ['2017', '2018'].map((serial) => ({
          ...common,
          messageId: expect.stringMatching(/^rfid:object_event:ni:\/\/\/sha-256;df7bb3c352fef0.{20,}~[\w-]{43}$/),
          object: { type: 'rfid_tag', id: `urn:epc:id:sgtin:0614141.107346.${serial}` },
          trackable: { kind: 'rfid', epc: `urn:epc:id:sgtin:0614141.107346.${serial}`, gtin: '10614141073464', serial },
          properties: { ...properties, epc: `urn:epc:id:sgtin:0614141.107346.${serial}`, serial },
        })),
      });
      const [first, second] = (mapped as { events: Array<{ messageId: string }> }).events;
      expect(first!.messageId).not.toBe(second!.messageId);
      expect(first!.messageId.length).toBeLessThanOrEqual(128);
    });

    it('keeps the business location and a vendor extension of the second example event', () => {
      const mapped = mapFixture(rfid, 'object_event_receiving', 'object_event') as { events: Array<Record<string, unknown>> };
      expect(mapped.events).toHaveLength(1);
      expect(mapped.events[0]).toMatchObject({
        actor: { type: 'read_point', id: 'urn:epc:id:sgln:0012345.11111.400' },
        object: { type: 'rfid_tag', id: 'urn:epc:id:sgtin:0614141.107346.2018' },
        properties: {
          bizStep: 'receiving',
          disposition: 'in_progress',
          bizLocation: 'urn:epc:id:sgln:0012345.11111.0',
          bizTransactions: [
            { type: 'po', id: 'http://transaction.acme.com/po/12345678' },
            { type: 'desadv', id: 'urn:epcglobal:cbv:bt:0614141073467:1152' },
          ],
          raw: { eventTimeZoneOffset: '-06:00', 'example:myField': 'Example of a vendor/user extension' },
        },
      });
      expect((mapped.events[0]!.properties as Record<string, unknown>).epcCount).toBeUndefined();
    });

    it('unwraps an EPCISDocument capture body into its events', () => {
      const { document, records } = fixture('rfid');
      expect(rfid.webhookRecords!(document, {})).toEqual({ records: [records.object_event, records.object_event_receiving] });
      expect(rfid.webhookRecords!(records.object_event, {})).toEqual({ records: [records.object_event] });
    });

    it('decodes an EPC read as SGTIN-96 hex, and names the field of a record it cannot map', () => {
      const event = { eventID: 'urn:uuid:1', type: 'ObjectEvent', action: 'OBSERVE', eventTime: '2024-05-01T10:00:00Z', epcList: ['3074257BF7194E4000001A85'] };
      expect(rfid.map(event, 'object_event', { receivedAt: RECEIVED })).toMatchObject({
        recordId: 'urn:uuid:1',
        events: [{ messageId: 'rfid:object_event:urn:uuid:1:2024-05-01T10:00:00Z', trackable: { kind: 'rfid', epc: 'urn:epc:id:sgtin:0614141.812345.6789', gtin: '80614141123458', serial: '6789' } }],
      });
      expect(rfid.map({ ...event, eventID: undefined }, 'object_event', { receivedAt: RECEIVED })).toEqual({ error: 'eventID: is required' });
      expect(rfid.map({ ...event, epcList: [] }, 'object_event', { receivedAt: RECEIVED })).toEqual({ error: 'epcList: is required (the EPCs read)' });
      expect(rfid.map({ ...event, epcList: ['3174257BF7194E4000001A85'] }, 'object_event', { receivedAt: RECEIVED })).toEqual({ error: expect.stringMatching(/^epcList\.0: /) });
      expect(rfid.recordTypeOf({ type: 'AggregationEvent', parentID: 'x' }, undefined)).toBeUndefined();
      expect(rfid.recordTypeOf({ type: 'TransactionEvent', epcList: ['urn:epc:id:sgtin:0614141.107346.2017'], eventTime: '2024-05-01T10:00:00Z' }, undefined)).toBeUndefined();
      expect(rfid.recordTypeOf({ epcList: ['urn:epc:id:sgtin:0614141.107346.2017'], eventTime: '2024-05-01T10:00:00Z' }, undefined)).toBe('object_event');
    });
  });

  describe('sensors (OGC SensorThings)', () => {
    it('maps the standard example Observation to sensor.reading with its result as the value', () => {
      expect(mapFixture(sensors, 'observation')).toEqual({
        recordId: '1',
        version: '2014-12-31T11:59:59.00+08:00',
        events: [
          {
            event: 'sensor.reading',
            messageId: 'sensors:observation:1:2014-12-31T11:59:59.00+08:00',
            trackable: { kind: 'sensor', observationId: '1' },
            source: { platform: 'sensorthings', channel: 'sensor' },
            properties: {
              observationId: '1',
              value: 70.4,
              phenomenonTime: '2014-12-31T11:59:59.00+08:00',
              resultTime: '2014-12-31T11:59:59.00+08:00',
              raw: {
                '@iot.selfLink': 'http://example.org/v1.1/Observations(1)',
                'FeatureOfInterest@iot.navigationLink': 'Observations(1)/FeatureOfInterest',
                'Datastream@iot.navigationLink': 'Observations(1)/Datastream',
              },
            },
            timestamp: Date.parse('2014-12-31T03:59:59Z'),
            context: connector('sensors', 'observation', '1', '2014-12-31T11:59:59.00+08:00'),
          },
        ],
      });
    });

    it('an Observation with its Datastream has the sensor as the actor, with the unit; an interval time starts it', () => {
      const record = {
        '@iot.id': 'obs-7',
        phenomenonTime: '2024-01-01T00:00:00Z/2024-01-01T00:10:00Z',
        resultTime: '2024-01-01T00:10:05Z',
        result: 21.6,
        Datastream: { '@iot.id': 8, name: 'Air temperature', unitOfMeasurement: { name: 'degree Celsius', symbol: '°C', definition: 'http://unitsofmeasure.org/ucum.html#para-30' } },
      };
      expect(sensors.recordTypeOf(record, undefined)).toBe('observation');
      expect(sensors.map(record, 'observation', { receivedAt: RECEIVED })).toMatchObject({
        recordId: 'obs-7',
        version: '2024-01-01T00:10:05Z',
        events: [
          {
            actor: { type: 'sensor', id: '8', name: 'Air temperature' },
            trackable: { kind: 'sensor', datastreamId: '8', observationId: 'obs-7' },
            properties: { value: 21.6, unit: '°C', unitDefinition: 'http://unitsofmeasure.org/ucum.html#para-30' },
            timestamp: Date.parse('2024-01-01T00:00:00Z'),
          },
        ],
      });
    });

    it('names the missing id, keeps a non-numeric result as result, and unwraps a collection', () => {
      const { observation } = fixture('sensors').records;
      expect(sensors.map({ ...observation, '@iot.id': undefined }, 'observation', { receivedAt: RECEIVED })).toEqual({ error: '@iot.id: is required' });
      expect(sensors.map({ '@iot.id': 2, phenomenonTime: '2024-01-01T00:00:00Z' }, 'observation', { receivedAt: RECEIVED })).toEqual({ error: 'result: is required' });
      const text = sensors.map({ '@iot.id': 3, resultTime: '2024-01-01T00:00:00Z', result: 'open' }, 'observation', { receivedAt: RECEIVED });
      expect(text).toMatchObject({ events: [{ properties: { result: 'open' } }] });
      expect(sensors.webhookRecords!({ '@iot.count': 1, value: [observation] }, {})).toEqual({ records: [observation], recordType: 'observation' });
    });
  });

  describe('generic', () => {
    it('maps the Segment track example as it is: its name, the user as the actor, the unused fields kept', () => {
      expect(mapFixture(generic, 'event')).toEqual({
        recordId: 'ajs-f8ca1e4de5024d9430b3928bd8ac6b96',
        version: '0',
        events: [
          {
            event: 'Course Clicked',
            messageId: 'generic:event:ajs-f8ca1e4de5024d9430b3928bd8ac6b96:0',
            actor: { type: 'user', id: 'AiUGstSDIg' },
            source: { platform: 'generic' },
            properties: {
              title: 'Intro to Analytics',
              anonymousId: '23adfd82-aa0f-45a7-a756-24f2a7a4c895',
              raw: {
                context: {
                  library: { name: 'analytics.js', version: '2.11.1' },
                  page: { path: '/academy/', referrer: '', search: '', title: 'Analytics Academy', url: 'https://segment.com/academy/' },
                  userAgent: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_11_0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/46.0.2490.86 Safari/537.36',
                  ip: '108.0.78.21',
                },
                integrations: {},
                receivedAt: '2015-12-12T19:11:01.266Z',
                sentAt: '2015-12-12T19:11:01.169Z',
                type: 'track',
                originalTimestamp: '2015-12-12T19:11:01.152Z',
              },
            },
            timestamp: Date.parse('2015-12-12T19:11:01.249Z'),
            context: connector('generic', 'event', 'ajs-f8ca1e4de5024d9430b3928bd8ac6b96', '0'),
          },
        ],
      });
    });

    it('passes an envelope-like record through: actor, object, trackable, money with its currency, the campaign as touchpoint', () => {
      const record = {
        id: 'job-42-done',
        version: 3,
        event: 'job.completed',
        actor: { type: 'robot', id: 'amr-7' },
        object: 'job-42',
        trackable: { kind: 'robot', id: 'amr-7' },
        properties: { jobId: 'job-42', hours: 2.5, amount: 120, currency: 'eur' },
        context: { campaign: { name: 'spring', source: 'newsletter', medium: 'email' } },
        timestamp: 1717243200,
      };
      expect(generic.map(record, generic.recordTypeOf(record, undefined)!, { receivedAt: RECEIVED })).toEqual({
        recordId: 'job-42-done',
        version: '3',
        events: [
          {
            event: 'job.completed',
            messageId: 'generic:event:job-42-done:3',
            actor: { type: 'robot', id: 'amr-7' },
            object: 'job-42',
            trackable: { kind: 'robot', id: 'amr-7' },
            source: { platform: 'generic', channel: 'newsletter', campaign: 'spring', medium: 'email' },
            attribution: { source: 'newsletter', campaign: 'spring', medium: 'email' },
            properties: { jobId: 'job-42', hours: 2.5, amount: 120, currency: 'EUR', raw: { context: { campaign: { name: 'spring', source: 'newsletter', medium: 'email' } } } },
            timestamp: 1717243200000,
            context: connector('generic', 'event', 'job-42-done', '3'),
          },
        ],
      });
    });

    it('a Segment page or identify call is named by its type', () => {
      const page = { type: 'page', name: 'Pricing', messageId: 'ajs-page-1', anonymousId: 'a-1', properties: { url: 'https://example.com/pricing' }, timestamp: '2024-01-01T00:00:00Z' };
      expect(generic.recordTypeOf(page, undefined)).toBe('event');
      expect(generic.map(page, 'event', { receivedAt: RECEIVED })).toMatchObject({ events: [{ event: 'page.viewed', actor: { type: 'anonymous', id: 'a-1' }, properties: { url: 'https://example.com/pricing', name: 'Pricing' } }] });
      const identify = { type: 'identify', messageId: 'ajs-id-1', userId: 'u-1', traits: { plan: 'pro' } };
      expect(generic.map(identify, generic.recordTypeOf(identify, undefined)!, { receivedAt: RECEIVED })).toMatchObject({ events: [{ event: 'user.identified', actor: { type: 'user', id: 'u-1' }, properties: { raw: { traits: { plan: 'pro' } } } }] });
    });

    it('names the missing field, and unwraps a list or a Segment batch', () => {
      expect(generic.map({ event: 'x.happened' }, 'event', { receivedAt: RECEIVED })).toEqual({ error: "messageId: is required (or id: the record's id)" });
      expect(generic.map({ id: 'a' }, 'event', { receivedAt: RECEIVED })).toEqual({ error: 'event: is required (the event name)' });
      expect(generic.map({ id: 'a', event: 'x', actor: { type: 'user' } }, 'event', { receivedAt: RECEIVED })).toEqual({ error: 'actor: must be an id or an object with an id' });
      expect(generic.recordTypeOf({ foo: 1 }, undefined)).toBeUndefined();
      const { event } = fixture('generic').records;
      expect(generic.webhookRecords!({ batch: [event, event] }, {})).toEqual({ records: [event, event] });
      expect(generic.webhookRecords!([event], {})).toEqual({ records: [event] });
      expect(generic.webhookRecords!(event, {})).toEqual({ records: [event] });
    });
  });

  describe('discord', () => {
    it('maps the documented slash command interaction to community.command_used, its time from the snowflake', () => {
      expect(mapFixture(discord, 'interaction')).toEqual({
        recordId: '786008729715212338',
        version: '0',
        events: [
          {
            event: 'community.command_used',
            messageId: 'discord:interaction:786008729715212338:0',
            actor: { type: 'user', id: '53908232506183680', username: 'Mason' },
            object: { type: 'command', id: '771825006014889984', name: 'cardsearch' },
            source: { platform: 'discord', channel: '645027906669510667' },
            properties: {
              interactionId: '786008729715212338',
              command: 'cardsearch',
              options: { cardname: 'The Gitrog Monster' },
              guildId: '290926798626357999',
              channelId: '645027906669510667',
              locale: 'en-US',
              memberRoles: ['539082325061836999'],
              raw: {
                app_permissions: '442368',
                guild_locale: 'en-US',
                member: { permissions: '2147483647', pending: false, mute: false, joined_at: '2017-03-13T19:19:14.040000+00:00', is_pending: false, deaf: false },
              },
            },
            timestamp: Number((786008729715212338n >> 22n) + 1420070400000n),
            context: connector('discord', 'interaction', '786008729715212338', '0'),
          },
        ],
      });
      expect(JSON.stringify(mapFixture(discord, 'interaction'))).not.toContain('A_UNIQUE_TOKEN');
    });

    it('maps the documented ENTITLEMENT_CREATE webhook event to entitlement.created, the user and the SKU', () => {
      expect(mapFixture(discord, 'webhook_event')).toEqual({
        recordId: '1234505980407808808',
        version: '2024-10-18T18:41:21.109604',
        events: [
          {
            event: 'entitlement.created',
            messageId: 'discord:webhook_event:1234505980407808808:2024-10-18T18:41:21.109604',
            actor: { type: 'user', id: '111178765189277770' },
            object: { type: 'sku', id: '123489045643835123' },
            source: { platform: 'discord' },
            properties: {
              eventType: 'ENTITLEMENT_CREATE',
              applicationId: '1234560123453231555',
              entitlementId: '1234505980407808808',
              skuId: '123489045643835123',
              entitlementType: 4,
              consumed: false,
              deleted: false,
              raw: { gift_code_flags: 0 },
            },
            timestamp: Date.parse('2024-10-18T18:41:21.109Z'),
            context: connector('discord', 'webhook_event', '1234505980407808808', '2024-10-18T18:41:21.109604'),
          },
        ],
      });
    });

    it('an app authorization has no id of its own: the user and the time make it', () => {
      const record = { version: 1, application_id: '1234560123453231555', type: 1, event: { type: 'APPLICATION_AUTHORIZED', timestamp: '2024-10-18T14:42:53.064834', data: { integration_type: 1, scopes: ['applications.commands'], user: { id: '80351110224678912', username: 'nelly' } } } };
      expect(discord.map(record, discord.recordTypeOf(record, undefined)!, { receivedAt: RECEIVED })).toMatchObject({
        recordId: 'APPLICATION_AUTHORIZED:80351110224678912',
        events: [{ event: 'community.app_authorized', actor: { type: 'user', id: '80351110224678912', username: 'nelly' }, properties: { raw: { integration_type: 1, scopes: ['applications.commands'] } }, timestamp: Date.parse('2024-10-18T14:42:53.064Z') }],
      });
    });

    it('PINGs give no records; a record without its id or user names the field', () => {
      expect(discord.webhookRecords!({ id: '1', application_id: '2', type: 1, token: 't', version: 1 }, {})).toEqual({ records: [] });
      expect(discord.webhookRecords!({ version: 1, application_id: '2', type: 0 }, {})).toEqual({ records: [] });
      const { interaction, webhook_event } = fixture('discord').records;
      expect(discord.webhookRecords!(interaction, {})).toEqual({ records: [interaction] });
      expect(discord.map({ ...interaction, id: undefined }, 'interaction', { receivedAt: RECEIVED })).toEqual({ error: 'id: is required' });
      const event = webhook_event!.event as Record<string, unknown>;
      expect(discord.map({ ...webhook_event, event: { ...event, data: { sku_id: '1' } } }, 'webhook_event', { receivedAt: RECEIVED })).toEqual({ error: "event.data.id: is required (or the event's user)" });
      expect(discord.map({ ...interaction, member: { user: { username: 'x' } } }, 'interaction', { receivedAt: RECEIVED })).toEqual({ error: 'member.user.id: is required' });
    });
  });

  describe('youtube', () => {
    const etag = '"UCBpFjp2h75_b92t44sqraUcyu0/iYynQR8AtacsFUwWmrVaw4Smb_Q"';
    const provenance = connector('youtube', 'video', '7lCDEYXw3mM', etag);

    it('maps the documented video to asset.launched at publishedAt and stream.reported with its lifetime views', () => {
      expect(mapFixture(youtube, 'video')).toEqual({
        recordId: '7lCDEYXw3mM',
        version: etag,
        events: [
          {
            event: 'asset.launched',
            messageId: 'youtube:video:7lCDEYXw3mM:2012-06-20T22:45:24.000Z:launched',
            actor: { type: 'channel', id: 'UC_x5XG1OV2P6uZZ5FSM9Ttw' },
            object: { type: 'asset', id: '7lCDEYXw3mM' },
            source: { platform: 'youtube' },
            properties: { assetId: '7lCDEYXw3mM', title: 'Google I/O 101: Q&A On Using Google APIs', kind: 'video', platform: 'youtube', categoryId: '28' },
            timestamp: Date.parse('2012-06-20T22:45:24.000Z'),
            context: provenance,
          },
          {
            event: 'stream.reported',
            updatedEvent: 'stream.updated',
            messageId: `youtube:video:7lCDEYXw3mM:${etag}`,
            actor: { type: 'channel', id: 'UC_x5XG1OV2P6uZZ5FSM9Ttw' },
            object: { type: 'asset', id: '7lCDEYXw3mM' },
            source: { platform: 'youtube' },
            properties: {
              assetId: '7lCDEYXw3mM',
              platform: 'youtube',
              streams: 3057,
              period: 'lifetime',
              likes: 25,
              dislikes: 0,
              favorites: 17,
              comments: 12,
              title: 'Google I/O 101: Q&A On Using Google APIs',
              raw: {
                kind: 'youtube#video',
                contentDetails: { duration: 'PT15M51S', aspectRatio: 'RATIO_16_9' },
                status: { uploadStatus: 'STATUS_PROCESSED', privacyStatus: 'PRIVACY_PUBLIC' },
                snippet: {
                  description: 'Antonio Fuentes speaks to us and takes questions on working with Google APIs and OAuth 2.0.',
                  thumbnails: {
                    default: { url: 'https://i.ytimg.com/vi/7lCDEYXw3mM/default.jpg' },
                    medium: { url: 'https://i.ytimg.com/vi/7lCDEYXw3mM/mqdefault.jpg' },
                    high: { url: 'https://i.ytimg.com/vi/7lCDEYXw3mM/hqdefault.jpg' },
                  },
                },
              },
            },
            timestamp: RECEIVED,
            context: provenance,
          },
        ],
      });
    });

    it('a re-read video with a new etag is a new stream.reported; its launch keeps one id', () => {
      const { video } = fixture('youtube').records;
      const again = youtube.map({ ...video, etag: '"next"', statistics: { viewCount: '4000' } }, 'video', { receivedAt: RECEIVED }) as { events: Array<{ messageId: string }> };
      const first = mapFixture(youtube, 'video') as { events: Array<{ messageId: string }> };
      expect(again.events[0]!.messageId).toBe(first.events[0]!.messageId);
      expect(again.events[1]!.messageId).toBe('youtube:video:7lCDEYXw3mM:"next"');
      expect(youtube.map({ ...video, id: undefined }, 'video', { receivedAt: RECEIVED })).toEqual({ error: 'id: is required' });
      expect(youtube.map({ id: 'x', etag: 'e', statistics: { likeCount: '1' } }, 'video', { receivedAt: RECEIVED })).toEqual({ error: "statistics.viewCount: is required (the video's views)" });
    });

    it('maps an Analytics report (its documented structure) to one stream.reported per video and day', () => {
      const report = {
        kind: 'youtubeAnalytics#resultTable',
        columnHeaders: [
          { name: 'video', columnType: 'DIMENSION', dataType: 'STRING' },
          { name: 'day', columnType: 'DIMENSION', dataType: 'STRING' },
          { name: 'views', columnType: 'METRIC', dataType: 'INTEGER' },
          { name: 'estimatedMinutesWatched', columnType: 'METRIC', dataType: 'INTEGER' },
          { name: 'averageViewDuration', columnType: 'METRIC', dataType: 'INTEGER' },
        ],
        rows: [
          ['7lCDEYXw3mM', '2024-03-01', 120, 640, 320],
          ['7lCDEYXw3mM', '2024-03-02', 95, 410, 259],
        ],
      };
      expect(youtube.recordTypeOf(report, undefined)).toBe('report');
      const mapped = youtube.map(report, 'report', { receivedAt: RECEIVED }) as { recordId: string; version: string; events: Array<Record<string, unknown>> };
      expect(mapped.recordId).toMatch(/^report:[\w-]{16}$/);
      expect(mapped.events).toEqual([
        expect.objectContaining({
          event: 'stream.reported',
          updatedEvent: 'stream.updated',
          messageId: expect.stringMatching(/^youtube:report:7lCDEYXw3mM:2024-03-01:[\w-]{16}$/),
          object: { type: 'asset', id: '7lCDEYXw3mM' },
          properties: { assetId: '7lCDEYXw3mM', platform: 'youtube', streams: 120, watchMinutes: 640, period: '2024-03-01', averageViewDuration: 320 },
          timestamp: Date.parse('2024-03-01T00:00:00Z'),
        }),
        expect.objectContaining({ properties: { assetId: '7lCDEYXw3mM', platform: 'youtube', streams: 95, watchMinutes: 410, period: '2024-03-02', averageViewDuration: 259 } }),
      ]);
      const revised = youtube.map({ ...report, rows: [report.rows[0], ['7lCDEYXw3mM', '2024-03-02', 99, 430, 260]] }, 'report', { receivedAt: RECEIVED }) as typeof mapped;
      expect(revised.recordId).toBe(mapped.recordId);
      expect(revised.version).not.toBe(mapped.version);
      expect(revised.events[0]!.messageId).toBe(mapped.events[0]!.messageId);
      expect(revised.events[1]!.messageId).not.toBe(mapped.events[1]!.messageId);
      expect(youtube.map({ ...report, columnHeaders: report.columnHeaders.slice(1), rows: [] }, 'report', { receivedAt: RECEIVED })).toEqual({
        error: 'columnHeaders: needs the video dimension (dimensions=video) to tell which asset a row is about',
      });
      expect(youtube.map({ ...report, rows: [['7lCDEYXw3mM', '2024-03-01', 1]] }, 'report', { receivedAt: RECEIVED })).toEqual({ error: 'rows.0: must have one value per column (5)' });
    });
  });

  describe('roblox', () => {
    it('maps the documented analytics alert to experience.alert_recovered, its AlertMessage read', () => {
      expect(mapFixture(roblox, 'notification')).toEqual({
        recordId: '11111abc-111a-1a2a-ab1a-abc1a1a111a1',
        version: '2026-06-15T22:05:10.8590762Z',
        events: [
          {
            event: 'experience.alert_recovered',
            messageId: 'roblox:notification:11111abc-111a-1a2a-ab1a-abc1a1a111a1:2026-06-15T22:05:10.8590762Z',
            object: { type: 'universe', id: '1234567890' },
            source: { platform: 'roblox' },
            properties: {
              notificationId: '11111abc-111a-1a2a-ab1a-abc1a1a111a1',
              eventType: 'AnalyticsAlert',
              summary: '[♟️] Game has recovered',
              metric: 'PeakConcurrentPlayers',
              universeId: '1234567890',
              evaluatedAt: '2026-06-15T22:04:47Z',
              alertHistory: 'https://create.roblox.com/dashboard/creations/experiences/1234567890/alerts?tab=AlertConfiguration-Analytics&utm_medium=webhook&utm_campaign=alert_resolved',
            },
            timestamp: Date.parse('2026-06-15T22:05:10.859Z'),
            context: connector('roblox', 'notification', '11111abc-111a-1a2a-ab1a-abc1a1a111a1', '2026-06-15T22:05:10.8590762Z'),
          },
        ],
      });
    });

    it('maps the documented erasure request and sample notification', () => {
      const provenance = connector('roblox', 'notification', 'string', '2023-12-30T16:24:24.2118874Z');
      const common = { messageId: 'roblox:notification:string:2023-12-30T16:24:24.2118874Z', actor: { type: 'user', id: '1' }, source: { platform: 'roblox' }, timestamp: Date.parse('2023-12-30T16:24:24.211Z'), context: provenance };
      expect(mapFixture(roblox, 'notification_erasure', 'notification')).toEqual({
        recordId: 'string',
        version: '2023-12-30T16:24:24.2118874Z',
        events: [{ ...common, event: 'privacy.erasure_requested', properties: { notificationId: 'string', eventType: 'RightToErasureRequest', gameIds: ['1234', '2345'] } }],
      });
      expect(mapFixture(roblox, 'notification_sample', 'notification')).toEqual({
        recordId: 'string',
        version: '2023-12-30T16:24:24.2118874Z',
        events: [{ ...common, event: 'roblox.sample_notification', properties: { notificationId: 'string', eventType: 'SampleNotification' } }],
      });
    });

    it('a commerce order (the schema example values) is the order, versioned by its update and state: a duplicate delivery is one record', () => {
      const order = (notificationId: string, state: string, type: string) => ({
        NotificationId: notificationId,
        EventType: type,
        EventTime: '2023-07-05T12:34:57Z',
        EventPayload: { path: 'universes/123/commerce-products/123/orders/123e4567-e89b-12d3-a456-426655440000', createTime: '2023-07-05T12:34:56Z', updateTime: '2023-07-05T12:34:56Z', state, merchant: 'SHOPIFY', merchantOrderId: '450789469', user: 'users/123' },
      });
      const paid = roblox.map(order('n-1', 'STATE_PAID', 'CommerceProductOrderPaid'), 'notification', { receivedAt: RECEIVED });
      expect(paid).toEqual({
        recordId: 'order:123e4567-e89b-12d3-a456-426655440000',
        version: '2023-07-05T12:34:56Z:STATE_PAID',
        events: [
          {
            event: 'merch.order_paid',
            messageId: 'roblox:notification:order:123e4567-e89b-12d3-a456-426655440000:2023-07-05T12:34:56Z:STATE_PAID',
            actor: { type: 'user', id: '123' },
            object: { type: 'order', id: '123e4567-e89b-12d3-a456-426655440000' },
            source: { platform: 'roblox' },
            properties: {
              notificationId: 'n-1',
              eventType: 'CommerceProductOrderPaid',
              orderId: '123e4567-e89b-12d3-a456-426655440000',
              universeId: '123',
              commerceProductId: '123',
              state: 'STATE_PAID',
              merchant: 'SHOPIFY',
              merchantOrderId: '450789469',
              raw: { createTime: '2023-07-05T12:34:56Z' },
            },
            timestamp: Date.parse('2023-07-05T12:34:56Z'),
            context: connector('roblox', 'notification', 'order:123e4567-e89b-12d3-a456-426655440000', '2023-07-05T12:34:56Z:STATE_PAID'),
          },
        ],
      });
      const duplicate = roblox.map(order('n-2', 'STATE_PAID', 'CommerceProductOrderPaid'), 'notification', { receivedAt: RECEIVED }) as { events: Array<{ messageId: string }> };
      expect(duplicate.events[0]!.messageId).toBe((paid as typeof duplicate).events[0]!.messageId);
      expect(roblox.map(order('n-3', 'STATE_REFUNDED', 'CommerceProductOrderRefunded'), 'notification', { receivedAt: RECEIVED })).toMatchObject({ version: '2023-07-05T12:34:56Z:STATE_REFUNDED', events: [{ event: 'merch.order_refunded' }] });
    });

    it('names the missing field and tells the type from the payload', () => {
      const { notification } = fixture('roblox').records;
      expect(roblox.map({ ...notification, NotificationId: undefined }, 'notification', { receivedAt: RECEIVED })).toEqual({ error: 'NotificationId: is required' });
      expect(roblox.map({ NotificationId: 'n', EventType: 'CommerceProductOrderPaid', EventPayload: {} }, 'notification', { receivedAt: RECEIVED })).toEqual({
        error: 'EventPayload.path: is required (universes/{universe}/commerce-products/{product}/orders/{order})',
      });
      expect(roblox.map({ NotificationId: 'n', EventType: 'SubscriptionPurchased', EventTime: '2024-01-01T00:00:00Z', EventPayload: { UserId: 7 } }, 'notification', { receivedAt: RECEIVED })).toMatchObject({ events: [{ event: 'subscription.purchased', actor: { type: 'user', id: '7' } }] });
      expect(roblox.recordTypeOf({ EventType: 'x' }, undefined)).toBeUndefined();
      expect(roblox.webhookRecords!(notification, {})).toEqual({ records: [notification] });
    });
  });

  describe('robotics (VDA 5050)', () => {
    const robotId = 'ExampleManufacturer/AGV-001';
    const base = {
      actor: { type: 'robot', id: robotId },
      trackable: { kind: 'robot', id: robotId, manufacturer: 'ExampleManufacturer', serialNumber: 'AGV-001' },
      source: { platform: 'vda5050', channel: 'robot' },
      object: { type: 'job', id: 'order-1' },
      timestamp: Date.parse('1991-03-11T11:40:03.12Z'),
      context: connector('robotics', 'state', `${robotId}/1042`, '1991-03-11T11:40:03.12Z'),
    };

    it('maps a state message to robot.state_reported and a finished action to robot.action', () => {
      expect(mapFixture(robotics, 'state')).toEqual({
        recordId: `${robotId}/1042`,
        version: '1991-03-11T11:40:03.12Z',
        events: [
          {
            ...base,
            event: 'robot.state_reported',
            messageId: `robotics:state:${robotId}/1042:1991-03-11T11:40:03.12Z`,
            properties: {
              robotId,
              orderId: 'order-1',
              orderUpdateId: 0,
              lastNodeId: 'node7',
              driving: false,
              operatingMode: 'AUTOMATIC',
              batteryCharge: 76.5,
              charging: false,
              x: 12.5,
              y: 3.2,
              theta: 1.57,
              mapId: 'floor-1',
              eStop: 'NONE',
              fieldViolation: false,
              errors: 0,
              protocolVersion: '2.1.0',
              raw: { lastNodeSequenceId: 4, nodeStates: [], edgeStates: [] },
            },
          },
          {
            ...base,
            event: 'robot.action',
            messageId: `robotics:action:${robotId}/pick-1:FINISHED`,
            properties: { robotId, orderId: 'order-1', actionId: 'pick-1', actionType: 'pick', status: 'finished' },
          },
        ],
      });
    });

    it('an action or error repeated by the next state message keeps its event id; a missing serial number is named', () => {
      const { state } = fixture('robotics').records;
      const error = { errorType: 'orderNoRoute', errorLevel: 'WARNING', errorReferences: [{ referenceKey: 'nodeId', referenceValue: 'node9' }] };
      const first = robotics.map({ ...state, errors: [error] }, 'state', { receivedAt: RECEIVED }) as { events: Array<{ event: string; messageId: string; properties: unknown }> };
      const next = robotics.map({ ...state, headerId: 1043, timestamp: '1991-03-11T11:40:04.12Z', errors: [error] }, 'state', { receivedAt: RECEIVED }) as typeof first;
      expect(first.events.map((event) => event.event)).toEqual(['robot.state_reported', 'robot.action', 'robot.error']);
      expect(first.events[2]!.properties).toEqual({ robotId, orderId: 'order-1', errorType: 'orderNoRoute', level: 'warning', references: ['nodeId=node9'] });
      expect(next.events[0]!.messageId).not.toBe(first.events[0]!.messageId);
      expect(next.events[1]!.messageId).toBe(first.events[1]!.messageId);
      expect(next.events[2]!.messageId).toBe(first.events[2]!.messageId);
      expect(robotics.map({ ...state, serialNumber: undefined }, 'state', { receivedAt: RECEIVED })).toEqual({ error: 'serialNumber: is required' });
      expect(robotics.recordTypeOf({ headerId: 1, serialNumber: 'x', connectionState: 'ONLINE' }, undefined)).toBeUndefined();
    });
  });

  describe('tiktok', () => {
    it('maps a report row to ad.spend_reported: spend as cost with its currency, the campaign as the touchpoint', () => {
      expect(mapFixture(tiktok, 'campaign_day')).toEqual({
        recordId: '1800000000000000001:2024-03-01',
        version: '142.5:1230:28400:37',
        events: [
          {
            event: 'ad.spend_reported',
            updatedEvent: 'ad.spend_updated',
            messageId: 'tiktok:campaign_day:1800000000000000001:2024-03-01:142.5:1230:28400:37',
            object: { type: 'campaign', id: '1800000000000000001' },
            source: { channel: 'paid', platform: 'tiktok', campaign: 'spring-launch', medium: 'cpc' },
            attribution: { source: 'tiktok', medium: 'cpc', campaign: 'spring-launch', cost: 142.5, currency: 'USD' },
            properties: {
              campaign: 'spring-launch',
              campaignId: '1800000000000000001',
              date: '2024-03-01',
              cost: 142.5,
              currency: 'USD',
              clicks: 1230,
              impressions: 28400,
              conversions: 37,
              raw: { metrics: { ctr: 4.33 } },
            },
            timestamp: Date.parse('2024-03-01T00:00:00Z'),
            context: connector('tiktok', 'campaign_day', '1800000000000000001:2024-03-01', '142.5:1230:28400:37'),
          },
        ],
      });
    });

    it('takes the advertiser currency added beside a row, names a missing field, and unwraps a response', () => {
      const { campaign_day: row } = fixture('tiktok').records;
      const metrics = { ...(row!.metrics as Record<string, unknown>), currency: undefined };
      expect(tiktok.map({ ...row, metrics, currency: 'eur' }, 'campaign_day', { receivedAt: RECEIVED })).toMatchObject({ events: [{ properties: { cost: 142.5, currency: 'EUR' } }] });
      expect(tiktok.map({ ...row, metrics }, 'campaign_day', { receivedAt: RECEIVED })).toEqual({ error: 'currency: is required (an ISO 4217 currency code)' });
      expect(tiktok.map({ ...row, dimensions: { stat_time_day: '2024-03-01 00:00:00' } }, 'campaign_day', { receivedAt: RECEIVED })).toEqual({ error: 'campaign_id: is required' });
      expect(tiktok.map({ ...row, metrics: { currency: 'USD' } }, 'campaign_day', { receivedAt: RECEIVED })).toEqual({ error: 'metrics.spend: is required' });
      expect(tiktok.webhookRecords!({ code: 0, message: 'OK', data: { list: [row, row] } }, {})).toEqual({ records: [row, row], recordType: 'campaign_day' });
    });
  });

  describe('fortnite', () => {
    it('maps island metrics to one stream.reported per interval, plays as streams, null values left out', () => {
      const mapped = mapFixture(fortnite, 'island_metrics') as { recordId: string; events: Array<Record<string, unknown>> };
      expect(mapped.recordId).toBe('1234-5678-9012:day:2024-10-01T00:00:00.000Z');
      const provenance = expect.objectContaining({ connector: expect.objectContaining({ provider: 'fortnite', recordType: 'island_metrics', recordId: mapped.recordId }) });
      expect(mapped.events).toEqual([
        {
          event: 'stream.reported',
          updatedEvent: 'stream.updated',
          messageId: expect.stringMatching(/^fortnite:island_metrics:1234-5678-9012:day:2024-10-01T00:00:00.000Z:[\w-]{16}$/),
          object: { type: 'asset', id: '1234-5678-9012' },
          source: { platform: 'fortnite' },
          properties: {
            assetId: '1234-5678-9012',
            platform: 'fortnite',
            streams: 3120,
            period: '2024-10-01T00:00:00.000Z',
            interval: 'day',
            uniquePlayers: 2400,
            minutesPlayed: 51360,
            peakCCU: 310,
            favorites: 42,
            recommendations: 17,
            averageMinutesPerPlayer: 21.4,
            retentionD1: 0.21,
            retentionD7: 0.06,
          },
          timestamp: Date.parse('2024-10-01T00:00:00.000Z'),
          context: provenance,
        },
        expect.objectContaining({
          properties: { assetId: '1234-5678-9012', platform: 'fortnite', streams: 2870, period: '2024-10-02T00:00:00.000Z', interval: 'day', uniquePlayers: 2250, minutesPlayed: 44550, peakCCU: 275, recommendations: 12, averageMinutesPerPlayer: 19.8, retentionD1: 0.19 },
        }),
      ]);
    });

    it('a re-read window stores only the changed intervals; the island code is required', () => {
      const { island_metrics: record } = fixture('fortnite').records;
      const first = fortnite.map(record!, 'island_metrics', { receivedAt: RECEIVED }) as { version: string; events: Array<{ messageId: string }> };
      const plays = [{ value: 3120, timestamp: '2024-10-01T00:00:00.000Z' }, { value: 2990, timestamp: '2024-10-02T00:00:00.000Z' }];
      const again = fortnite.map({ ...record, plays }, 'island_metrics', { receivedAt: RECEIVED }) as typeof first;
      expect(again.version).not.toBe(first.version);
      expect(again.events[0]!.messageId).toBe(first.events[0]!.messageId);
      expect(again.events[1]!.messageId).not.toBe(first.events[1]!.messageId);
      expect(fortnite.map({ ...record, code: undefined }, 'island_metrics', { receivedAt: RECEIVED })).toEqual({ error: 'code: is required' });
      expect(fortnite.map({ code: 'x', plays: [{ value: 'many', timestamp: '2024-10-01T00:00:00Z' }] }, 'island_metrics', { receivedAt: RECEIVED })).toEqual({ error: 'plays.0.value: must be a number or null' });
      expect(fortnite.recordTypeOf({ code: 'x', title: 'An island' }, undefined)).toBeUndefined();
    });
  });
});
