import { describe, expect, it } from 'vitest';
import { isLoopbackHost, rejectedHostOrOrigin } from './host-validation.js';

describe('rejectedHostOrOrigin', () => {
  it('accepts loopback hosts on any port by default', () => {
    for (const host of ['localhost', 'localhost:3333', '127.0.0.1:80', '[::1]:8080']) {
      expect(rejectedHostOrOrigin({ host }, {})).toBeUndefined();
    }
  });

  it('rejects other hosts, a missing Host and foreign origins', () => {
    expect(rejectedHostOrOrigin({ host: 'evil.example.com' }, {})).toMatch(/not allowed/);
    expect(rejectedHostOrOrigin({}, {})).toMatch(/Missing Host/);
    expect(rejectedHostOrOrigin({ host: 'localhost', origin: 'http://evil.example.com' }, {})).toMatch(/Origin/);
    expect(rejectedHostOrOrigin({ host: 'localhost', origin: 'http://localhost:5173' }, {})).toBeUndefined();
  });

  it('follows configured hosts and origins', () => {
    const policy = { allowedHosts: ['api.example.com'], allowedOrigins: ['https://app.example.com'] };
    expect(rejectedHostOrOrigin({ host: 'api.example.com:443', origin: 'https://app.example.com' }, policy)).toBeUndefined();
    expect(rejectedHostOrOrigin({ host: 'localhost' }, policy)).toMatch(/not allowed/);
    expect(rejectedHostOrOrigin({ host: 'api.example.com', origin: 'https://other.example.com' }, policy)).toMatch(/Origin/);
    expect(rejectedHostOrOrigin({ host: 'anything' }, { allowedHosts: ['*'] })).toBeUndefined();
  });
});

describe('isLoopbackHost', () => {
  it('knows loopback names and addresses', () => {
    expect(['127.0.0.1', 'localhost', '::1', '[::1]', '127.0.0.2'].map(isLoopbackHost)).toEqual([true, true, true, true, true]);
    expect(['0.0.0.0', '::', '192.168.1.4', 'example.com'].map(isLoopbackHost)).toEqual([false, false, false, false]);
  });
});
