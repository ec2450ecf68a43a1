import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { expectOk, openTestEngine, type TestEngine } from './support.js';

const MIN = 60_000;
const HOUR = 60 * MIN;
const T0 = Date.UTC(2026, 10, 2, 8, 0, 0);
const NOW = T0 + 5 * HOUR;
const WF = 'electrical-job';

const wf = (event: string, minutes: number, properties: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  event, timestamp: T0 + minutes * MIN, properties: { workflowId: WF, ...properties }, ...extra,
});

/**
 * Four runs of the electrical contractor's job workflow and one of another workflow:
 * job-1042 completes within its 4 h budget (takeoff 30 min, schedule completed without a start: 15 min, crew 2 h);
 * job-1043 has a 2 h budget and is still at step install at NOW (5 h after T0): overrun by 2 h;
 * a run named by its traceId only (object type workflow) fails at step invoice after 20 min;
 * job-1045 started 1 h before NOW with a 3 h budget: running.
 */
const SEED = [
  wf('workflow.started', 0, { runId: 'job-1042', expectedDurationMs: 4 * HOUR }),
  wf('workflow.step.started', 0, { runId: 'job-1042', step: 'takeoff' }),
  wf('workflow.step.completed', 30, { runId: 'job-1042', step: 'takeoff' }),
  wf('workflow.step.completed', 45, { runId: 'job-1042', step: 'schedule' }),
  wf('workflow.step.started', 60, { runId: 'job-1042', step: 'crew', expectedDurationMs: 90 * MIN }),
  wf('workflow.step.completed', 180, { runId: 'job-1042', step: 'crew' }),
  wf('workflow.completed', 210, { runId: 'job-1042' }),
  wf('workflow.started', 60, { runId: 'job-1043', expectedDurationMs: 2 * HOUR }),
  wf('workflow.step.started', 70, { runId: 'job-1043', step: 'install' }),
  { event: 'workflow.started', timestamp: T0 + 120 * MIN, traceId: 'trace-c', object: { type: 'workflow', id: WF }, properties: { expectedDurationMs: 5 * HOUR } },
  { event: 'workflow.step.started', timestamp: T0 + 125 * MIN, traceId: 'trace-c', properties: { step: 'invoice' } },
  { event: 'workflow.failed', timestamp: T0 + 140 * MIN, traceId: 'trace-c', properties: { reason: 'permit missing' } },
  { event: 'workflow.step.completed', timestamp: T0 + 150 * MIN, traceId: 'trace-c', properties: { step: 'invoice' } },
  wf('workflow.started', 240, { runId: 'job-1045', expectedDurationMs: 3 * HOUR }),
  { event: 'workflow.started', timestamp: T0 + 10 * MIN, properties: { workflowId: 'bakery-order', runId: 'b-1' } },
];

let t: TestEngine;
let ids: string[];
beforeEach(async () => {
  t = await openTestEngine({ clock: () => NOW });
  ids = (await expectOk<{ ids: string[] }>(t.call('ingest_event', { events: SEED, returnIds: true }))).ids;
});
afterEach(async () => {
  await t.engine.close();
});

type Run = Record<string, unknown> & { runId: string; steps: Array<Record<string, unknown>>; eventIds: string[] };
const status = (input: Record<string, unknown>) => expectOk<{ runs: Run[]; nextCursor: string | null; from: number; to: number }>(t.call('get_workflow_status', input));

describe('get_workflow_status', () => {
  it('reconstructs each run: state, steps, durations and overrun against the expected duration', async () => {
    const { runs, nextCursor } = await status({ workflowId: WF, from: T0 - HOUR, to: NOW });
    expect(nextCursor).toBeNull();
    expect(runs.map((run) => [run.runId, run.state])).toEqual([
      ['job-1045', 'running'], ['trace-c', 'failed'], ['job-1043', 'overrun'], ['job-1042', 'completed'],
    ]);
    const [running, failed, overrun, completed] = runs as [Run, Run, Run, Run];
    expect(completed).toMatchObject({
      workflowId: WF, businessId: 'default', traceId: null, overrun: false, startedAt: T0, endedAt: T0 + 210 * MIN, durationMs: 210 * MIN,
      expectedDurationMs: 4 * HOUR, overrunMs: 0, currentStep: null, failedStep: null, stepCount: 3, startEventId: ids[0],
    });
    expect(completed.steps).toEqual([
      { step: 'takeoff', state: 'completed', startedAt: T0, completedAt: T0 + 30 * MIN, durationMs: 30 * MIN, expectedDurationMs: null, overrunMs: null, eventIds: [ids[1], ids[2]] },
      { step: 'schedule', state: 'completed', startedAt: T0 + 30 * MIN, completedAt: T0 + 45 * MIN, durationMs: 15 * MIN, expectedDurationMs: null, overrunMs: null, eventIds: [ids[3]] },
      { step: 'crew', state: 'completed', startedAt: T0 + HOUR, completedAt: T0 + 3 * HOUR, durationMs: 2 * HOUR, expectedDurationMs: 90 * MIN, overrunMs: 30 * MIN, eventIds: [ids[4], ids[5]] },
    ]);
    expect(completed.eventIds).toEqual(ids.slice(0, 7));
    // Still running at NOW = T0 + 5 h, started at T0 + 1 h with 2 h expected: 4 h long, 2 h over, at step install.
    expect(overrun).toMatchObject({ state: 'overrun', overrun: true, endedAt: null, durationMs: 4 * HOUR, overrunMs: 2 * HOUR, currentStep: 'install' });
    expect(overrun.steps).toEqual([
      { step: 'install', state: 'running', startedAt: T0 + 70 * MIN, completedAt: null, durationMs: 230 * MIN, expectedDurationMs: null, overrunMs: null, eventIds: [ids[8]] },
    ]);
    // Named by its traceId; failed at the open step; the step.completed after the failure is ignored.
    expect(failed).toMatchObject({
      traceId: 'trace-c', overrun: false, durationMs: 20 * MIN, overrunMs: 0, failedStep: 'invoice', failureReason: 'permit missing', currentStep: null,
      eventIds: [ids[9], ids[10], ids[11]],
    });
    expect(failed.steps).toMatchObject([{ step: 'invoice', state: 'failed', durationMs: 15 * MIN }]);
    expect(running).toMatchObject({ durationMs: HOUR, overrunMs: 0, overrun: false, currentStep: null, steps: [] });
  });

  it('picks one run by runId or traceId, pages by cursor, and reads runs started in the range', async () => {
    expect((await status({ workflowId: WF, runId: 'job-1043' })).runs.map((run) => run.runId)).toEqual(['job-1043']);
    expect((await status({ workflowId: WF, traceId: 'trace-c' })).runs.map((run) => run.state)).toEqual(['failed']);
    expect((await status({ workflowId: WF, from: T0 + 30 * MIN, to: T0 + 2 * HOUR })).runs.map((run) => run.runId)).toEqual(['trace-c', 'job-1043']);
    expect((await status({ workflowId: 'bakery-order' })).runs).toMatchObject([{ runId: 'b-1', state: 'running', expectedDurationMs: null, overrunMs: null, overrun: false }]);
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await status({ workflowId: WF, limit: 3, ...(cursor ? { cursor } : {}) });
      seen.push(...page.runs.map((run) => run.runId));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual(['job-1045', 'trace-c', 'job-1043', 'job-1042']);
    expect((await status({ workflowId: 'no-such-workflow' })).runs).toEqual([]);
  });

  it("never shows another workspace's runs", async () => {
    const other = await expectOk<{ apiKey: string }>(t.call('create_workspace', { name: 'Other' }));
    const stranger = await t.engine.authenticate({ apiKey: other.apiKey });
    const seen = await expectOk<{ runs: unknown[] }>(t.call('get_workflow_status', { workflowId: WF }, stranger));
    expect(seen.runs).toEqual([]);
  });

  it('refuses bad input naming the field', async () => {
    const missing = await t.call('get_workflow_status', {});
    expect(missing.ok ? null : missing.error.toJSON()).toMatchObject({ code: 'INVALID_INPUT', details: { issues: [{ path: 'workflowId' }] } });
    const limit = await t.call('get_workflow_status', { workflowId: WF, limit: 101 });
    expect(limit.ok ? null : limit.error.toJSON()).toMatchObject({ code: 'INVALID_INPUT', details: { issues: [{ path: 'limit' }] } });
    const cursor = await t.call('get_workflow_status', { workflowId: WF, cursor: 'nope' });
    expect(cursor.ok ? null : cursor.error.toJSON()).toMatchObject({ code: 'INVALID_INPUT', details: { issues: [{ path: 'cursor' }] } });
    const range = await t.call('get_workflow_status', { workflowId: WF, from: NOW, to: T0 });
    expect(range.ok ? null : range.error.toJSON()).toMatchObject({ code: 'INVALID_INPUT', details: { issues: [{ path: 'from' }] } });
  });
});
