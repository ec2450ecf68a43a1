import type { IncomingMessage } from 'node:http';
import type { RestAlias } from '@headlessanalytics/engine';

type RequestFields = NonNullable<RestAlias['requestFields']>;

/**
 * The client's address: the first X-Forwarded-For entry when the server sits behind a proxy it trusts
 * (`trustProxy`, HA_TRUST_PROXY), else the socket's peer. IPv4-mapped IPv6 (`::ffff:1.2.3.4`) reads as IPv4.
 */
export function clientAddressOf(request: IncomingMessage, trustProxy: boolean): string | undefined {
  const forwarded = trustProxy ? request.headers['x-forwarded-for'] : undefined;
  const first = typeof forwarded === 'string' ? forwarded.split(',')[0]?.trim() : undefined;
  const address = first || request.socket.remoteAddress;
  return address?.startsWith('::ffff:') ? address.slice(7) : address;
}

/** What the bridge read of the request besides its headers: the body text and the absolute URL it was called on. */
export interface RequestExtras {
  rawBody: string;
  url: string;
}

/** Every header, lower-case names, repeated ones joined by `, ` (as `fetch`'s Headers does). */
function headersOf(request: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value === undefined) continue;
    headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return headers;
}

/** Whether the alias takes the body as text (a `rawBody` request field): the bridge then does not parse it as JSON. */
export const takesRawBody = (fields: RequestFields | undefined): boolean => fields?.some((spec) => 'rawBody' in spec) === true;

/** The alias's input fields filled from the request (headers, client address, URL, raw body); they win over query and body fields. */
export function withRequestFields(request: IncomingMessage, fields: RequestFields, input: unknown, trustProxy: boolean, extras?: RequestExtras): unknown {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) return input;
  const filled: Record<string, unknown> = { ...(input as Record<string, unknown>) };
  for (const spec of fields) {
    let value: unknown;
    if ('header' in spec) {
      const header = request.headers[spec.header];
      value = Array.isArray(header) ? header[0] : header;
    } else if ('headers' in spec) value = headersOf(request);
    else if ('url' in spec) value = extras?.url;
    else if ('rawBody' in spec) value = extras?.rawBody;
    else value = clientAddressOf(request, trustProxy);
    if (value !== undefined && (value !== '' || 'rawBody' in spec)) filled[spec.field] = value;
    else delete filled[spec.field];
  }
  return filled;
}
