import { z } from 'zod';
import { connectorView, secretInput, viewOf } from '../../domain/connectors/configs.js';
import { WEBHOOK_SCHEMES } from '../../domain/connectors/provider.js';
import { defineTool } from '../../tool/define-tool.js';
import { providerField } from './schemas.js';

export const connectorFields = {
  name: z.string().min(1).max(120).describe('Display name; default: the provider\'s.'),
  businessId: z.string().min(1).max(256).describe('The business its records belong to; default: the workspace default business.'),
  scheme: z.enum(WEBHOOK_SCHEMES).describe('Webhook signature scheme; default: the provider\'s own (generic hmac_sha256 when it has none).'),
  secret: secretInput.describe(
    'The webhook signing secret (Stripe whsec_…, Shopify client secret, Svix whsec_…, ...; Discord: the application public key, hex), stored sealed and never answered back; or {"env":"NAME"} to read it from the server environment.',
  ),
  toleranceSeconds: z.number().int().min(1).max(604_800).describe('Signed-timestamp tolerance in seconds; default: the scheme\'s documented one (300 s mostly).'),
};

export const createConnector = defineTool({
  name: 'create_connector',
  title: 'Create a connector',
  description:
    'Connect a provider for a workspace (and business): its webhook secret and scheme. Answers the webhook path to ' +
    'give the provider (POST /api/connectors/{provider}/webhook?connectorId=con_…). The secret is never answered ' +
    'back. Records pulled from a provider\'s API need no connector: call ingest_connector_records. update_connector ' +
    'rotates the secret.',
  toolset: 'connectors',
  input: z.object({
    provider: providerField,
    id: z.string().regex(/^con_[a-z0-9_-]{3,60}$/).optional().describe('Connector id (con_ and 3-60 of a-z, 0-9, _ and -); default: a random one. Unique on this server.'),
    name: connectorFields.name.optional(),
    businessId: connectorFields.businessId.optional(),
    scheme: connectorFields.scheme.optional(),
    secret: connectorFields.secret.optional(),
    toleranceSeconds: connectorFields.toleranceSeconds.optional(),
  }),
  output: connectorView,
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
  scope: 'admin',
  examples: [{ provider: 'shopify', name: 'Roast & Origin shop', secret: { env: 'HA_SHOPIFY_WEBHOOK_SECRET' } }],
  async handler(input, ctx) {
    return viewOf(await ctx.services.connectors.configs.create(ctx.principal.workspaceId, input));
  },
});
