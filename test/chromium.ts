import { execFileSync } from 'node:child_process';
import { chromium, type Browser } from 'playwright-core';

/** Flags for a headless Chromium in a container, without network chatter of its own. */
const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

/** The Chromium that `npm test`'s prerequisites found or installed: HA_CHROMIUM_PATH, else `chromium` on PATH. */
export function chromiumExecutable(): string {
  if (process.env.HA_CHROMIUM_PATH) return process.env.HA_CHROMIUM_PATH;
  for (const name of ['chromium', 'chromium-browser']) {
    try {
      return execFileSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).trim();
    } catch {
      // not this one
    }
  }
  throw new Error('Chromium not found: run the tests with `npm test` (it installs it) or set HA_CHROMIUM_PATH.');
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumExecutable(), args: CHROMIUM_ARGS });
}
