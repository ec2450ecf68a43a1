import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
// @ts-expect-error the generator is a plain ESM script without type declarations
import { renderGeneratedFiles } from '../scripts/generate.mjs';

describe('generated tool methods and types', () => {
  it('match the engine registry (run `node packages/sdk/scripts/generate.mjs` when this fails)', async () => {
    const files = (await renderGeneratedFiles()) as Record<string, string>;
    expect(Object.keys(files).sort()).toEqual(['tool-catalog.ts', 'tool-methods.ts', 'tool-types.ts']);
    for (const [name, content] of Object.entries(files)) {
      const committed = readFileSync(new URL(`../src/generated/${name}`, import.meta.url), 'utf8');
      expect(committed, `src/generated/${name} is stale`).toBe(content);
    }
  });
});
