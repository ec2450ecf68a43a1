import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { BIN, runBin } from './helpers.js';

const run = promisify(execFile);
const packageDir = new URL('..', import.meta.url);
const manifest = JSON.parse(readFileSync(new URL('package.json', packageDir), 'utf8')) as { version: string; bin: Record<string, string> };

describe('published package', () => {
  it('packs dist with the bin (with a shebang) and no build leftovers', async () => {
    const { stdout } = await run('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: packageDir, timeout: 60_000 });
    const [packed] = JSON.parse(stdout) as Array<{ files: Array<{ path: string }> }>;
    const files = packed!.files.map((file) => file.path);
    expect(manifest.bin['headlessanalytics-mcp']).toBe('./bin/headlessanalytics-mcp.js');
    expect(files).toEqual(expect.arrayContaining(['bin/headlessanalytics-mcp.js', 'dist/bin.js', 'dist/index.js', 'dist/index.d.ts', 'README.md', 'package.json']));
    expect(files.filter((file) => file.includes('tsbuildinfo') || file.includes('.test.') || file.startsWith('src/'))).toEqual([]);
    expect(readFileSync(BIN, 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
  });

  it('prints its version and help', async () => {
    expect((await runBin(['--version'], {})).stdout.trim()).toBe(manifest.version);
    const help = await runBin(['--help'], {});
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('--no-auth');
  });
});
