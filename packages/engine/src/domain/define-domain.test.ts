import { describe, expect, it } from 'vitest';
import { checkDomains, defineDomain } from './define-domain.js';

const domain = (id: string, versions: number[]) =>
  defineDomain({
    id,
    toolsets: [],
    tools: [],
    aliases: { rest: [], cli: [] },
    migrations: versions.map((version) => ({ version, name: `${id} ${version}`, statements: [] })),
    services: () => ({}),
  });

describe('checkDomains', () => {
  it('accepts domains with their own ids and migration versions', () => {
    expect(() => checkDomains([domain('a', [100, 101]), domain('b', [200])], [{ version: 1, name: 'core', statements: [] }])).not.toThrow();
  });

  it('refuses a domain registered twice', () => {
    expect(() => checkDomains([domain('a', []), domain('a', [])], [])).toThrow("Domain 'a' is registered twice");
  });

  it('refuses a migration version taken by the core or another domain', () => {
    expect(() => checkDomains([domain('a', [1])], [{ version: 1, name: 'core', statements: [] }])).toThrow(
      "Migration 1 of domain 'a' is already taken by 'core'",
    );
    expect(() => checkDomains([domain('a', [100]), domain('b', [100])], [])).toThrow("Migration 100 of domain 'b' is already taken by 'a'");
  });
});
