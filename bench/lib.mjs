// Shared helpers for the benchmark scripts: percentiles, child servers, readiness polling, RSS.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const root = new URL('..', import.meta.url).pathname;

export function percentile(values, p) {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

export const round = (value, digits = 2) => Math.round(value * 10 ** digits) / 10 ** digits;

export function tempDatabaseUrl(label) {
  return `file:${join(mkdtempSync(join(tmpdir(), `ha-bench-${label}-`)), 'bench.db')}`;
}

/** Starts a node script as a child process and resolves once `ready(url)` answers. */
export async function startChild(script, { env = {}, args = [], port, readyPath = '/api/health' } = {}) {
  const child = spawn(process.execPath, [script, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${script} exited: ${output}`);
    try {
      const response = await fetch(`${url}${readyPath}`);
      await response.arrayBuffer();
      if (response.status < 500) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${script} did not start: ${output}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    url,
    child,
    output: () => output,
    rssMiB: () => rssMiB(child.pid),
    async stop(signal = 'SIGTERM') {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill(signal);
      await exited;
    },
  };
}

export function rssMiB(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
  return round(kb / 1024, 1);
}

let nextPort = 18_700 + Math.floor(Math.random() * 500);
export const freePort = () => nextPort++;

export function printTable(title, rows) {
  console.log(`\n## ${title}`);
  console.log('| figure | measured | ceiling / target | ratio |');
  console.log('|---|---|---|---|');
  for (const row of rows) console.log(`| ${row.figure} | ${row.measured} | ${row.ceiling ?? ''} | ${row.ratio ?? ''} |`);
}
