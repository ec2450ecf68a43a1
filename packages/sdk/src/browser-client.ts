import { HeadlessAnalyticsClient, type HeadlessAnalyticsOptions } from './client.js';

interface PageEvents {
  addEventListener?(type: string, listener: () => void): void;
  removeEventListener?(type: string, listener: () => void): void;
  document?: PageEvents & { visibilityState?: string };
}

/**
 * The browser client. When the page is hidden or unloaded, queued events are sent with fetch `keepalive` so the
 * requests outlive the page. Uses `fetch` and Web Crypto only.
 */
export class HeadlessAnalytics extends HeadlessAnalyticsClient {
  readonly #page = globalThis as unknown as PageEvents;
  readonly #onPageHide = (): void => void this.flush({ keepalive: true });
  readonly #onVisibilityChange = (): void => {
    if (this.#page.document?.visibilityState === 'hidden') void this.flush({ keepalive: true });
  };

  constructor(options: HeadlessAnalyticsOptions) {
    super(options);
    this.#page.addEventListener?.('pagehide', this.#onPageHide);
    this.#page.document?.addEventListener?.('visibilitychange', this.#onVisibilityChange);
  }

  override async shutdown(): Promise<void> {
    this.#page.removeEventListener?.('pagehide', this.#onPageHide);
    this.#page.document?.removeEventListener?.('visibilitychange', this.#onVisibilityChange);
    await super.shutdown();
  }
}
