#!/usr/bin/env node
// `npm run example -- <name>` runs examples/<name>/index.mjs with Node and exits with its exit code.
// Without a name it lists the examples. Build first (`npm run build`): examples import the built packages.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const examplesDir = fileURLToPath(new URL('../examples/', import.meta.url));
const names = readdirSync(examplesDir, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();
const [name, ...args] = process.argv.slice(2);

if (!name || !names.includes(name)) {
  if (name) console.error(`No example '${name}'.`);
  console.error(`Usage: npm run example -- <name>\nExamples: ${names.join(', ')}`);
  process.exit(name ? 2 : 0);
}
const entry = `${examplesDir}${name}/index.mjs`;
if (!existsSync(entry)) {
  console.error(`examples/${name} has no index.mjs to run.`);
  process.exit(2);
}
const child = spawn(process.execPath, [entry, ...args], { stdio: 'inherit' });
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
