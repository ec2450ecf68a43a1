import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { expectOk, openTestEngine, type TestEngine } from './support.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const NOW = Date.UTC(2026, 6, 1, 12);
const T0 = NOW - 5 * DAY;
let t: TestEngine;
beforeEach(async () => {
  t = await openTestEngine({ clock: () => NOW });
  await expectOk(t.call('create_project', { name: 'site' }));
  const at = (user: string, event: string, timestamp: number) => ({ event, user_id: user, timestamp });
  await expectOk(
    t.call('track_batch', {
      project: 'site',
      events: [
        at('u1', 'page_view', T0), at('u1', 'signup', T0 + HOUR),
        // signed up before entering, and again after: the later signup is the step
        at('u2', 'signup', T0 - DAY), at('u2', 'page_view', T0), at('u2', 'signup', T0 + 2 * HOUR),
        // signed up only before entering
        at('u3', 'signup', T0 - DAY), at('u3', 'page_view', T0),
        // signed up after the conversion window
        at('u4', 'page_view', T0), at('u4', 'signup', T0 + 2 * DAY),
        at('u5', 'page_view', T0), at('u5', 'page_view', T0 + HOUR),
      ],
    }),
  );
});
afterEach(async () => {
  await t.engine.close();
});

type Funnel = { steps: Array<{ users: number }> };
const users = (funnel: Funnel) => funnel.steps.map((step) => step.users);

describe('analyze_funnel by user', () => {
  it('takes the first step event after the previous step, whether or not the user did it before', async () => {
    const funnel = await expectOk<Funnel>(t.call('analyze_funnel', { project: 'site', steps: [{ event: 'page_view' }, { event: 'signup' }], conversion_window_hours: 24 }));
    expect(users(funnel)).toEqual([5, 2]);
    const wider = await expectOk<Funnel>(t.call('analyze_funnel', { project: 'site', steps: [{ event: 'page_view' }, { event: 'signup' }], conversion_window_hours: 72 }));
    expect(users(wider)).toEqual([5, 3]);
  });

  it('needs a later event for a repeated step', async () => {
    const funnel = await expectOk<Funnel>(t.call('analyze_funnel', { project: 'site', steps: [{ event: 'page_view' }, { event: 'page_view' }] }));
    expect(users(funnel)).toEqual([5, 1]);
  });

  it('agrees with the filtered path, which reads every step from the events', async () => {
    const always = { property: 'none', op: 'neq', value: 'x' };
    const plain = await expectOk<Funnel>(t.call('analyze_funnel', { project: 'site', steps: [{ event: 'page_view' }, { event: 'signup' }], conversion_window_hours: 24 }));
    const filtered = await expectOk<Funnel>(
      t.call('analyze_funnel', { project: 'site', steps: [{ event: 'page_view' }, { event: 'signup', filters: [always] }], conversion_window_hours: 24 }),
    );
    expect(users(filtered)).toEqual(users(plain));
  });
});
