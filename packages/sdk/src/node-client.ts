import { DEFAULT_API_URL, HeadlessAnalyticsClient, type HeadlessAnalyticsOptions } from './client.js';

/** Live clients, flushed when the Node event loop runs dry so a script that never calls shutdown() loses nothing. */
const live = new Set<WeakRef<HeadlessAnalyticsClient>>();
let listening = false;

function flushLiveClients(): void {
  for (const reference of live) {
    const client = reference.deref();
    if (!client) live.delete(reference);
    else if (client.deliveryStats.pending > 0) void client.flush();
  }
}

/**
 * The Node client. `writeKey` and `apiUrl` default to `HA_API_KEY` and `HA_API_URL`; queued events are flushed
 * when the process would otherwise exit with events still waiting (`beforeExit`).
 */
export class HeadlessAnalytics extends HeadlessAnalyticsClient {
  readonly #reference: WeakRef<HeadlessAnalyticsClient>;

  constructor(options: Partial<HeadlessAnalyticsOptions> = {}) {
    super({
      ...options,
      writeKey: options.writeKey ?? process.env.HA_API_KEY ?? '',
      apiUrl: options.apiUrl ?? process.env.HA_API_URL ?? DEFAULT_API_URL,
    });
    this.#reference = new WeakRef<HeadlessAnalyticsClient>(this);
    live.add(this.#reference);
    if (!listening) {
      listening = true;
      process.on('beforeExit', flushLiveClients);
    }
  }

  override async shutdown(): Promise<void> {
    live.delete(this.#reference);
    await super.shutdown();
  }
}
