#!/usr/bin/env node
// `npm start`: builds the server and the packages it references when a build is missing or older than
// its sources, then runs the `headlessanalytics-server` bin in this process (same stdio, env and signals).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const server = join(root, 'packages', 'http-bridge');

/** The project and every project it references, transitively. */
function projects(directory, seen = new Set()) {
  if (seen.has(directory)) return seen;
  seen.add(directory);
  const config = JSON.parse(readFileSync(join(directory, 'tsconfig.json'), 'utf8'));
  for (const reference of config.references ?? []) projects(resolve(directory, reference.path), seen);
  return seen;
}

function newestSource(directory) {
  let newest = 0;
  const walk = (path) => {
    for (const entry of readdirSync(path, { withFileTypes: true })) {
      const child = join(path, entry.name);
      if (entry.isDirectory()) walk(child);
      else if (entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(child).mtimeMs);
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

const stale = [...projects(server)].filter(isStale);
if (stale.length > 0 || !existsSync(join(server, 'dist', 'bin.js'))) {
  process.stderr.write(`Building (${stale.map((directory) => directory.slice(root.length + 1)).join(', ') || 'dist missing'})…\n`);
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  const build = spawnSync(process.execPath, [tsc, '-b', server], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

await import(pathToFileURL(join(server, 'dist', 'bin.js')).href);
