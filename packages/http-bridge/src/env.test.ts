import { describe, expect, it } from 'vitest';
import { serverSettingsFromEnv } from './env.js';

describe('serverSettingsFromEnv', () => {
  it('has documented defaults', () => {
    expect(serverSettingsFromEnv({})).toEqual({ port: 8787, host: '127.0.0.1', bodyLimitBytes: 5 * 1024 * 1024, corsOrigins: ['*'] });
  });

  it('reads every variable', () => {
    expect(
      serverSettingsFromEnv({
        HA_PORT: '0',
        HA_HOST: '0.0.0.0',
        HA_BODY_LIMIT_BYTES: '1024',
        HA_CORS_ORIGINS: 'https://a.example, https://b.example',
        HA_PUBLIC_URL: 'https://api.example.com/',
        HA_TRUST_PROXY: '1',
      }),
    ).toEqual({ port: 0, host: '0.0.0.0', bodyLimitBytes: 1024, corsOrigins: ['https://a.example', 'https://b.example'], publicUrl: 'https://api.example.com', trustProxy: true });
  });

  it('names the variable and the reason for a bad value', () => {
    expect(() => serverSettingsFromEnv({ HA_PORT: 'http' })).toThrow(/HA_PORT must be an integer from 0 to 65535; got 'http'/);
    expect(() => serverSettingsFromEnv({ HA_PORT: '70000' })).toThrow(/HA_PORT/);
    expect(() => serverSettingsFromEnv({ HA_BODY_LIMIT_BYTES: '-1' })).toThrow(/HA_BODY_LIMIT_BYTES/);
  });
});
