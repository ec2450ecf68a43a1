import { readFileSync } from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const packageDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const NODE_BUILTINS = new Set([...builtinModules, ...builtinModules.map((name) => `node:${name}`)]);

/** Every module the compiled file reaches through static and dynamic imports (following our own packages), and the bare specifiers it names. */
function importGraph(entry: string): { files: string[]; bare: string[] } {
  const files = new Set<string>();
  const bare = new Set<string>();
  const visit = (file: string) => {
    if (files.has(file)) return;
    files.add(file);
    const source = readFileSync(file, 'utf8');
    for (const match of source.matchAll(/(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\s*\(\s*['"]([^'"]+)['"]\s*\)|^import\s+['"]([^'"]+)['"]/gm)) {
      const specifier = match[1] ?? match[2] ?? match[3]!;
      if (specifier.startsWith('.')) visit(resolve(dirname(file), specifier));
      else if (specifier.startsWith('@headlessanalytics/')) visit(require.resolve(specifier));
      else bare.add(specifier);
    }
  };
  visit(entry);
  return { files: [...files], bare: [...bare] };
}

describe('browser entry', () => {
  it('is what bundlers pick with the browser condition', () => {
    const manifest = JSON.parse(readFileSync(resolve(packageDir, 'package.json'), 'utf8')) as { exports: Record<string, Record<string, string>> };
    expect(manifest.exports['.']!.browser).toBe('./dist/browser.js');
  });

  it('./openai (the OpenAI tool conversions) imports nothing at runtime but its own modules', () => {
    const { files, bare } = importGraph(resolve(packageDir, 'dist/openai/index.js'));
    expect(files.length).toBe(3);
    expect(bare).toEqual([]);
  });

  it('installs without any runtime dependency (no engine, no native driver)', () => {
    const manifest = JSON.parse(readFileSync(resolve(packageDir, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
    expect(manifest.dependencies ?? {}).toEqual({});
  });

  it('imports no Node built-in module and uses no Node-only global', () => {
    const { files, bare } = importGraph(resolve(packageDir, 'dist/browser.js'));
    expect(files.length).toBeGreaterThan(3);
    expect(bare.filter((specifier) => NODE_BUILTINS.has(specifier) || specifier.startsWith('node:'))).toEqual([]);
    expect(bare).toEqual([]);
    expect(files.some((file) => file.includes('/dist/openai/'))).toBe(true);
    expect(files.filter((file) => file.includes('/engine/'))).toEqual([]);
    for (const file of files) {
      const source = readFileSync(file, 'utf8');
      expect(source, file).not.toMatch(/\b(process\.|Buffer\.|require\(|__dirname)/);
    }
  });
});
