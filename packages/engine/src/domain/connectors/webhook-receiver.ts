import { conflict, EngineError, invalidInput, notFound } from '../../errors/engine-error.js';
import type { Principal, Surface } from '../../context.js';
import type { Services } from '../../services.js';
import { DEFAULT_BUSINESS_ID } from '../events/events-service.js';
import type { ConnectorConfigs } from './configs.js';
import type { ConnectorConfig, ConnectorsRepo } from './connectors-repo.js';
import { ConnectorIngest, providerOrThrow, type IngestReport } from './connectors-service.js';
import { isRecord } from './mapping.js';
import type { WebhookSchemeId } from './provider.js';
import { verifyWebhook, WebhookRefusal } from './webhooks.js';

export interface WebhookInput {
  provider: string;
  connectorId: string;
  rawBody: string;
  headers: Record<string, string>;
  url?: string | undefined;
  method?: string | undefined;
}

export type WebhookOutcome =
  | { outcome: 'ingested'; deliveryId: string; report: IngestReport }
  | { outcome: 'challenge' | 'ping' | 'revoked'; deliveryId: string | null; reply: string; replyContentType: string };

/**
 * A provider's webhook delivery: the connector config named by the URL (server-wide, so the URL alone says the
 * workspace), its signature verified on the raw body before anything is parsed or stored, its delivery id claimed
 * (a replay is refused), then its records ingested as an ingest call would.
 */
export class WebhookReceiver {
  constructor(
    private readonly repo: ConnectorsRepo,
    private readonly configs: ConnectorConfigs,
    private readonly ingest: ConnectorIngest,
    private readonly services: Services,
    private readonly clock: () => number,
  ) {}

  async receive(input: WebhookInput, principal: Principal, surface: Surface): Promise<WebhookOutcome> {
    const provider = providerOrThrow(input.provider);
    const found = await this.configs.forWebhook(input.connectorId);
    const config = found?.config;
    // A key's caller sees only its own workspace's connectors; without credentials the id alone names one.
    if (!config || (principal.kind !== 'anonymous' && config.workspaceId !== principal.workspaceId)) {
      throw notFound('connector', input.connectorId, 'create_connector answers the webhook path of a connector');
    }
    if (config.provider !== provider.id) {
      throw invalidInput(`Connector '${config.id}' is a ${config.provider} connector, not ${provider.id}`, [{ path: 'provider', message: `must be ${config.provider} for this connector` }]);
    }
    let ok = false;
    try {
      const outcome = await this.#receive(input, config.workspaceId, config, found!.secret);
      ok = true;
      return outcome;
    } finally {
      // Unauthenticated deliveries are metered on the connector's workspace (invoke meters keyed calls itself).
      if (principal.kind === 'anonymous') this.services.usage.record({ ...principal, workspaceId: config.workspaceId, keyId: null }, 'receive_connector_webhook', surface, ok);
    }
  }

  async #receive(input: WebhookInput, workspaceId: string, config: ConnectorConfig, secret: string | undefined): Promise<WebhookOutcome> {
    if (secret === undefined) {
      throw new EngineError('UNAUTHENTICATED', `Connector '${config.id}' has no webhook secret${config.secretEnv ? ` (${config.secretEnv} is not set)` : ''}; set one with update_connector. Nothing was stored.`);
    }
    const headers = Object.fromEntries(Object.entries(input.headers).map(([name, value]) => [name.toLowerCase(), value]));
    const tolerance = config.settings.toleranceSeconds;
    let delivery;
    try {
      delivery = verifyWebhook(config.scheme as WebhookSchemeId, { rawBody: input.rawBody, headers, url: input.url, method: input.method ?? 'POST' }, {
        secret, now: this.clock(), toleranceSeconds: typeof tolerance === 'number' ? tolerance : undefined,
      });
    } catch (thrown) {
      if (!(thrown instanceof WebhookRefusal)) throw thrown;
      throw new EngineError('UNAUTHENTICATED', `Webhook refused: ${thrown.field} ${thrown.message}. Nothing was stored.`, {
        details: { issues: [{ path: thrown.field, message: thrown.message }] },
      });
    }
    let body: unknown;
    try {
      body = JSON.parse(input.rawBody);
    } catch {
      throw invalidInput('The webhook body is not JSON; nothing was stored.', [{ path: 'rawBody', message: 'must be JSON text' }]);
    }
    // Handshakes, answered once the signature has verified: Twitch's callback verification and Discord's ping.
    const messageType = headers['twitch-eventsub-message-type'];
    if (config.scheme === 'twitch' && messageType === 'webhook_callback_verification') {
      const challenge = isRecord(body) && typeof body.challenge === 'string' ? body.challenge : undefined;
      if (challenge === undefined) throw invalidInput('A Twitch verification has no challenge', [{ path: 'rawBody.challenge', message: 'is required' }]);
      return { outcome: 'challenge', deliveryId: delivery.deliveryId, reply: challenge, replyContentType: 'text/plain; charset=utf-8' };
    }
    if (config.scheme === 'twitch' && messageType === 'revocation') return { outcome: 'revoked', deliveryId: delivery.deliveryId, reply: 'ok', replyContentType: 'text/plain; charset=utf-8' };
    if (config.scheme === 'discord' && isRecord(body) && body.type === 1) return { outcome: 'ping', deliveryId: delivery.deliveryId, reply: '{"type":1}', replyContentType: 'application/json' };

    const provider = providerOrThrow(config.provider);
    const { records, recordType } = provider.webhookRecords?.(body, headers) ?? { records: Array.isArray(body) ? body : [body] };
    const businessId = config.businessId ?? DEFAULT_BUSINESS_ID;
    const origin = { via: 'webhook' as const, connectorId: config.id, deliveryId: delivery.deliveryId };
    const sync = await this.ingest.start(workspaceId, provider.id, businessId, origin, records.length);
    if (!sync) throw conflict(`Delivery '${delivery.deliveryId}' was already received (a replay); nothing was stored.`, { deliveryId: delivery.deliveryId });
    const hint = recordType !== undefined && provider.recordTypeOf({}, recordType) !== undefined ? recordType : undefined;
    const report = await this.ingest.run(workspaceId, sync, provider, records, hint, businessId);
    return { outcome: 'ingested', deliveryId: delivery.deliveryId, report };
  }
}
