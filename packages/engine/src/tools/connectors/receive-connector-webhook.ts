import { z } from 'zod';
import { defineTool } from '../../tool/define-tool.js';
import { ingestReport, providerField } from './schemas.js';

export const receiveConnectorWebhook = defineTool({
  name: 'receive_connector_webhook',
  title: 'Receive a connector webhook',
  description:
    'What a provider\'s webhook route runs (POST /api/connectors/{provider}/webhook?connectorId=con_…, no credentials: ' +
    'the connector id names the workspace): verifies the signature of the raw body with the connector\'s secret and ' +
    'scheme (Stripe, Shopify, HubSpot v3, Discord Ed25519, Twitch EventSub, Svix/Resend, Linear, X-Hub-Signature, ' +
    'generic HMAC) before anything is stored, refuses an old timestamp and a replayed delivery id (409), answers ' +
    'Twitch\'s verification challenge and Discord\'s ping, then ingests the records as ingest_connector_records does. ' +
    'Other surfaces pass the body text and headers exactly as received. Use ingest_connector_records instead for ' +
    'records pulled from a provider\'s API.',
  toolset: 'connectors',
  input: z.object({
    provider: providerField,
    connectorId: z.string().min(1).max(64).describe('The connector (con_…) whose secret verifies the delivery; in the webhook URL\'s query.'),
    rawBody: z.string().max(5 * 1024 * 1024).describe('The request body exactly as received (the route fills it).'),
    headers: z.record(z.string(), z.string()).describe('The request headers, names in any case (the route fills them).'),
    url: z.string().max(4096).optional().describe('The absolute URL the provider called (the route fills it; HubSpot signs it).'),
    method: z.string().max(10).optional().describe('The HTTP method (default POST; HubSpot signs it).'),
  }),
  output: z.object({
    outcome: z.enum(['ingested', 'challenge', 'ping', 'revoked']).describe('ingested: records stored (see report); challenge/ping: a handshake answered; revoked: a Twitch subscription revocation, nothing stored.'),
    deliveryId: z.string().nullable().describe('The delivery id the replay check used.'),
    report: ingestReport.nullable().describe('The ingest report, when records were ingested.'),
    reply: z.string().nullable().describe('A handshake\'s answer text (the route sends it as the body).'),
    replyContentType: z.string().nullable().describe('The reply\'s content type.'),
  }),
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
  scope: 'write',
  allowAnonymous: true,
  examples: [
    {
      provider: 'shopify',
      connectorId: 'con_contract_shop',
      rawBody: '{"id":820982911946154500,"total_price":"403.00","currency":"USD","updated_at":"2026-12-04T11:59:00Z"}',
      headers: { 'x-shopify-topic': 'orders/create', 'x-shopify-webhook-id': 'b54557e4-bdd9-4b37-8a5f-bf7d70bcd043', 'x-shopify-hmac-sha256': 'ftKGId1Fh/Tl0FXB4k3kyogdKJ57cIyJxADyRmHdk2o=' },
    },
  ],
  async handler(input, ctx) {
    const received = await ctx.services.connectors.webhooks.receive(input, ctx.principal, ctx.surface);
    if (received.outcome === 'ingested') return { outcome: received.outcome, deliveryId: received.deliveryId, report: received.report, reply: null, replyContentType: null };
    return { outcome: received.outcome, deliveryId: received.deliveryId, report: null, reply: received.reply, replyContentType: received.replyContentType };
  },
});
