import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { chartAssets } from '@headlessanalytics/mcp';
import type { MountedHandler } from './handler.js';

export const DASHBOARD_PATH = '/dashboard';

/**
 * The page may load its own files and call this server's API, nothing else: no inline code, no other origin, no
 * framing, no plugins. Charts are inline SVG built with DOM calls, so no `unsafe-inline` is needed.
 */
export const DASHBOARD_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

interface Asset {
  type: string;
  body: Buffer;
}

const own = (name: string): Buffer => readFileSync(new URL(`../assets/dashboard/${name}`, import.meta.url));

function loadAssets(): Map<string, Asset> {
  const charts = chartAssets();
  const html = { type: 'text/html; charset=utf-8', body: own('index.html') };
  return new Map<string, Asset>([
    ['', html],
    ['/', html],
    ['/index.html', html],
    ['/dashboard.js', { type: 'text/javascript; charset=utf-8', body: own('dashboard.js') }],
    ['/dashboard.css', { type: 'text/css; charset=utf-8', body: own('dashboard.css') }],
    ['/charts.js', { type: 'text/javascript; charset=utf-8', body: Buffer.from(charts.script) }],
    ['/charts.css', { type: 'text/css; charset=utf-8', body: Buffer.from(charts.style) }],
  ]);
}

const SECURITY_HEADERS = {
  'content-security-policy': DASHBOARD_CSP,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'cache-control': 'no-cache',
};

/**
 * The optional dashboard at `/dashboard`: static files only (a page, its script and styles, the shared chart
 * renderer). The page signs in with a key and reads the same REST routes as every other client; this handler holds
 * no data and needs no key.
 */
export function createDashboardMount(): MountedHandler {
  let assets: Map<string, Asset> | undefined;
  return {
    handle(request: IncomingMessage, response: ServerResponse) {
      request.resume();
      const url = request.url ?? '/';
      const mark = url.indexOf('?');
      const path = (mark === -1 ? url : url.slice(0, mark)).slice(DASHBOARD_PATH.length);
      const method = request.method ?? 'GET';
      assets ??= loadAssets();
      const asset = assets.get(path);
      if (method !== 'GET' && method !== 'HEAD') {
        response.writeHead(405, { ...SECURITY_HEADERS, allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' });
        return void response.end('The dashboard is read-only: GET its pages; its data comes from the API.\n');
      }
      if (!asset) {
        response.writeHead(404, { ...SECURITY_HEADERS, 'content-type': 'text/plain; charset=utf-8' });
        return void response.end(`No dashboard file ${path}. Open ${DASHBOARD_PATH}.\n`);
      }
      response.writeHead(200, { ...SECURITY_HEADERS, 'content-type': asset.type, 'content-length': asset.body.length });
      response.end(method === 'HEAD' ? undefined : asset.body);
    },
  };
}
