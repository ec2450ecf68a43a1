import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppBridge } from '@modelcontextprotocol/ext-apps/app-bridge';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { CallToolResult, JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import type { BrowserContext, FrameLocator, Page } from 'playwright-core';

/** The page's globals, inside functions that page.evaluate() runs in the browser (this program has no DOM types). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
declare const window: any;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
declare const document: any;

/** What a host's sandbox typically allows a view: inline code and styles, data: images, no network, no eval. */
export const HOST_CSP = "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:; connect-src 'none'";

/** A directory for a test's screenshots: HA_SCREENSHOT_DIR to keep them, else a temporary one. */
export function screenshotDir(): string {
  const kept = process.env.HA_SCREENSHOT_DIR;
  if (!kept) return mkdtempSync(join(tmpdir(), 'ha-screens-'));
  mkdirSync(kept, { recursive: true });
  return kept;
}

/** Removes a temporary screenshot directory (never HA_SCREENSHOT_DIR). */
export function removeScreenshots(directory: string): void {
  if (directory !== process.env.HA_SCREENSHOT_DIR) rmSync(directory, { recursive: true, force: true });
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Whether `path` holds a non-empty PNG (signature and more than the header). */
export function isPng(path: string): boolean {
  const bytes = readFileSync(path);
  return bytes.length > 100 && bytes.subarray(0, 8).equals(PNG_SIGNATURE);
}

/** Records console errors (a CSP refusal is one) and uncaught page errors of `page`. */
export function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (message) => void (message.type() === 'error' && errors.push(message.text())));
  page.on('pageerror', (error) => void errors.push(error.message));
  return errors;
}

export interface HostedView {
  view: FrameLocator;
  host: AppBridge;
}

/**
 * A minimal MCP Apps host on one page: `show` renders a view's HTML in a sandboxed iframe under a host-like CSP, and
 * connects the extension's own host side (AppBridge, in this process) to it through postMessage. After the view's
 * `ui/initialize` handshake it sends the tool's input and result, as a host does after a tool call. `errors` collects
 * console errors of the page and the view (a CSP refusal shows up there).
 */
export class ViewHost {
  readonly errors: string[];
  #transport: Transport | undefined;

  private constructor(readonly page: Page) {
    this.errors = collectErrors(page);
  }

  static async open(context: BrowserContext): Promise<ViewHost> {
    const viewHost = new ViewHost(await context.newPage());
    await viewHost.page.exposeFunction('toHost', (message: JSONRPCMessage) => viewHost.#transport?.onmessage?.(message));
    return viewHost;
  }

  async show(client: Client, html: string, call: { arguments: Record<string, unknown>; result: CallToolResult }): Promise<HostedView> {
    const page = this.page;
    await page.setContent(
      `<!doctype html><html><head><meta http-equiv="Content-Security-Policy" content="${HOST_CSP}"></head>` +
        `<body><iframe id="view" sandbox="allow-scripts" width="760" height="620"></iframe></body></html>`,
    );
    await page.evaluate(() => {
      const frame = document.getElementById('view');
      window.addEventListener('message', (event: { source: unknown; data: unknown }) => {
        if (event.source === frame.contentWindow) window.toHost(event.data);
      });
    });
    const transport: Transport = {
      async start() {},
      async send(message) {
        await page.evaluate((sent) => document.getElementById('view').contentWindow.postMessage(sent, '*'), message);
      },
      async close() {},
    };
    this.#transport = transport;
    const host = new AppBridge(client, { name: 'test-host', version: '1.0.0' }, { serverTools: {}, logging: {} }, { hostContext: { theme: 'light' } });
    // (`addEventListener` is untyped under NodeNext: the package's .d.ts imports './events' without an extension.)
    const initialized = new Promise<void>((resolve) => (host.oninitialized = () => resolve()));
    await host.connect(transport);
    await page.evaluate((text) => void (document.getElementById('view').srcdoc = text), html);
    await initialized;
    await host.sendToolInput({ arguments: call.arguments });
    await host.sendToolResult(call.result);
    return { view: page.frameLocator('#view'), host };
  }

  close(): Promise<void> {
    return this.page.close();
  }
}
