import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countEvents, startApi, TEST_KEY, type LiveApi } from './api-server.js';
import { launchChromium } from '../../../test/chromium.js';

/** The page's global object, inside functions that page.evaluate() runs in the browser (this program has no DOM types). */
declare const window: object;

const DIST = {
  '/sdk/': new URL('../dist/', import.meta.url),
};

/** A page on another origin that loads the SDK's browser entry unbundled, through an import map. */
function page(apiUrl: string): string {
  const imports = { '@headlessanalytics/sdk': '/sdk/browser.js' };
  return (
    `<!doctype html><html><head><script type="importmap">${JSON.stringify({ imports })}</script>` +
    `<script type="module">import { HeadlessAnalytics } from '@headlessanalytics/sdk';` +
    `window.HeadlessAnalytics = HeadlessAnalytics; window.apiUrl = ${JSON.stringify(apiUrl)}; window.writeKey = ${JSON.stringify(TEST_KEY)};` +
    `</script></head><body>shop</body></html>`
  );
}

describe('the browser entry in a real headless Chromium', () => {
  let api: LiveApi;
  let site: Server;
  let siteUrl: string;
  let browser: Browser;

  beforeAll(async () => {
    api = await startApi();
    site = createServer((request, response) => {
      const path = request.url ?? '/';
      const prefix = Object.keys(DIST).find((candidate) => path.startsWith(candidate)) as keyof typeof DIST | undefined;
      if (!prefix) return void response.writeHead(200, { 'content-type': 'text/html' }).end(page(api.url));
      readFile(new URL(path.slice(prefix.length), DIST[prefix])).then(
        (source) => response.writeHead(200, { 'content-type': 'text/javascript' }).end(source),
        () => response.writeHead(404).end(),
      );
    });
    await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
    siteUrl = `http://127.0.0.1:${(site.address() as AddressInfo).port}/`;
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => site?.close(resolve));
    await api?.stop();
  });

  async function openPage(): Promise<Page> {
    const tab = await browser.newPage();
    const errors: string[] = [];
    tab.on('pageerror', (error) => errors.push(error.message));
    await tab.goto(siteUrl);
    await tab.waitForFunction(() => 'HeadlessAnalytics' in window, undefined, { timeout: 10_000 });
    expect(errors).toEqual([]);
    return tab;
  }

  it('tracks, flushes and calls typed tools cross-origin, with no Node globals on the page', async () => {
    const tab = await openPage();
    const result = await tab.evaluate(async () => {
      const w = window as unknown as { HeadlessAnalytics: new (options: object) => any; apiUrl: string; writeKey: string };
      const ha = new w.HeadlessAnalytics({ writeKey: w.writeKey, apiUrl: w.apiUrl });
      const receipts = await Promise.all([1, 2, 3].map((n) => ha.track('browser.scanned', { actor: `shopper-${n}` })));
      const page = await ha.queryEvents({ event: 'browser.scanned', limit: 10 });
      const tools = ha.openAITools().length;
      await ha.shutdown();
      return { delivered: receipts.filter((receipt: { delivered: boolean }) => receipt.delivered).length, found: page.events.length, tools, node: typeof (globalThis as { process?: unknown }).process };
    });
    expect(result).toEqual({ delivered: 3, found: 3, tools: expect.any(Number), node: 'undefined' });
    expect(result.tools).toBeGreaterThan(10);
    await tab.close();
  });

  it('sends queued events with keepalive when the page goes away', async () => {
    const tab = await openPage();
    await tab.evaluate(() => {
      const w = window as unknown as { HeadlessAnalytics: new (options: object) => any; apiUrl: string; writeKey: string };
      const ha = new w.HeadlessAnalytics({ writeKey: w.writeKey, apiUrl: w.apiUrl, flushAt: 1000, flushIntervalMs: 600_000 });
      for (let n = 0; n < 4; n++) void ha.track('browser.unloaded', { properties: { n } });
    });
    await tab.goto('about:blank');
    let stored = await countEvents(api.engine, 'browser.unloaded');
    for (let attempt = 0; stored.rows < 4 && attempt < 200; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 25));
      stored = await countEvents(api.engine, 'browser.unloaded');
    }
    expect(stored).toEqual({ rows: 4, messageIds: 4 });
    await tab.close();
  });
});
