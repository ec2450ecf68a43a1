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

/** The alias's input fields filled from the request (headers, client address); they win over query and body fields. */
export function withRequestFields(request: IncomingMessage, fields: RequestFields, input: unknown, trustProxy: boolean): unknown {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) return input;
  const filled: Record<string, unknown> = { ...(input as Record<string, unknown>) };
  for (const spec of fields) {
    let value: string | undefined;
    if ('header' in spec) {
      const header = request.headers[spec.header];
      value = Array.isArray(header) ? header[0] : header;
    } else value = clientAddressOf(request, trustProxy);
    if (value !== undefined && value !== '') filled[spec.field] = value;
    else delete filled[spec.field];
  }
  return filled;
}
