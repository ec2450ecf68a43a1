import ts from 'typescript';
import { Ajv } from 'ajv';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { expectOk, openTestEngine, type TestEngine } from './support.js';

let t: TestEngine;
beforeEach(async () => {
  t = await openTestEngine();
});
afterEach(async () => {
  await t.engine.close();
});

const T = Date.UTC(2026, 5, 1, 10, 0, 0);
const H = 3_600_000;
const plan = {
  name: 'Crew plan',
  enforcement: 'warn',
  allowUnplannedEvents: false,
  events: [
    { name: 'job.completed', description: 'A job was finished.', properties: { type: 'object', properties: { jobId: { type: 'string' }, hours: { type: 'number', minimum: 0 } }, required: ['jobId'] } },
    { name: 'job.started', properties: { type: 'object', properties: { crew: { enum: ['a', 'b'] } } } },
    { name: 'crew.assigned' },
  ],
};

describe('tracking plan coverage', () => {
  it('rows for unplanned, unseen, violating and ok events over the exact window, paged and filtered', async () => {
    await expectOk(t.call('create_tracking_plan', plan));
    const sent: Array<[string, Record<string, unknown>, number]> = [
      ['job.started', {}, T - 50 * 60_000], // before since (09:30): left out
      ['job.completed', { jobId: 'a', hours: 2 }, T],
      ['job.completed', { hours: 'two' }, T + H],
      ['job.completed', { jobId: 'c', hours: -1 }, T + 2 * H],
      ['job.started', {}, T + 3 * H],
      ['stray.event', {}, T + 4 * H],
      ['stray.event', {}, T + 5 * H],
      ['stray.event', {}, T + 6 * H + 1], // after until: left out
    ];
    for (const [event, properties, timestamp] of sent) await expectOk(t.call('ingest_event', { event, properties, timestamp }));
    const window = { id: 'crew-plan', since: '2026-06-01T09:30:00Z', until: new Date(T + 6 * H).toISOString() };
    const all = await expectOk<Record<string, unknown>>(t.call('get_tracking_plan_coverage', window));
    expect(all.summary).toEqual({ plannedEvents: 3, plannedSeen: 2, plannedUnseen: 1, unplannedSeen: 1, received: 6, receivedUnplanned: 2, violatingEvents: 4 });
    expect(all.events).toEqual([
      { event: 'crew.assigned', status: 'unseen', planned: true, received: 0, lastSeen: null, violatingEvents: 0, fields: [], otherFields: 0 },
      {
        event: 'job.completed', status: 'violations', planned: true, received: 3, lastSeen: new Date(T + 2 * H).toISOString(), violatingEvents: 2,
        fields: [{ path: 'properties.hours', events: 2 }, { path: 'properties.jobId', events: 1 }], otherFields: 0,
      },
      { event: 'job.started', status: 'ok', planned: true, received: 1, lastSeen: new Date(T + 3 * H).toISOString(), violatingEvents: 0, fields: [], otherFields: 0 },
      { event: 'stray.event', status: 'unplanned', planned: false, received: 2, lastSeen: new Date(T + 5 * H).toISOString(), violatingEvents: 2, fields: [{ path: 'event', events: 2 }], otherFields: 0 },
    ]);
    const first = await expectOk<{ events: Array<{ event: string }>; nextCursor: string | null }>(t.call('get_tracking_plan_coverage', { ...window, limit: 2 }));
    expect(first.events.map((row) => row.event)).toEqual(['crew.assigned', 'job.completed']);
    const second = await expectOk<{ events: Array<{ event: string }>; nextCursor: string | null }>(t.call('get_tracking_plan_coverage', { ...window, limit: 2, cursor: first.nextCursor }));
    expect(second.events.map((row) => row.event)).toEqual(['job.started', 'stray.event']);
    expect(second.nextCursor).toBeNull();
    const gaps = await expectOk<{ events: Array<{ event: string }> }>(t.call('get_tracking_plan_coverage', { ...window, status: ['unplanned', 'unseen'] }));
    expect(gaps.events.map((row) => row.event)).toEqual(['crew.assigned', 'stray.event']);
  });

  it('refuses an inverted window and an unknown plan; another workspace sees NOT_FOUND', async () => {
    await expectOk(t.call('create_tracking_plan', plan));
    const inverted = await t.call('get_tracking_plan_coverage', { id: 'crew-plan', since: '2026-06-02', until: '2026-06-01T00:00:00Z' });
    expect(inverted.ok).toBe(false);
    if (!inverted.ok) expect(inverted.error.details?.issues?.[0]?.path).toBe('since');
    const other = await expectOk<{ apiKey: string }>(t.call('create_workspace', { name: 'Other' }));
    const stranger = await t.engine.authenticate({ apiKey: other.apiKey });
    for (const name of ['get_tracking_plan_coverage', 'get_tracking_plan_types']) {
      const result = await t.call(name, { id: 'crew-plan' }, stranger);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.error.code).toBe('NOT_FOUND');
    }
  });
});

/** Diagnostics of each usage file, each compiled beside the generated module (one program, so the libs load once). */
function diagnostics(types: string, usages: string[]): string[][] {
  const files = new Map<string, string>(usages.map((usage, index) => [`/virtual/use${index}.ts`, `${types}\ndeclare const track: TrackFunction;\n${usage}\nexport {};\n`]));
  const options: ts.CompilerOptions = { strict: true, noEmit: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, types: [], skipLibCheck: true };
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (name, language) => (files.has(name) ? ts.createSourceFile(name, files.get(name)!, language) : getSourceFile(name, language));
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (name) => files.has(name) || fileExists(name);
  const program = ts.createProgram([...files.keys()], options, host);
  return [...files.keys()].map((name) =>
    ts.getPreEmitDiagnostics(program, program.getSourceFile(name)).map((entry) => ts.flattenDiagnosticMessageText(entry.messageText, '\n')),
  );
}

describe('tracking plan types', () => {
  it('generated TypeScript compiles a correct track call and refuses a misspelled event or a wrong property type', async () => {
    await expectOk(t.call('create_tracking_plan', plan));
    const out = await expectOk<{ code: string; fileName: string; eventCount: number }>(t.call('get_tracking_plan_types', { id: 'crew-plan' }));
    expect(out.fileName).toBe('crew-plan.tracking-plan.ts');
    expect(out.eventCount).toBe(3);
    const [good, misspelled, wrongType, missing, notInEnum] = diagnostics(out.code, [
      "track('job.completed', { jobId: 'a', hours: 2 });\ntrack('job.started');\ntrack('job.started', { crew: 'a' });",
      "track('job.complete', { jobId: 'a' });",
      "track('job.completed', { jobId: 'a', hours: 'two' });",
      "track('job.completed', { hours: 1 });",
      "track('job.started', { crew: 'z' });",
    ]);
    expect(good).toEqual([]);
    expect(misspelled!.join('\n')).toContain('"job.complete"');
    expect(wrongType!.join('\n')).toContain("Type 'string' is not assignable to type 'number'");
    expect(missing).toHaveLength(1);
    expect(notInEnum).toHaveLength(1);
  });

  it('generated JSON Schema validates { event, properties } as the plan does; unknown event names are refused', async () => {
    await expectOk(t.call('create_tracking_plan', plan));
    const out = await expectOk<{ code: string }>(t.call('get_tracking_plan_types', { id: 'crew-plan', format: 'json_schema' }));
    const validate = new Ajv({ strict: false }).compile(JSON.parse(out.code) as object);
    expect(validate({ event: 'job.completed', properties: { jobId: 'a', hours: 1 } })).toBe(true);
    expect(validate({ event: 'job.completed', properties: { jobId: 'a', hours: -1 } })).toBe(false);
    expect(validate({ event: 'job.complete', properties: { jobId: 'a' } })).toBe(false);
    const bad = await t.call('get_tracking_plan_types', { id: 'crew-plan', events: ['job.completed', 'nope'] });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error.details?.issues?.[0]?.path).toBe('events[1]');
  });
});
