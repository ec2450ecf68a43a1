import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { takesRawBody, withRequestFields } from './request-fields.js';

const request = (headers: Record<string, string | string[]>) => ({ headers, socket: { remoteAddress: '::ffff:10.0.0.7' } }) as unknown as IncomingMessage;

describe('request fields', () => {
  it('fills every header (lower case, repeated ones joined), the URL and the raw body text', () => {
    const fields = [{ field: 'headers', headers: true }, { field: 'url', url: true }, { field: 'rawBody', rawBody: true }, { field: 'from', clientAddress: true }] as const;
    const input = withRequestFields(request({ 'x-shopify-topic': 'orders/create', 'x-forwarded-for': ['1.1.1.1', '2.2.2.2'] }), fields, { provider: 'shopify', rawBody: 'spoofed' }, false, {
      rawBody: '{ "id": 1 }\n',
      url: 'https://api.example.com/api/connectors/shopify/webhook?connectorId=con_a',
    });
    expect(input).toEqual({
      provider: 'shopify',
      headers: { 'x-shopify-topic': 'orders/create', 'x-forwarded-for': '1.1.1.1, 2.2.2.2' },
      url: 'https://api.example.com/api/connectors/shopify/webhook?connectorId=con_a',
      rawBody: '{ "id": 1 }\n',
      from: '10.0.0.7',
    });
  });

  it('keeps an empty raw body as the empty string, and tells which aliases take the body unparsed', () => {
    expect(withRequestFields(request({}), [{ field: 'rawBody', rawBody: true }], {}, false, { rawBody: '', url: 'http://x/' })).toEqual({ rawBody: '' });
    expect(takesRawBody([{ field: 'rawBody', rawBody: true }])).toBe(true);
    expect(takesRawBody([{ field: 'userAgent', header: 'user-agent' }])).toBe(false);
    expect(takesRawBody(undefined)).toBe(false);
  });
});
