import { describe, expect, it } from 'vitest';
import { invalidIssue } from './__fixtures__/invalid-issue.js';
import { digitalLinkUri, parseDigitalLink, percentEncodeGs1, type DigitalLinkInput } from './digital-link.js';

describe('digitalLinkUri', () => {
  it('writes 01 then 10 then 21 as path segments, the GTIN as 14 digits', () => {
    // The GS1 Digital Link standard's example GTIN 09521234543213, batch ABC123, serial 12345.
    expect(digitalLinkUri({ base: 'https://id.gs1.org', gtin: '09521234543213', lot: 'ABC123', serial: '12345' })).toBe(
      'https://id.gs1.org/01/09521234543213/10/ABC123/21/12345',
    );
    expect(digitalLinkUri({ base: 'https://id.gs1.org/', gtin: '9521234543213' })).toBe('https://id.gs1.org/01/09521234543213');
    expect(digitalLinkUri({ base: 'https://roastandorigin.com', gtin: '09521234543213', serial: '7', lot: 'L2026-04', variant: '250G' })).toBe(
      'https://roastandorigin.com/01/09521234543213/22/250G/10/L2026-04/21/7',
    );
  });

  it('keeps a base path prefix and puts data attributes in the query string', () => {
    expect(digitalLinkUri({ base: 'https://example.com/products', gtin: '09521234543213', lot: 'ABC123', extra: { '17': '261231' } })).toBe(
      'https://example.com/products/01/09521234543213/10/ABC123?17=261231',
    );
    expect(digitalLinkUri({ base: 'https://id.gs1.org', gtin: '09521234543213', extra: { linkType: 'gs1:pip', '15': '270100' } })).toBe(
      'https://id.gs1.org/01/09521234543213?15=270100&linkType=gs1%3Apip',
    );
  });

  it('percent-encodes every character outside the unreserved set, as GS1’s syntax engine does', () => {
    // gs1/gs1-syntax-engine src/c-lib/dl.c, test_URIescape: the same input and output.
    expect(percentEncodeGs1('!"#%&\'()*+,/:;<=>?')).toBe('%21%22%23%25%26%27%28%29%2A%2B%2C%2F%3A%3B%3C%3D%3E%3F');
    expect(percentEncodeGs1('AZaz09-._~')).toBe('AZaz09-._~');
    // The TDS and GS1 syntax engine serial example "32a/b".
    expect(digitalLinkUri({ base: 'https://id.gs1.org', gtin: '09521234543213', serial: '32a/b' })).toBe('https://id.gs1.org/01/09521234543213/21/32a%2Fb');
  });

  it('refuses a wrong GTIN, bad qualifiers, attributes and bases, naming the field', () => {
    const base = { base: 'https://id.gs1.org', gtin: '09521234543213' };
    expect(invalidIssue(() => digitalLinkUri({ ...base, gtin: '09521234543214' }))).toEqual({ path: 'gtin', message: "GTIN '09521234543214' has check digit 4; the right one is 3" });
    expect(invalidIssue(() => digitalLinkUri({ ...base, lot: '' })).path).toBe('lot');
    expect(invalidIssue(() => digitalLinkUri({ ...base, lot: 'x'.repeat(21) })).message).toBe('lot (AI 10) must have 1 to 20 characters, got 21');
    expect(invalidIssue(() => digitalLinkUri({ ...base, serial: 'a b' })).message).toMatch(/^serial \(AI 21\) holds a character outside GS1's 82-character set/);
    expect(invalidIssue(() => digitalLinkUri({ ...base, serial: 'café' })).path).toBe('serial');
    expect(invalidIssue(() => digitalLinkUri({ ...base, extra: { '17': '261332' } }))).toEqual({ path: 'extra.17', message: 'AI (17) USE BY OR EXPIRY is a date YYMMDD: month 13 is not 01 to 12' });
    expect(invalidIssue(() => digitalLinkUri({ ...base, extra: { '10': 'ABC' } })).message).toBe('AI 10 is part of the path: give it as lot');
    expect(invalidIssue(() => digitalLinkUri({ ...base, extra: { 'bad key': 'x' } })).path).toBe('extra.bad key');
    expect(invalidIssue(() => digitalLinkUri({ ...base, base: 'ftp://id.gs1.org' })).path).toBe('base');
    expect(invalidIssue(() => digitalLinkUri({ ...base, base: 'https://id.gs1.org?x=1' })).message).toBe('may not hold a query or a fragment');
    expect(invalidIssue(() => digitalLinkUri({ ...base, base: 'id.gs1.org' })).message).toBe("'id.gs1.org' is not an absolute URL");
  });
});

describe('parseDigitalLink', () => {
  it('round trips, percent-encoding included', () => {
    const inputs: DigitalLinkInput[] = [
      { base: 'https://id.gs1.org', gtin: '09521234543213', lot: 'ABC123', serial: '12345' },
      { base: 'https://example.com/products/x', gtin: '09521234543213', variant: '250G', lot: '!"%&\'()*+,-./:;<=>?_', serial: '32a/b' },
      { base: 'http://localhost:8080', gtin: '80614141123458', serial: '6789', extra: { '17': '261200', linkType: 'gs1:certificationInfo', note: 'a b&c=d' } },
    ];
    for (const input of inputs) {
      const uri = digitalLinkUri(input);
      expect(parseDigitalLink(uri), uri).toEqual(input);
      expect(digitalLinkUri(parseDigitalLink(uri))).toBe(uri);
    }
  });

  it('reads GS1’s own test URIs (gs1-syntax-engine dl.c): escapes either case, + literal in the path', () => {
    expect(parseDigitalLink('https://a/01/12312312312333/22/ABC%2d123?99=ABC&98=XYZ%2f987')).toEqual({
      base: 'https://a',
      gtin: '12312312312333',
      variant: 'ABC-123',
      extra: { '99': 'ABC', '98': 'XYZ/987' },
    });
    expect(parseDigitalLink('https://a/01/12312312312333/22/ABC+123').variant).toBe('ABC+123');
    // In the query '+' is a space, which no AI value may hold.
    expect(invalidIssue(() => parseDigitalLink('https://a/01/12312312312333/22/ABC%2d123?99=ABC&98=XYZ+987')).path).toBe('uri');
    expect(parseDigitalLink('https://a/01/12312312312333/22/test/10/abc/21/xyz#')).toMatchObject({ variant: 'test', lot: 'abc', serial: 'xyz' });
  });

  it('pads shorter GTINs to 14 digits and tolerates a trailing slash', () => {
    expect(parseDigitalLink('https://id.gs1.org/01/9521234543213/').gtin).toBe('09521234543213');
  });

  it('refuses qualifiers out of order, wrong check digits and other URIs, naming the field', () => {
    expect(invalidIssue(() => parseDigitalLink('https://id.gs1.org/01/09521234543213/21/1/10/2')).message).toMatch(/^no GTIN path found/);
    expect(invalidIssue(() => parseDigitalLink('https://id.gs1.org/01/09521234543213/10/1/10/2')).message).toMatch(/^no GTIN path found/);
    expect(invalidIssue(() => parseDigitalLink('https://id.gs1.org/01/09521234543214', 'targetUrl'))).toEqual({
      path: 'targetUrl',
      message: "GTIN '09521234543214' has check digit 4; the right one is 3",
    });
    expect(invalidIssue(() => parseDigitalLink('https://id.gs1.org/01/952123454321399')).message).toBe('GTIN must have 8, 12, 13 or 14 digits, got 15');
    expect(invalidIssue(() => parseDigitalLink('https://id.gs1.org/01/09521234543213/10/%E0%A4%A')).message).toMatch(/not valid percent-encoding/);
    expect(invalidIssue(() => parseDigitalLink('https://id.gs1.org/01/09521234543213?10=ABC')).message).toMatch(/AI 10 is part of the path/);
    expect(invalidIssue(() => parseDigitalLink('urn:epc:id:sgtin:0614141.812345.6789')).message).toBe('a GS1 Digital Link URI is an http or https URL');
    expect(invalidIssue(() => parseDigitalLink('not a uri')).path).toBe('uri');
  });
});
