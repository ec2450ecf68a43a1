// Builds the workspace (`tsc -b` over every package) when a package's build is missing or older than its
// sources. Used by `npm start` and by the packages' bin entries in a checkout, so that a fresh clone's
// `npx ha …` or MCP config works without a separate build step. Build output goes to stderr: a bin may
// be an MCP stdio server whose stdout is the protocol.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, utimesSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** The packages the root tsconfig builds. */
function packages() {
  const config = JSON.parse(readFileSync(join(root, 'tsconfig.json'), 'utf8'));
  return (config.references ?? []).map((reference) => resolve(root, reference.path));
}

/** Newest mtime of what the build reads: the sources it compiles (not tests or fixtures) and the configs. */
function newestSource(directory) {
  let newest = 0;
  const walk = (path) => {
    for (const entry of readdirSync(path, { withFileTypes: true })) {
      const child = join(path, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== '__fixtures__') walk(child);
      } else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts')) {
        newest = Math.max(newest, statSync(child).mtimeMs);
      }
    }
  };
  if (existsSync(join(directory, 'src'))) walk(join(directory, 'src'));
  for (const file of ['tsconfig.json', 'package.json']) newest = Math.max(newest, statSync(join(directory, file)).mtimeMs);
  return newest;
}

function isStale(directory) {
  const buildInfo = join(directory, 'dist', '.tsbuildinfo');
  return !existsSync(buildInfo) || statSync(buildInfo).mtimeMs < newestSource(directory);
}

/** Runs the build when any package is stale; exits the process with the compiler's status if it fails. */
export function ensureBuilt() {
  const stale = packages().filter(isStale);
  if (stale.length === 0) return;
  process.stderr.write(`Building ${stale.map((directory) => directory.slice(root.length + 1)).join(', ')}…\n`);
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  const build = spawnSync(process.execPath, [tsc, '-b'], { cwd: root, stdio: ['ignore', process.stderr, process.stderr] });
  if (build.status !== 0) process.exit(build.status ?? 1);
  // tsc leaves an up-to-date package's build info untouched (a changed package.json is not its input):
  // mark each as built now, so the next run does not build again.
  const now = new Date();
  for (const directory of stale) utimesSync(join(directory, 'dist', '.tsbuildinfo'), now, now);
}
