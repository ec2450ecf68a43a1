import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { HA_BIN } from './ha-process.js';

const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
  bin: Record<string, string>;
  files: string[];
};

it('ships an executable `ha` bin in the packed files: a committed entry (linked on install, before any build) that loads dist', () => {
  expect(manifest.bin).toEqual({ ha: './bin/ha.js' });
  expect(manifest.files).toEqual(expect.arrayContaining(['dist', 'bin']));
  const entry = readFileSync(new URL('../bin/ha.js', import.meta.url), 'utf8');
  expect(entry.startsWith('#!/usr/bin/env node\n')).toBe(true);
  expect(entry).toContain("import('../dist/bin.js')");
  expect(readFileSync(HA_BIN, 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
});
