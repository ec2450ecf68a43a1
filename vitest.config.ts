import { readdirSync, existsSync } from 'node:fs';
import { defineConfig } from 'vitest/config';

const packages = readdirSync('packages').filter((name) => existsSync(`packages/${name}/package.json`));

/** One project per package (unit tests beside the code, integration tests in test/), plus the cross-surface suites. */
export default defineConfig({
  test: {
    projects: [
      ...packages.map((name) => ({
        test: {
          name,
          root: `packages/${name}`,
          include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      })),
      {
        test: {
          name: 'integration',
          root: 'test',
          include: ['**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
});
