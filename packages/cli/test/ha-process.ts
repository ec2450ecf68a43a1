import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The built `ha` bin, as a user runs it. */
export const HA_BIN = fileURLToPath(new URL('../dist/bin.js', import.meta.url));

export interface HaResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** A temporary directory with its own database; `ha` runs with it as the working directory. */
export interface Sandbox {
  dir: string;
  env: Record<string, string>;
  remove(): void;
}

export function createSandbox(): Sandbox {
  const dir = mkdtempSync(join(tmpdir(), 'ha-cli-'));
  return {
    dir,
    env: { HA_DATABASE_URL: `file:${join(dir, 'ha.db')}` },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** Environment of the test process without any HA_* setting, so nothing leaks into a run. */
function cleanEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('HA_')));
}

/** Spawns `node dist/bin.js ...args` and collects its output (async, so a server in this process can answer it). */
export function ha(args: readonly string[], options: { cwd: string; env?: Record<string, string>; stdin?: string }): Promise<HaResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [HA_BIN, ...args], {
      cwd: options.cwd,
      env: { ...cleanEnv(), ...options.env },
      stdio: [options.stdin === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.stdin?.end(options.stdin);
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** The one JSON document a successful run printed. */
export function outputOf(result: HaResult): any {
  if (result.code !== 0) throw new Error(`ha exited ${result.code}: ${result.stderr}`);
  return JSON.parse(result.stdout);
}

/** The `error` object a failed run printed on stderr. */
export function errorOf(result: HaResult): { code: string; message: string; details?: any } {
  return (JSON.parse(result.stderr) as { error: { code: string; message: string; details?: any } }).error;
}
