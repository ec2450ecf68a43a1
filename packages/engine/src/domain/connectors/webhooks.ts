import { createHash, createHmac, createPublicKey, timingSafeEqual, verify as verifySignature } from 'node:crypto';
import type { WebhookSchemeId } from './provider.js';

/**
 * Webhook signature schemes, each as its provider documents it. Every check runs on the raw body as received (never
 * on re-serialised JSON) before anything is parsed or stored; digests are compared in constant time; schemes that
 * sign a timestamp refuse one outside the tolerance. Each answers the delivery's id for replay protection: the
 * provider's own (event id, message id header) or, when it sends none, a hash of the signature.
 */
export interface WebhookRequest {
  rawBody: string;
  /** Header names in lower case. */
  headers: Readonly<Record<string, string>>;
  /** The absolute URL the provider called (HubSpot signs it). */
  url?: string | undefined;
  method: string;
}

export interface VerifiedDelivery {
  deliveryId: string;
  /** The signed (or sent) time of the delivery, ms; null when the scheme carries none. */
  sentAt: number | null;
}

/** Why a delivery was refused: the header (or field) at fault and what was wrong. */
export class WebhookRefusal extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

const refuse = (field: string, message: string): never => {
  throw new WebhookRefusal(field, message);
};

function header(request: WebhookRequest, name: string): string {
  const value = request.headers[name];
  if (value === undefined || value === '') refuse(`headers.${name}`, 'is missing');
  return value!;
}

/** Constant-time equality of two byte strings (false, without comparing, when their lengths differ). */
export function safeEqual(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

const hmac = (secret: string | Buffer, data: string): Buffer => createHmac('sha256', secret).update(data, 'utf8').digest();

function checkTimestamp(field: string, sentAt: number, now: number, toleranceSeconds: number): void {
  if (!Number.isFinite(sentAt)) refuse(field, 'is not a timestamp');
  if (Math.abs(now - sentAt) > toleranceSeconds * 1000) refuse(field, `is ${Math.round(Math.abs(now - sentAt) / 1000)} s from the server's time; the tolerance is ${toleranceSeconds} s (a replay or a skewed clock)`);
}

const digestOfSignature = (signature: string) => `sig_${createHash('sha256').update(signature).digest('base64url').slice(0, 32)}`;

/** The `id` of a JSON body (Stripe's evt_…, Discord's interaction id), when it has one. */
function bodyId(rawBody: string, field = 'id'): string | undefined {
  try {
    const value = (JSON.parse(rawBody) as Record<string, unknown>)?.[field];
    return typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;
  } catch {
    return undefined;
  }
}

export interface VerifyOptions {
  /** The secret: the signing secret, or for Discord the application's public key (hex). */
  secret: string;
  now: number;
  /** Tolerance of signed timestamps; default 300 s (Twitch: 600 s, Linear: 60 s, as documented). */
  toleranceSeconds?: number | undefined;
}

type Verifier = (request: WebhookRequest, options: VerifyOptions) => VerifiedDelivery;

const VERIFIERS: Record<WebhookSchemeId, Verifier> = {
  /** Stripe: `Stripe-Signature: t=<unix s>,v1=<hex>[,v1=…]`, HMAC-SHA256 of `<t>.<body>` with the endpoint secret (whsec_…); 300 s tolerance. */
  stripe(request, { secret, now, toleranceSeconds = 300 }) {
    const value = header(request, 'stripe-signature');
    const parts = value.split(',').map((part) => part.trim().split('='));
    const t = parts.find(([key]) => key === 't')?.[1];
    const v1 = parts.filter(([key]) => key === 'v1').map(([, signature]) => signature ?? '');
    if (t === undefined || !/^\d+$/.test(t)) return refuse('headers.stripe-signature', 'has no timestamp t=');
    if (v1.length === 0) return refuse('headers.stripe-signature', 'has no v1= signature');
    const expected = hmac(secret, `${t}.${request.rawBody}`);
    if (!v1.some((signature) => safeEqual(Buffer.from(signature, 'hex'), expected))) refuse('headers.stripe-signature', 'does not match the body (wrong secret, or the body was changed)');
    const sentAt = Number(t) * 1000;
    checkTimestamp('headers.stripe-signature', sentAt, now, toleranceSeconds);
    return { deliveryId: bodyId(request.rawBody) ?? digestOfSignature(value), sentAt };
  },
  /** Shopify: `X-Shopify-Hmac-Sha256`, base64 of HMAC-SHA256 of the body with the app's client secret; id `X-Shopify-Webhook-Id`. */
  shopify(request, { secret, now, toleranceSeconds = 300 }) {
    const value = header(request, 'x-shopify-hmac-sha256');
    if (!safeEqual(Buffer.from(value, 'base64'), hmac(secret, request.rawBody))) refuse('headers.x-shopify-hmac-sha256', 'does not match the body (wrong secret, or the body was changed)');
    const triggered = request.headers['x-shopify-triggered-at'];
    const sentAt = triggered ? Date.parse(triggered) : null;
    // Shopify retries a delivery for up to 48 hours with the same webhook id: its time is only checked against replay windows far beyond that.
    if (sentAt !== null && Number.isFinite(sentAt)) checkTimestamp('headers.x-shopify-triggered-at', sentAt, now, Math.max(toleranceSeconds, 72 * 3600));
    return { deliveryId: request.headers['x-shopify-webhook-id'] || request.headers['x-shopify-event-id'] || digestOfSignature(value), sentAt: Number.isFinite(sentAt) ? sentAt : null };
  },
  /**
   * HubSpot v3: `X-HubSpot-Signature-v3`, base64 of HMAC-SHA256 (client secret) of method + URI + body + timestamp
   * (`X-HubSpot-Request-Timestamp`, ms), refused when older than 5 minutes. The URI is the full URL with the
   * characters HubSpot lists percent-decoded.
   */
  hubspot_v3(request, { secret, now, toleranceSeconds = 300 }) {
    const value = header(request, 'x-hubspot-signature-v3');
    const timestamp = header(request, 'x-hubspot-request-timestamp');
    if (request.url === undefined) return refuse('url', 'is required to verify a HubSpot v3 signature');
    const sentAt = Number(timestamp);
    checkTimestamp('headers.x-hubspot-request-timestamp', sentAt, now, toleranceSeconds);
    const uri = hubspotUri(request.url);
    const expected = hmac(secret, `${request.method.toUpperCase()}${uri}${request.rawBody}${timestamp}`);
    if (!safeEqual(Buffer.from(value, 'base64'), expected)) refuse('headers.x-hubspot-signature-v3', 'does not match method, URL, body and timestamp');
    return { deliveryId: digestOfSignature(value), sentAt };
  },
  /** Discord: Ed25519 `X-Signature-Ed25519` (hex) over `X-Signature-Timestamp` + body, with the application's public key (hex). */
  discord(request, { secret, now, toleranceSeconds = 300 }) {
    const signature = header(request, 'x-signature-ed25519');
    const timestamp = header(request, 'x-signature-timestamp');
    let key;
    try {
      key = createPublicKey({ key: Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), Buffer.from(secret, 'hex')]), format: 'der', type: 'spki' });
    } catch {
      return refuse('secret', 'the connector\'s Discord public key is not 32 bytes of hex');
    }
    const bytes = Buffer.from(signature, 'hex');
    if (bytes.length !== 64 || !verifySignature(null, Buffer.from(timestamp + request.rawBody, 'utf8'), key, bytes)) refuse('headers.x-signature-ed25519', 'does not verify over timestamp and body');
    const sentAt = Number(timestamp) * 1000;
    checkTimestamp('headers.x-signature-timestamp', sentAt, now, toleranceSeconds);
    return { deliveryId: bodyId(request.rawBody) ?? digestOfSignature(signature), sentAt };
  },
  /** Twitch EventSub: `Twitch-Eventsub-Message-Signature: sha256=<hex>` of message id + timestamp + body; older than 10 minutes refused. */
  twitch(request, { secret, now, toleranceSeconds = 600 }) {
    const id = header(request, 'twitch-eventsub-message-id');
    const timestamp = header(request, 'twitch-eventsub-message-timestamp');
    const value = header(request, 'twitch-eventsub-message-signature');
    if (!value.startsWith('sha256=')) refuse('headers.twitch-eventsub-message-signature', 'must start with sha256=');
    if (!safeEqual(Buffer.from(value.slice(7), 'hex'), hmac(secret, id + timestamp + request.rawBody))) refuse('headers.twitch-eventsub-message-signature', 'does not match message id, timestamp and body');
    const sentAt = Date.parse(timestamp);
    checkTimestamp('headers.twitch-eventsub-message-timestamp', sentAt, now, toleranceSeconds);
    return { deliveryId: id, sentAt };
  },
  /** Svix (Resend): `svix-signature: v1,<base64> [v1,<base64>…]`, HMAC-SHA256 of `<svix-id>.<svix-timestamp>.<body>` keyed by the base64 after `whsec_`; 300 s tolerance. */
  svix(request, { secret, now, toleranceSeconds = 300 }) {
    const id = header(request, 'svix-id');
    const timestamp = header(request, 'svix-timestamp');
    const value = header(request, 'svix-signature');
    const key = Buffer.from(secret.startsWith('whsec_') ? secret.slice(6) : secret, 'base64');
    const expected = hmac(key, `${id}.${timestamp}.${request.rawBody}`);
    const signatures = value.split(' ').filter((part) => part.startsWith('v1,')).map((part) => Buffer.from(part.slice(3), 'base64'));
    if (!signatures.some((signature) => safeEqual(signature, expected))) refuse('headers.svix-signature', 'has no v1 signature matching id, timestamp and body');
    const sentAt = Number(timestamp) * 1000;
    checkTimestamp('headers.svix-timestamp', sentAt, now, toleranceSeconds);
    return { deliveryId: id, sentAt };
  },
  /** Linear: `Linear-Signature`, hex HMAC-SHA256 of the body; the body's `webhookTimestamp` (ms) within 60 s; id `Linear-Delivery`. */
  linear(request, { secret, now, toleranceSeconds = 60 }) {
    const value = header(request, 'linear-signature');
    if (!safeEqual(Buffer.from(value, 'hex'), hmac(secret, request.rawBody))) refuse('headers.linear-signature', 'does not match the body');
    const stamp = bodyId(request.rawBody, 'webhookTimestamp');
    const sentAt = stamp === undefined ? null : Number(stamp);
    if (sentAt !== null) checkTimestamp('webhookTimestamp', sentAt, now, toleranceSeconds);
    return { deliveryId: request.headers['linear-delivery'] || digestOfSignature(value), sentAt };
  },
  /** Jira and GitHub style: `X-Hub-Signature: sha256=<hex>` (or `X-Hub-Signature-256`), HMAC-SHA256 of the body; ids X-Atlassian-Webhook-Identifier / X-GitHub-Delivery. */
  hub_signature(request, { secret }) {
    const name = request.headers['x-hub-signature-256'] ? 'x-hub-signature-256' : 'x-hub-signature';
    const value = header(request, name);
    if (!value.startsWith('sha256=')) refuse(`headers.${name}`, 'must start with sha256=');
    if (!safeEqual(Buffer.from(value.slice(7), 'hex'), hmac(secret, request.rawBody))) refuse(`headers.${name}`, 'does not match the body');
    const id = request.headers['x-atlassian-webhook-identifier'] || request.headers['x-github-delivery'];
    return { deliveryId: id || digestOfSignature(value), sentAt: null };
  },
  /**
   * Generic HMAC (what HeadlessAnalytics' own HTTPS exports send): `X-HA-Signature: t=<unix s>,v1=<hex>`, HMAC-SHA256
   * of `<t>.<body>`; `Idempotency-Key` or `X-HA-Delivery-Id` as the delivery id; 300 s tolerance.
   */
  hmac_sha256(request, { secret, now, toleranceSeconds = 300 }) {
    const value = header(request, 'x-ha-signature');
    const parts = Object.fromEntries(value.split(',').map((part) => part.trim().split('=') as [string, string]));
    if (!parts.t || !/^\d+$/.test(parts.t) || !parts.v1) return refuse('headers.x-ha-signature', 'must be t=<unix seconds>,v1=<hex>');
    if (!safeEqual(Buffer.from(parts.v1, 'hex'), hmac(secret, `${parts.t}.${request.rawBody}`))) refuse('headers.x-ha-signature', 'does not match timestamp and body');
    const sentAt = Number(parts.t) * 1000;
    checkTimestamp('headers.x-ha-signature', sentAt, now, toleranceSeconds);
    return { deliveryId: request.headers['x-ha-delivery-id'] || request.headers['idempotency-key'] || digestOfSignature(value), sentAt };
  },
};

/** HubSpot's URI rule: these percent-encodings are decoded before signing (developers.hubspot.com, "Validating requests"). */
function hubspotUri(url: string): string {
  const decoded: Record<string, string> = { '%3A': ':', '%2F': '/', '%3F': '?', '%40': '@', '%21': '!', '%24': '$', '%27': "'", '%28': '(', '%29': ')', '%2A': '*', '%2C': ',', '%3B': ';' };
  return url.replace(/%(3A|2F|3F|40|21|24|27|28|29|2A|2C|3B)/gi, (match) => decoded[match.toUpperCase()] ?? match);
}

/** Verifies a delivery by its scheme; throws WebhookRefusal naming the header at fault. */
export function verifyWebhook(scheme: WebhookSchemeId, request: WebhookRequest, options: VerifyOptions): VerifiedDelivery {
  return VERIFIERS[scheme](request, options);
}
