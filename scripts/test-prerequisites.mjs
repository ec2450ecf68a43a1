#!/usr/bin/env node
// Before `npm test`: what the tests need beyond npm's packages. The browser tests drive a real headless Chromium
// (Debian's `chromium`): found on PATH or at HA_CHROMIUM_PATH, else installed with apt-get (as root, or through
// `sudo -n`). Without either, it says what to install and fails, rather than letting the browser tests fail.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const CANDIDATES = ['chromium', 'chromium-browser'];

function which(command) {
  const found = spawnSync('sh', ['-c', `command -v ${command}`], { encoding: 'utf8' });
  return found.status === 0 ? found.stdout.trim() : undefined;
}

function findChromium() {
  const configured = process.env.HA_CHROMIUM_PATH;
  if (configured) return existsSync(configured) ? configured : undefined;
  for (const name of CANDIDATES) {
    const path = which(name);
    if (path) return path;
  }
  return undefined;
}

function installChromium() {
  const asRoot = process.getuid?.() === 0;
  const prefix = asRoot ? [] : which('sudo') ? ['sudo', '-n'] : undefined;
  if (!prefix || !which('apt-get')) return false;
  process.stderr.write('Chromium is missing: installing Debian\'s chromium package for the browser tests…\n');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const run = (args) => {
    const [command, ...rest] = [...prefix, ...args];
    execFileSync(command, rest, { stdio: ['ignore', 'ignore', 'inherit'], env });
  };
  try {
    run(['apt-get', 'update', '-qq']);
    run(['apt-get', 'install', '-y', '-qq', '--no-install-recommends', 'chromium']);
  } catch {
    return false;
  }
  return findChromium() !== undefined;
}

if (!findChromium() && !installChromium()) {
  process.stderr.write(
    'The browser tests need Chromium: install it (Debian/Ubuntu: `apt-get install chromium`) or set HA_CHROMIUM_PATH to its executable.\n',
  );
  process.exit(1);
}
