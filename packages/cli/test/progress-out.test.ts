import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../src/run-cli.js';
import { progressBar } from '../src/progress-bar.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ha-cli-progress-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** One in-process `ha` run on an embedded database of its own, as a terminal (or not) would see it. */
async function run(argv: string[], stderrIsTTY: boolean, env: Record<string, string> = {}) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, {
    env: { HA_DATABASE_URL: `file:${join(dir, 'ha.db')}`, ...env },
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
    stderrIsTTY,
  });
  return { code, stdout, stderr };
}

describe('progress of long calls', () => {
  it('draws a bar on a terminal\'s stderr and erases it, leaving stdout the JSON answer', async () => {
    const result = await run(['create-trackable', 'qr_code', 'Spring Bag', '--count', '3000'], true);
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout).batch.created).toBe(3000);
    expect(result.stderr).toContain('100% 3,000/3,000');
    expect(result.stderr).toMatch(/\[#{28}\]/);
    expect(result.stderr.endsWith('\r\u001b[2K')).toBe(true);
  });

  it('prints nothing extra when stderr is not a terminal', async () => {
    const result = await run(['create-trackable', 'qr_code', 'Autumn Bag', 'https://example.com/autumn', '{"count":3000}'], false);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
  });

  it('draws the bar for a destination export on a terminal from its first batch, and plain JSON when piped', async () => {
    for (let index = 0; index < 6; index++) expect((await run(['track', 'order.created', `{"n":${index}}`], false)).code).toBe(0);
    const env = { HA_EXPORT_DIR: join(dir, 'exports') };
    const shown = await run(['destination-export', 'file', '{"batchSize":1,"config":{"path":"tty.ndjson"}}'], true, env);
    expect(shown.code, shown.stderr).toBe(0);
    expect(JSON.parse(shown.stdout)).toMatchObject({ status: 'completed', exported: 6, batches: 6 });
    expect(shown.stderr).toContain('  0% 0/6');
    expect(shown.stderr).toContain('100% 6/6');
    expect(shown.stderr.endsWith('\r\u001b[2K')).toBe(true);
    const piped = await run(['destination-export', 'file', '{"batchSize":1,"config":{"path":"piped.ndjson"}}'], false, env);
    expect(piped.code).toBe(0);
    expect(piped.stderr).toBe('');
    expect(JSON.parse(piped.stdout)).toMatchObject({ status: 'completed', exported: 6 });
    expect(readFileSync(join(dir, 'exports', 'piped.ndjson'), 'utf8').trim().split('\n')).toHaveLength(6);
  });

  it('redraws at most every 80 ms, always showing the end', () => {
    let clock = 0;
    const lines: string[] = [];
    const bar = progressBar((text) => lines.push(text), () => clock);
    for (let done = 0; done <= 10; done += 1) {
      bar.update({ progress: done, total: 10 });
      clock += 20;
    }
    expect(lines.length).toBe(4);
    expect(lines.at(-1)).toContain('100% 10/10');
    bar.done();
    expect(lines.at(-1)).toBe('\r\u001b[2K');
  });
});

describe('--out', () => {
  it('writes a binary answer\'s bytes (answer budget lifted) and a JSON answer as JSON', async () => {
    const pdf = join(dir, 'sheet.pdf');
    const sheet = await run(['trackable-sheet', '{"prefix":"spring-bag-","limit":200}', '--out', pdf], false);
    expect(sheet.code, sheet.stderr).toBe(0);
    const shown = JSON.parse(sheet.stdout);
    expect(shown).toMatchObject({ codes: 200, out: { path: pdf, field: 'pdfBase64', contentType: 'application/pdf' } });
    expect(shown.pdfBase64).toBeUndefined();
    expect(shown.out.bytes).toBeGreaterThan(25_000);
    expect(readFileSync(pdf).subarray(0, 5).toString()).toBe('%PDF-');
    // The same sheet read by a caller (no --out) is over a model's answer budget: refused, naming the budget.
    expect(JSON.parse((await run(['trackable-sheet', '{"prefix":"spring-bag-","limit":200}'], false)).stderr).error.details.budgetBytes).toBe(25_000);
    const json = join(dir, 'trackable.json');
    const trackable = await run(['trackable', 'spring-bag-0001', '--out', json], false);
    expect(JSON.parse(trackable.stdout)).toEqual({ out: { path: json, bytes: expect.any(Number) } });
    expect(JSON.parse(readFileSync(json, 'utf8')).id).toBe('spring-bag-0001');
  });
});
