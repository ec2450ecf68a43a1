import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openLibsqlStore } from '../../store/libsql/libsql-store.js';
import type { Store } from '../../store/store.js';
import { openAnalyticsReader, READ_WORKER_NICE } from './read-pool.js';
import type { AnalyticsReader } from './reader.js';

/** The nice value of each thread of this process (Linux). */
function threadNice(): Map<string, number> {
  const nice = new Map<string, number>();
  for (const tid of readdirSync(`/proc/${process.pid}/task`)) {
    try {
      const stat = readFileSync(`/proc/${process.pid}/task/${tid}/stat`, 'utf8');
      nice.set(tid, Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]));
    } catch {
      // The thread ended while being listed.
    }
  }
  return nice;
}

describe('analytics read pool', () => {
  let dir: string | undefined;
  let store: Store | undefined;
  let reader: AnalyticsReader | undefined;
  afterEach(async () => {
    await reader?.close?.();
    await store?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
    reader = store = dir = undefined;
  });

  it.runIf(process.platform === 'linux')('runs its workers at a lower CPU priority than the rest of the process, and only them', async () => {
    dir = mkdtempSync(join(tmpdir(), 'ha-read-pool-'));
    store = await openLibsqlStore({ url: `file:${join(dir, 'db')}` });
    const before = threadNice();
    const mainNice = before.get(String(process.pid))!;
    reader = await openAnalyticsReader(store, 2);
    // Two reads at once go to the two workers, so both have started.
    expect(await Promise.all([reader.all('SELECT 1 AS one'), reader.all('SELECT 2 AS two')])).toEqual([[{ one: 1 }], [{ two: 2 }]]);
    const after = threadNice();
    const lowered = [...after].filter(([tid, nice]) => !before.has(tid) && nice === Math.min(19, mainNice + READ_WORKER_NICE));
    expect(lowered).toHaveLength(2);
    expect(after.get(String(process.pid))).toBe(mainNice);
    expect([...after].filter(([tid, nice]) => before.has(tid) && nice !== before.get(tid))).toEqual([]);
  });
});
