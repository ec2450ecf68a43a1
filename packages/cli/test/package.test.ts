import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { HA_BIN } from './ha-process.js';

const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
  bin: Record<string, string>;
  files: string[];
};

it('ships an executable `ha` bin in the packed files', () => {
  expect(manifest.bin).toEqual({ ha: './dist/bin.js' });
  expect(manifest.files).toContain('dist');
  expect(readFileSync(HA_BIN, 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
});
