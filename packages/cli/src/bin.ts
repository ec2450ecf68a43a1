#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import module from 'node:module';

// Node 22.1+ caches compiled modules between runs (most of `ha`'s startup is loading the engine); a no-op on Node 20.
(module as { enableCompileCache?: () => unknown }).enableCompileCache?.();

// A reader that stops early (`ha events | head -1`) must not crash the run before the engine is closed.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
  });
}

// Imported after the cache is enabled, so the engine and its dependencies are loaded through it.
const { runCli } = await import('./run-cli.js');
process.exitCode = await runCli(process.argv.slice(2), {
  env: process.env,
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  readStdin: () => readFileSync(0, 'utf8'),
  stderrIsTTY: process.stderr.isTTY === true,
});
