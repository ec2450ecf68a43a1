import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DASHBOARD_CSP } from '@headlessanalytics/http-bridge';
import { agentAnalytics } from './agent-analytics-harness.js';
import { attributes, dataValues, expectScreenshot, startBrowserBridge, type BrowserBridge } from './browser-bridge.js';
import { collectErrors } from './browser-host.js';
import type { Bridge } from './rest-harness.js';

/** The page's globals, inside functions that page.evaluate() runs in the browser (this program has no DOM types). */
declare const sessionStorage: { getItem(key: string): string | null };

const FILES: Array<[string, string]> = [
  ['/dashboard', 'text/html'],
  ['/dashboard/', 'text/html'],
  ['/dashboard/dashboard.js', 'text/javascript'],
  ['/dashboard/charts.js', 'text/javascript'],
  ['/dashboard/dashboard.css', 'text/css'],
  ['/dashboard/charts.css', 'text/css'],
];

/** The optional dashboard in headless Chromium against a real server: the numbers it shows are the API's answers. */
describe('GET /dashboard in a real browser', () => {
  let setup: BrowserBridge;
  let bridge: Bridge;
  let context: BrowserContext;
  let readKey: string;
  const project = 'my-site';

  beforeAll(async () => {
    setup = await startBrowserBridge(project);
    bridge = setup.bridge;
    const created = await bridge.request('POST', '/api/keys', { body: { name: 'dashboard', scopes: ['read'] } });
    expect(created.status).toBe(201);
    readKey = created.body.apiKey;
    context = await setup.browser.newContext({ timezoneId: 'UTC', viewport: { width: 1280, height: 1400 } });
  });
  afterAll(async () => {
    await setup?.close();
  });

  /** A read with the dashboard's key, as the page makes it. */
  async function read(method: 'GET' | 'POST', path: string, body?: unknown) {
    const reply = await bridge.request(method, path, { key: readKey, ...(body === undefined ? {} : { body }) });
    expect(reply.status, JSON.stringify(reply.body)).toBe(200);
    return reply.body;
  }

  /** A page that records console errors (a CSP refusal is one) and failed requests. */
  async function open(): Promise<{ page: Page; errors: string[] }> {
    const page = await context.newPage();
    const errors = collectErrors(page);
    page.on('requestfailed', (request) => void (!request.url().includes('/stream') && errors.push(`${request.url()} failed`)));
    await page.goto(`${bridge.url}/dashboard`);
    return { page, errors };
  }

  const values = (page: Page, selector: string) => dataValues(page.locator(selector));

  it('serves its page and files with a strict Content-Security-Policy and nothing from another origin', async () => {
    for (const [path, type] of FILES) {
      const response = await fetch(`${bridge.url}${path}`);
      expect(response.status, path).toBe(200);
      expect(response.headers.get('content-type'), path).toContain(type);
      expect(response.headers.get('content-security-policy'), path).toBe(DASHBOARD_CSP);
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      const text = await response.text();
      expect(text, path).not.toMatch(/(src|href)=["']?(https?:)?\/\/|@import|url\(\s*["']?https?:/i);
    }
    expect(DASHBOARD_CSP).toContain("script-src 'self'");
    expect(DASHBOARD_CSP).not.toContain('unsafe');
    expect((await fetch(`${bridge.url}/dashboard/missing.js`)).status).toBe(404);
    expect((await fetch(`${bridge.url}/dashboard`, { method: 'POST' })).status).toBe(405);
  });

  it('refuses a bad key and stays signed out', async () => {
    const { page } = await open();
    await page.fill('#key', 'ha_live_not_a_key');
    await page.click('#sign-in-form button[type="submit"]');
    await expect.poll(() => page.textContent('#sign-in-error')).toBe('This key was refused.');
    expect(await page.isVisible('#board')).toBe(false);
    expect(await page.evaluate(() => sessionStorage.getItem('headlessanalytics.key'))).toBeNull();
    await page.close();
  });

  it('signs in with a key and shows the API answers: stats, retention, heatmap, a funnel and live events', async () => {
    const { page, errors } = await open();
    await page.fill('#key', readKey);
    await page.click('#sign-in-form button[type="submit"]');

    const stats = await read('GET', `/stats?project=${project}&since=7d`);
    await expect.poll(() => page.getAttribute('#stats [data-metric="total_events"]', 'data-value')).toBe(String(stats.totals.total_events));
    expect(await page.getAttribute('#stats [data-metric="unique_users"]', 'data-value')).toBe(String(stats.totals.unique_users));
    expect(await page.textContent('#stats [data-metric="total_sessions"]')).toBe(String(stats.sessions.total_sessions));
    expect(await values(page, '#stats rect.ha-bar')).toEqual(stats.timeSeries.map((point: { total_events: number }) => point.total_events));

    const weekly = await read('GET', `/stats?project=${project}&since=7d&groupBy=week`);
    await page.click('#stats button[data-choice="week"]');
    await expect.poll(() => attributes(page.locator('#stats rect.ha-bar'), 'data-bucket')).toEqual(weekly.timeSeries.map((point: { bucket: string }) => point.bucket));
    expect(await values(page, '#stats rect.ha-bar')).toEqual(weekly.timeSeries.map((point: { total_events: number }) => point.total_events));

    const retention = await read('GET', `/retention?project=${project}&period=week`);
    await expect.poll(() => values(page, '#retention tr.ha-average td[data-offset]')).toEqual(retention.average_rates);
    expect(await page.locator('#retention tr[data-cohort]').count()).toBe(retention.cohorts.length);

    const heatmap = await read('GET', `/heatmap?project=${project}&since=7d&timezone=UTC`);
    await expect.poll(() => page.locator('#heatmap rect.ha-heat').count()).toBe(7 * 24);
    const cells = await page.locator('#heatmap rect.ha-heat').evaluateAll((nodes) =>
      nodes.filter((node: any) => node.getAttribute('data-value') !== '0').map((node: any) => `${node.getAttribute('data-day')}:${node.getAttribute('data-hour')}=${node.getAttribute('data-value')}`),
    );
    expect(cells.sort()).toEqual(heatmap.heatmap.map((cell: { day: number; hour: number; events: number }) => `${cell.day}:${cell.hour}=${cell.events}`).sort());

    await page.fill('#funnel-steps', 'page_view, signup_start, signup_complete');
    await page.click('#funnel-form button[type="submit"]');
    const funnel = await read('POST', '/funnel', { project, since: '7d', steps: [{ event: 'page_view' }, { event: 'signup_start' }, { event: 'signup_complete' }] });
    await expect.poll(() => values(page, '#funnel g.ha-step')).toEqual(funnel.steps.map((step: { users: number }) => step.users));
    expect(funnel.steps[0].users).toBeGreaterThan(0);
    expect(Number(await page.getAttribute('#funnel [data-metric="overall_conversion_rate"]', 'data-value'))).toBe(funnel.overall_conversion_rate);

    await page.waitForSelector('#live-status[data-connected="true"]');
    expect((await agentAnalytics(bridge).post('/track', { project, event: 'dashboard_check', user_id: 'u9' })).status).toBe(202);
    await expect.poll(() => page.textContent('#live-events li:first-child .event')).toBe('dashboard_check');
    expect(await page.textContent('#live-events li:first-child .user')).toBe('u9');

    expect(await page.evaluate(() => sessionStorage.getItem('headlessanalytics.key'))).toBe(readKey);
    await expectScreenshot(page, setup.screens, 'dashboard', { fullPage: true });

    await page.reload();
    await expect.poll(() => page.getAttribute('#stats [data-metric="total_events"]', 'data-value')).toBe(String(stats.totals.total_events + 1));
    expect(await page.isVisible('#sign-in')).toBe(false);
    expect(errors).toEqual([]);
    await page.close();
  });
});
