import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assignVariant } from '@headlessanalytics/engine';
import { client, openSse, type SseConnection } from './agent-analytics-admin-support.js';
import { startBridge, type Bridge } from './rest-harness.js';
import { launchChromium } from './chromium.js';

/** The page's globals, inside functions that page.evaluate() runs in the browser (this program has no DOM types). */
declare const window: object;
declare const history: { pushState(state: unknown, unused: string, url: string): void };

/** tracker.js in a real headless Chromium, on a page of another origin, against the running server. */
describe('GET /tracker.js in a real browser', () => {
  let bridge: Bridge;
  let site: Server;
  let siteUrl: string;
  let browser: Browser;
  let project: { id: string; project_token: string };
  let live: SseConnection;
  let variants: Array<{ name: string; weight: number }>;

  beforeAll(async () => {
    bridge = await startBridge({ clock: Date.now });
    site = createServer((request, response) => {
      const flush = new URL(request.url ?? '/', 'http://site').searchParams.get('flush') ?? '50';
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      response.end(
        `<!doctype html><html><head><title>Shop</title>` +
          `<script defer src="${bridge.url}/tracker.js" data-token="${project.project_token}" data-flush-ms="${flush}"></script>` +
          `</head><body><h1>Shop</h1></body></html>`,
      );
    });
    await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
    siteUrl = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;
    project = (await client(bridge).post('/projects', { name: 'shop', allowed_origins: [siteUrl] })).body;
    const experiment = await client(bridge).post('/experiments', { project: 'shop', name: 'hero', variants: ['control', 'bold'], goal_event: 'signup' });
    variants = experiment.body.variants;
    live = await openSse(`${bridge.url}/stream?project=shop`, { 'x-api-key': bridge.adminKey });
    await live.comment('connected');
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    live?.close();
    await new Promise((resolve) => site?.close(resolve));
    await bridge?.close();
  });

  const nextEvent = async () => JSON.parse((await live.next(10_000)).data) as Record<string, any>;

  it('serves the script as JavaScript', async () => {
    const response = await fetch(`${bridge.url}/tracker.js`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/javascript; charset=utf-8');
    expect(await response.text()).toContain('sendBeacon');
  });

  it('sends a page view, SPA navigations, custom events and experiment exposures; sets no cookies', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${siteUrl}/home`);
    const view = await nextEvent();
    expect(view).toMatchObject({ project: project.id, event: 'page_view', properties: { path: '/home', hostname: '127.0.0.1', title: 'Shop' } });
    expect(view.user_id).toMatch(/^anon_[0-9a-f]{24}$/);
    expect(view.session_id).toMatch(/^s_[0-9a-f]{24}$/);

    await page.evaluate(() => (window as any).ha.track('signup_click', { plan: 'pro' }));
    expect(await nextEvent()).toMatchObject({ event: 'signup_click', properties: { plan: 'pro' }, user_id: view.user_id, session_id: view.session_id });

    await page.evaluate(() => history.pushState({}, '', '/pricing'));
    expect(await nextEvent()).toMatchObject({ event: 'page_view', properties: { path: '/pricing' }, session_id: view.session_id });

    const shown = await page.evaluate(async () => {
      const ha = (window as any).ha;
      await ha.ready;
      return ha.variant('hero') as string;
    });
    expect(shown).toBe(assignVariant('hero', view.user_id, variants));
    expect(await nextEvent()).toMatchObject({ event: '$experiment_exposure', properties: { experiment: 'hero', variant: shown }, user_id: view.user_id });
    expect(await context.cookies()).toEqual([]);
    await context.close();
  });

  it('sends what is still queued with sendBeacon when the page is left', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${siteUrl}/checkout?flush=600000`);
    await page.evaluate(() => (window as any).ha.track('checkout_started', { items: 2 }));
    await page.goto('about:blank');
    const first = await nextEvent();
    const second = await nextEvent();
    expect([first.event, second.event]).toEqual(['page_view', 'checkout_started']);
    expect(first.properties.path).toBe('/checkout');
    expect(second.properties).toEqual({ items: 2 });
    await context.close();
  });
});
