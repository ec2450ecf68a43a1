import { describe, expect, it } from 'vitest';
import { parseCliOptions } from './cli-options.js';

describe('parseCliOptions', () => {
  it('serves stdio with no flags', () => {
    expect(parseCliOptions([])).toMatchObject({ command: 'serve', http: false });
  });

  it('reads the HTTP flags', () => {
    expect(parseCliOptions(['--http', '--port', '0', '--stateless', '--allowed-hosts', 'a.example.com, b.example.com'])).toMatchObject({
      http: true, port: 0, host: '127.0.0.1', stateless: true, allowedHosts: ['a.example.com', 'b.example.com'],
    });
  });

  it('reads the tool filter for stdio and HTTP', () => {
    expect(parseCliOptions(['--toolsets', 'events,metrics', '--read-only'])).toMatchObject({ toolsets: ['events', 'metrics'], readOnly: true });
    expect(parseCliOptions([])).toMatchObject({ toolsets: undefined, readOnly: false });
  });

  it('allows --no-auth only on a loopback host', () => {
    expect(parseCliOptions(['--http', '--no-auth', '--host', 'localhost']).noAuth).toBe(true);
    expect(parseCliOptions(['--http', '--no-auth', '--host', '::1']).noAuth).toBe(true);
    expect(() => parseCliOptions(['--http', '--no-auth', '--host', '0.0.0.0'])).toThrow(/--no-auth is allowed only on a loopback --host/);
  });

  it('rejects bad ports, unknown flags and HTTP flags without --http', () => {
    expect(() => parseCliOptions(['--http', '--port', '70000'])).toThrow(/--port/);
    expect(() => parseCliOptions(['--bogus'])).toThrow();
    expect(() => parseCliOptions(['--port', '1'])).toThrow(/--http only/);
  });
});
