import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { conflict, invalidInput, notFound } from '../../errors/engine-error.js';
import type { Services } from '../../services.js';
import type { ConnectorConfig, ConnectorsRepo } from './connectors-repo.js';
import { WEBHOOK_SCHEMES, type WebhookSchemeId } from './provider.js';
import { providerOrThrow } from './connectors-service.js';

/** A secret given as its value, or as the name of the server environment variable holding it. */
export const secretInput = z.union([
  z.string().min(1).max(4096),
  z.strictObject({ env: z.string().regex(/^[A-Z_][A-Z0-9_]{0,127}$/).describe('Name of the environment variable holding the secret.') }),
]);
export type SecretInput = z.output<typeof secretInput>;

/** What a config answers: never its secret, only whether and how it is kept. */
export const connectorView = z
  .object({
    id: z.string().describe('Connector id (con_…): also the `connectorId` of its webhook URL.'),
    provider: z.string(),
    name: z.string(),
    businessId: z.string().nullable().describe('The business its records belong to; null: the default business.'),
    scheme: z.enum(WEBHOOK_SCHEMES).describe('The webhook signature scheme verified on its webhook route.'),
    secret: z.enum(['sealed', 'env', 'none']).describe('How the webhook secret is kept: sealed in the database, read from an environment variable, or absent (webhooks refused).'),
    secretEnv: z.string().nullable().describe('The environment variable named, when `secret` is env.'),
    toleranceSeconds: z.number().int().nullable().describe('Signed-timestamp tolerance; null: the scheme\'s documented default.'),
    webhookPath: z.string().describe('Where the provider should send webhooks (on this server\'s public URL).'),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'ConnectorConfig' });
export type ConnectorView = z.output<typeof connectorView>;

export const webhookPathOf = (config: Pick<ConnectorConfig, 'provider' | 'id'>) => `/api/connectors/${config.provider}/webhook?connectorId=${config.id}`;

export function viewOf(config: ConnectorConfig): ConnectorView {
  const tolerance = config.settings.toleranceSeconds;
  return {
    id: config.id, provider: config.provider, name: config.name, businessId: config.businessId, scheme: config.scheme as WebhookSchemeId,
    secret: config.secretEnv ? 'env' : config.sealedSecret ? 'sealed' : 'none', secretEnv: config.secretEnv,
    toleranceSeconds: typeof tolerance === 'number' ? tolerance : null, webhookPath: webhookPathOf(config),
    createdAt: new Date(config.createdAt).toISOString(), updatedAt: new Date(config.updatedAt).toISOString(),
  };
}

export interface ConfigInput {
  provider: string;
  id?: string | undefined;
  name?: string | undefined;
  businessId?: string | null | undefined;
  scheme?: WebhookSchemeId | undefined;
  secret?: SecretInput | null | undefined;
  toleranceSeconds?: number | null | undefined;
}

/** Connector configs: per workspace and business, secrets sealed (bound to workspace and id) or named by env. */
export class ConnectorConfigs {
  /** Webhook lookups: config and opened secret by id, for a few seconds (every delivery would otherwise read and open them). */
  readonly #webhookCache = new Map<string, { config: ConnectorConfig; secret: string | undefined; until: number }>();

  constructor(
    private readonly repo: ConnectorsRepo,
    private readonly services: Services,
    private readonly clock: () => number,
  ) {}

  async create(workspaceId: string, input: ConfigInput): Promise<ConnectorConfig> {
    const provider = providerOrThrow(input.provider);
    const scheme = input.scheme ?? provider.webhook ?? 'hmac_sha256';
    const now = this.clock();
    const id = input.id ?? `con_${randomBytes(12).toString('hex')}`;
    const config: ConnectorConfig = {
      workspaceId, id, provider: provider.id, name: input.name ?? provider.title, businessId: input.businessId ?? null, scheme,
      sealedSecret: null, secretEnv: null, settings: {}, createdAt: now, updatedAt: now,
    };
    await this.#applySecret(config, input.secret);
    if (input.toleranceSeconds != null) config.settings.toleranceSeconds = input.toleranceSeconds;
    if (!(await this.repo.createConfig(config))) throw conflict(`Connector id '${id}' is taken; choose another or leave \`id\` out.`, { id });
    return config;
  }

  async get(workspaceId: string, id: string): Promise<ConnectorConfig> {
    const config = await this.repo.getConfig(workspaceId, id);
    if (!config) throw notFound('connector', id, 'list_connectors lists the connectors of this workspace');
    return config;
  }

  list(workspaceId: string, query: { provider?: string | undefined; after: string; limit: number }): Promise<ConnectorConfig[]> {
    return this.repo.listConfigs(workspaceId, query);
  }

  async update(workspaceId: string, id: string, patch: Omit<ConfigInput, 'provider' | 'id'>): Promise<ConnectorConfig> {
    const config = await this.get(workspaceId, id);
    if (patch.name !== undefined) config.name = patch.name;
    if (patch.businessId !== undefined) config.businessId = patch.businessId;
    if (patch.scheme !== undefined) config.scheme = patch.scheme;
    if (patch.secret !== undefined) await this.#applySecret(config, patch.secret);
    if (patch.toleranceSeconds !== undefined) {
      if (patch.toleranceSeconds === null) delete config.settings.toleranceSeconds;
      else config.settings.toleranceSeconds = patch.toleranceSeconds;
    }
    config.updatedAt = this.clock();
    await this.repo.updateConfig(config);
    this.#webhookCache.delete(id);
    return config;
  }

  async delete(workspaceId: string, id: string): Promise<void> {
    this.#webhookCache.delete(id);
    if (!(await this.repo.deleteConfig(workspaceId, id))) throw notFound('connector', id, 'list_connectors lists the connectors of this workspace');
  }

  /**
   * The config a webhook URL names (server-wide) and its opened secret, cached for 5 s; an update or delete in this
   * process drops the entry at once (another process sharing the database sees it within the 5 s).
   */
  async forWebhook(id: string): Promise<{ config: ConnectorConfig; secret: string | undefined } | undefined> {
    const now = Date.now();
    const cached = this.#webhookCache.get(id);
    if (cached && cached.until > now) return cached;
    const config = await this.repo.findConfig(id);
    if (!config) return undefined;
    const entry = { config, secret: await this.secretOf(config), until: now + 5_000 };
    if (this.#webhookCache.size > 10_000) this.#webhookCache.clear();
    this.#webhookCache.set(id, entry);
    return entry;
  }

  /** The plain secret of a config (opened, or read from its env variable); undefined when it has none. */
  async secretOf(config: ConnectorConfig): Promise<string | undefined> {
    if (config.secretEnv) return process.env[config.secretEnv] || undefined;
    if (config.sealedSecret) return this.services.signing.open(config.sealedSecret, `${config.workspaceId}/${config.id}`);
    return undefined;
  }

  async #applySecret(config: ConnectorConfig, secret: SecretInput | null | undefined): Promise<void> {
    if (secret === undefined) return;
    config.sealedSecret = null;
    config.secretEnv = null;
    if (secret === null) return;
    if (typeof secret === 'string') {
      if (config.scheme === 'discord' && !/^[0-9a-f]{64}$/i.test(secret)) throw invalidInput('A Discord connector\'s secret is the application\'s public key', [{ path: 'secret', message: 'must be 64 hex characters (the Ed25519 public key)' }]);
      config.sealedSecret = await this.services.signing.seal(secret, `${config.workspaceId}/${config.id}`);
    } else config.secretEnv = secret.env;
  }
}
