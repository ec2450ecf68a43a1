import { createHmac, generateKeyPairSync, sign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { safeEqual, verifyWebhook, WebhookRefusal, type WebhookRequest } from '../src/domain/connectors/webhooks.js';
import type { WebhookSchemeId } from '../src/domain/connectors/provider.js';

const NOW = Date.UTC(2026, 11, 4, 12);
const seconds = (ms: number) => String(Math.floor(ms / 1000));
const hmac = (key: string | Buffer, data: string, encoding: 'hex' | 'base64') => createHmac('sha256', key).update(data).digest(encoding);
const body = '{"id":"evt_1NG8Du2eZvKYlo2CUI79vXWy","object":"event","type":"charge.succeeded"}';

function refusal(scheme: WebhookSchemeId, request: WebhookRequest, secret: string, now = NOW): { field: string; message: string } {
  try {
    verifyWebhook(scheme, request, { secret, now });
  } catch (thrown) {
    if (thrown instanceof WebhookRefusal) return { field: thrown.field, message: thrown.message };
    throw thrown;
  }
  throw new Error('expected a refusal');
}

describe('webhook signature schemes', () => {
  it('compares in constant time, refusing different lengths without comparing', () => {
    expect(safeEqual(Buffer.from('abc'), Buffer.from('abc'))).toBe(true);
    expect(safeEqual(Buffer.from('abc'), Buffer.from('abd'))).toBe(false);
    expect(safeEqual(Buffer.from('abc'), Buffer.from('ab'))).toBe(false);
  });

  it('stripe: t= and v1= HMAC-SHA256 of "<t>.<body>" with the whsec_ secret, 300 s tolerance, the event id as delivery id', () => {
    const secret = 'whsec_test_secret';
    const t = seconds(NOW - 10_000);
    const header = `t=${t},v1=${hmac(secret, `${t}.${body}`, 'hex')},v0=6ffbb59b2300aae63f272406069a9788598b792a944a07aba816edb039989a39`;
    expect(verifyWebhook('stripe', { rawBody: body, headers: { 'stripe-signature': header }, method: 'POST' }, { secret, now: NOW })).toEqual({ deliveryId: 'evt_1NG8Du2eZvKYlo2CUI79vXWy', sentAt: Number(t) * 1000 });
    expect(refusal('stripe', { rawBody: `${body} `, headers: { 'stripe-signature': header }, method: 'POST' }, secret).field).toBe('headers.stripe-signature');
    const old = seconds(NOW - 301_000);
    const stale = `t=${old},v1=${hmac(secret, `${old}.${body}`, 'hex')}`;
    expect(refusal('stripe', { rawBody: body, headers: { 'stripe-signature': stale }, method: 'POST' }, secret).message).toMatch(/tolerance is 300 s/);
  });

  it('shopify: X-Shopify-Hmac-Sha256 base64 HMAC-SHA256 of the raw body, X-Shopify-Webhook-Id as delivery id', () => {
    const secret = 'shpss_client_secret';
    const headers = { 'x-shopify-hmac-sha256': hmac(secret, body, 'base64'), 'x-shopify-webhook-id': 'b54557e4-bdd9-4b37-8a5f-bf7d70bcd043' };
    expect(verifyWebhook('shopify', { rawBody: body, headers, method: 'POST' }, { secret, now: NOW }).deliveryId).toBe('b54557e4-bdd9-4b37-8a5f-bf7d70bcd043');
    expect(refusal('shopify', { rawBody: body, headers, method: 'POST' }, 'another secret').field).toBe('headers.x-shopify-hmac-sha256');
    expect(refusal('shopify', { rawBody: body, headers: {}, method: 'POST' }, secret)).toEqual({ field: 'headers.x-shopify-hmac-sha256', message: 'is missing' });
  });

  it('hubspot v3: base64 HMAC-SHA256 of method + URI (listed escapes decoded) + body + timestamp, refused after 5 minutes', () => {
    const secret = 'yyyyyyyy-yyyy-yyyy-yyyy-yyyyyyyyyyyy';
    const hubspotBody = '[{"eventId":1,"subscriptionId":12345,"portalId":62515,"occurredAt":1564113600000,"subscriptionType":"contact.creation","attemptNumber":0,"objectId":123,"changeSource":"CRM","changeFlag":"NEW","appId":54321}]';
    const timestamp = String(NOW - 60_000);
    const url = 'https://hooks.example.com/api/connectors/hubspot/webhook?connectorId=con_crm%3Amain';
    const signature = hmac(secret, `POST${'https://hooks.example.com/api/connectors/hubspot/webhook?connectorId=con_crm:main'}${hubspotBody}${timestamp}`, 'base64');
    const headers = { 'x-hubspot-signature-v3': signature, 'x-hubspot-request-timestamp': timestamp };
    expect(verifyWebhook('hubspot_v3', { rawBody: hubspotBody, headers, url, method: 'POST' }, { secret, now: NOW }).sentAt).toBe(Number(timestamp));
    expect(refusal('hubspot_v3', { rawBody: hubspotBody, headers, url: `${url}&x=1`, method: 'POST' }, secret).field).toBe('headers.x-hubspot-signature-v3');
    expect(refusal('hubspot_v3', { rawBody: hubspotBody, headers, url, method: 'POST' }, secret, NOW + 300_000).field).toBe('headers.x-hubspot-request-timestamp');
  });

  it('discord: Ed25519 X-Signature-Ed25519 over X-Signature-Timestamp + body with the application public key', () => {
    const { publicKey, privateKey } = generateKeyPairSync('ed25519');
    const publicHex = publicKey.export({ format: 'der', type: 'spki' }).subarray(12).toString('hex');
    const interaction = '{"id":"1234567890","type":1,"application_id":"9876"}';
    const timestamp = seconds(NOW);
    const signature = sign(null, Buffer.from(timestamp + interaction), privateKey).toString('hex');
    const headers = { 'x-signature-ed25519': signature, 'x-signature-timestamp': timestamp };
    expect(verifyWebhook('discord', { rawBody: interaction, headers, method: 'POST' }, { secret: publicHex, now: NOW }).deliveryId).toBe('1234567890');
    expect(refusal('discord', { rawBody: interaction.replace('9876', '9877'), headers, method: 'POST' }, publicHex).field).toBe('headers.x-signature-ed25519');
  });

  it('twitch eventsub: sha256= hex HMAC of message id + timestamp + body, refused after 10 minutes', () => {
    const secret = 'twitch-eventsub-secret';
    const id = 'befa7b53-d79d-478f-86b9-120f112b044e';
    const timestamp = new Date(NOW - 5_000).toISOString().replace('Z', '634234Z');
    const twitchBody = '{"subscription":{"id":"f1c2a387-161a-49f9-a165-0f21d7a4e1c4","type":"stream.online"},"event":{"broadcaster_user_id":"1337"}}';
    const headers = { 'twitch-eventsub-message-id': id, 'twitch-eventsub-message-timestamp': timestamp, 'twitch-eventsub-message-signature': `sha256=${hmac(secret, id + timestamp + twitchBody, 'hex')}` };
    expect(verifyWebhook('twitch', { rawBody: twitchBody, headers, method: 'POST' }, { secret, now: NOW }).deliveryId).toBe(id);
    expect(refusal('twitch', { rawBody: twitchBody, headers, method: 'POST' }, secret, NOW + 601_000).field).toBe('headers.twitch-eventsub-message-timestamp');
    expect(refusal('twitch', { rawBody: twitchBody, headers: { ...headers, 'twitch-eventsub-message-id': 'other' }, method: 'POST' }, secret).field).toBe('headers.twitch-eventsub-message-signature');
  });

  it('svix (resend): the Standard Webhooks published test vector verifies', () => {
    const headers = { 'svix-id': 'msg_p5jXN8AQM9LWM0D4loKWxJek', 'svix-timestamp': '1614265330', 'svix-signature': 'v1,bm9wZQ== v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=' };
    const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
    expect(verifyWebhook('svix', { rawBody: '{"test": 2432232314}', headers, method: 'POST' }, { secret, now: 1614265330_000 })).toEqual({ deliveryId: 'msg_p5jXN8AQM9LWM0D4loKWxJek', sentAt: 1614265330_000 });
    expect(refusal('svix', { rawBody: '{"test": 2432232315}', headers, method: 'POST' }, secret, 1614265330_000).field).toBe('headers.svix-signature');
    expect(refusal('svix', { rawBody: '{"test": 2432232314}', headers, method: 'POST' }, secret, 1614265330_000 + 301_000).field).toBe('headers.svix-timestamp');
  });

  it('linear: hex HMAC-SHA256 of the body, webhookTimestamp within a minute, Linear-Delivery as delivery id', () => {
    const secret = 'lin_wh_secret';
    const linearBody = JSON.stringify({ action: 'create', type: 'Issue', data: { id: 'issue_1' }, webhookTimestamp: NOW - 5_000 });
    const headers = { 'linear-signature': hmac(secret, linearBody, 'hex'), 'linear-delivery': '234d1a4e-b617-4388-90fe-adc3633d6b72' };
    expect(verifyWebhook('linear', { rawBody: linearBody, headers, method: 'POST' }, { secret, now: NOW }).deliveryId).toBe('234d1a4e-b617-4388-90fe-adc3633d6b72');
    expect(refusal('linear', { rawBody: linearBody, headers, method: 'POST' }, secret, NOW + 61_000).field).toBe('webhookTimestamp');
  });

  it('jira / hub style: X-Hub-Signature sha256= hex HMAC of the body', () => {
    const secret = 'jira-secret';
    const headers = { 'x-hub-signature': `sha256=${hmac(secret, body, 'hex')}`, 'x-atlassian-webhook-identifier': '4242' };
    expect(verifyWebhook('hub_signature', { rawBody: body, headers, method: 'POST' }, { secret, now: NOW }).deliveryId).toBe('4242');
    expect(refusal('hub_signature', { rawBody: body, headers: { 'x-hub-signature': `sha1=${hmac(secret, body, 'hex')}` }, method: 'POST' }, secret).message).toMatch(/sha256=/);
  });

  it('generic: X-HA-Signature t=,v1= hex HMAC of "<t>.<body>", as the HTTPS exports sign', () => {
    const secret = 'generic-secret';
    const t = seconds(NOW);
    const headers = { 'x-ha-signature': `t=${t},v1=${hmac(secret, `${t}.${body}`, 'hex')}`, 'idempotency-key': 'exp_1-0' };
    expect(verifyWebhook('hmac_sha256', { rawBody: body, headers, method: 'POST' }, { secret, now: NOW })).toEqual({ deliveryId: 'exp_1-0', sentAt: Number(t) * 1000 });
    expect(refusal('hmac_sha256', { rawBody: body, headers, method: 'POST' }, secret, NOW + 400_000).field).toBe('headers.x-ha-signature');
  });
});
