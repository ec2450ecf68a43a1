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
    cpu: () => cpuTicks(child.pid),
    async stop(signal = 'SIGTERM') {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill(signal);
      await exited;
    },
  };
}

const TICK_US = 10_000; // USER_HZ 100: one clock tick is 10 ms

/** CPU time used so far (µs) by a process and by its main thread, from /proc (Linux); null elsewhere. */
export function cpuTicks(pid) {
  try {
    const ticks = (path) => {
      const fields = readFileSync(path, 'utf8').split(') ')[1].split(' ');
      return (Number(fields[11]) + Number(fields[12])) * TICK_US; // utime + stime
    };
    return { process: ticks(`/proc/${pid}/stat`), main: ticks(`/proc/${pid}/task/${pid}/stat`) };
  } catch {
    return null;
  }
}

/** `cpuTicks` before and after `requests` requests → µs per request on the main thread and in all threads. */
export function cpuPerRequest(before, after, requests) {
  if (!before || !after || requests === 0) return null;
  return { main: (after.main - before.main) / requests, process: (after.process - before.process) / requests };
}

/** The machine's CPU time so far (all cores, clock ticks) and the part of it idle or waiting on the disk (Linux); null elsewhere. */
export function machineTicks() {
  try {
    const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1, 9).map(Number);
    return { total: fields.reduce((sum, value) => sum + value, 0), idle: fields[3] + fields[4] };
  } catch {
    return null;
  }
}

/** The share (%) of the machine's CPU time that was idle or waiting on the disk between two `machineTicks`. */
export const idleShare = (before, after) => (before && after && after.total > before.total ? ((after.idle - before.idle) / (after.total - before.total)) * 100 : null);

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
