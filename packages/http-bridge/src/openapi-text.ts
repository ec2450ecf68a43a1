import type { ToolRegistry } from '@headlessanalytics/engine';
import { buildOpenApiDocument } from './openapi.js';

/** Request headers as node:http and the MCP SDK's request info give them. */
type Headers = Record<string, string | string[] | undefined>;

/**
 * The base URL a request reached the deployment at: the configured public URL, else its scheme (X-Forwarded-Proto)
 * and Host, as GET /api/openapi writes into its `servers`.
 */
export function requestBaseUrl(headers: Headers, publicUrl?: string): string {
  const forwarded = headers['x-forwarded-proto'];
  const host = headers.host;
  return publicUrl ?? `${forwarded === 'https' ? 'https' : 'http'}://${typeof host === 'string' ? host : 'localhost'}`;
}

const TEXTS_KEPT = 32;
const texts = new WeakMap<ToolRegistry, Map<string, string>>();

/** The OpenAPI document as JSON text for one server URL, built once per registry and URL (at most 32 URLs kept). */
export function openApiText(registry: ToolRegistry, serverUrl: string): string {
  let byUrl = texts.get(registry);
  if (!byUrl) texts.set(registry, (byUrl = new Map()));
  let text = byUrl.get(serverUrl);
  if (text === undefined) {
    text = JSON.stringify(buildOpenApiDocument(registry, { serverUrl }));
    if (byUrl.size < TEXTS_KEPT) byUrl.set(serverUrl, text);
  }
  return text;
}
