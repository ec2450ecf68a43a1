import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** The built `ha` executable of packages/cli. */
export const HA_BIN = join(dirname(createRequire(import.meta.url).resolve('@headlessanalytics/cli/package.json')), 'dist/bin.js');

export interface HaResult {
  /** The exit code; 1 when the process ended on a signal. */
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs `ha args…` as a user would, in its own process, and collects its output. The environment is this process's
 * without any HA_ setting (a developer's own must not reach the test), plus `env`.
 */
export function runHa(args: readonly string[], env: Record<string, string>, options: { cwd?: string } = {}): Promise<HaResult> {
  const base = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('HA_')));
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [HA_BIN, ...args], { env: { ...base, ...env }, stdio: ['ignore', 'pipe', 'pipe'], ...(options.cwd ? { cwd: options.cwd } : {}) });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });
}
