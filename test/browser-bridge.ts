import { join } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { expect } from 'vitest';
import { agentAnalytics, createProject, SEED } from './agent-analytics-harness.js';
import { isPng, removeScreenshots, screenshotDir } from './browser-host.js';
import { launchChromium } from './chromium.js';
import { startBridge, type Bridge } from './rest-harness.js';

/** What the browser tests share: a real bridge with one project holding the SEED events, a headless Chromium, a screenshot directory. */
export interface BrowserBridge {
  bridge: Bridge;
  browser: Browser;
  /** Where screenshots go: HA_SCREENSHOT_DIR to keep them, else a temporary directory removed by `close`. */
  screens: string;
  close(): Promise<void>;
}

export async function startBrowserBridge(project: string): Promise<BrowserBridge> {
  const screens = screenshotDir();
  const bridge = await startBridge();
  let browser: Browser | undefined;
  try {
    await createProject(bridge, project);
    expect((await agentAnalytics(bridge).post('/track/batch', { project, events: SEED })).status).toBe(202);
    browser = await launchChromium();
  } catch (error) {
    await bridge.close();
    removeScreenshots(screens);
    throw error;
  }
  const launched = browser;
  return {
    bridge,
    browser: launched,
    screens,
    async close() {
      await launched.close();
      await bridge.close();
      removeScreenshots(screens);
    },
  };
}

/** Screenshots `page` as `<name>.png` in `screens` and checks a PNG was written. */
export async function expectScreenshot(page: Page, screens: string, name: string, options: { fullPage?: boolean } = {}): Promise<void> {
  const path = join(screens, `${name}.png`);
  await page.screenshot({ path, ...options });
  expect(isPng(path)).toBe(true);
}

/** The `name` attribute of each element `locator` matches, in document order. */
export function attributes(locator: Locator, name: string): Promise<Array<string | null>> {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  return locator.evaluateAll((nodes, attribute) => nodes.map((node: any) => node.getAttribute(attribute) as string | null), name);
}

/** The `data-value` of each element `locator` matches, as numbers: what a chart drew. */
export async function dataValues(locator: Locator): Promise<number[]> {
  return (await attributes(locator, 'data-value')).map(Number);
}
