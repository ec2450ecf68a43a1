import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { expectOk, openTestEngine, type TestEngine } from './support.js';

let t: TestEngine;
beforeEach(async () => {
  t = await openTestEngine();
});
afterEach(async () => {
  await t.engine.close();
});

const jobPlan = (enforcement: 'warn' | 'block', extra: Record<string, unknown> = {}) => ({
  name: 'Crew plan',
  enforcement,
  events: [
    {
      name: 'job.completed',
      description: 'A job was finished.',
      properties: { type: 'object', properties: { jobId: { type: 'string' }, hours: { type: 'number', minimum: 0 } }, required: ['jobId'] },
    },
  ],
  ...extra,
});

async function stored(event: string): Promise<Array<Record<string, unknown>>> {
  const { events } = await expectOk<{ events: Array<Record<string, unknown>> }>(t.call('query_events', { event }));
  return events;
}

describe('tracking plans', () => {
  it('creates a usable plan from the dtc template with a slug id, and lists templates and plans', async () => {
    const plan = await expectOk<{ id: string; version: number; enforcement: string; events: Array<{ name: string; properties: { required: string[] } }> }>(
      t.call('create_tracking_plan', { name: 'Roast & Origin', vertical: 'dtc_commerce_ops' }),
    );
    expect(plan.id).toBe('roast-origin');
    expect(plan.version).toBe(1);
    expect(plan.enforcement).toBe('warn');
    const names = plan.events.map((event) => event.name);
    expect(names).toEqual(expect.arrayContaining(['qr.scanned', 'product.viewed', 'cart.added', 'checkout.started', 'order.created', 'order.refunded', 'campaign.launched']));
    expect(plan.events.find((event) => event.name === 'order.created')!.properties.required).toEqual(['orderId', 'revenue', 'currency']);

    const again = await expectOk<{ id: string }>(t.call('create_tracking_plan', { name: 'Roast & Origin' }));
    expect(again.id).toBe('roast-origin-2');

    const templates = await expectOk<{ templates: Array<{ vertical: string }> }>(t.call('list_tracking_plan_templates', {}));
    expect(templates.templates.map((template) => template.vertical)).toEqual(['dtc_commerce_ops', 'creator_studio', 'field_services']);
    for (const { vertical } of templates.templates) await expectOk(t.call('create_tracking_plan', { name: vertical, vertical }));

    const first = await expectOk<{ plans: Array<{ id: string }>; nextCursor: string | null }>(t.call('list_tracking_plans', { limit: 3 }));
    expect(first.plans.map((entry) => entry.id)).toEqual(['creator-studio', 'dtc-commerce-ops', 'field-services']);
    const second = await expectOk<{ plans: Array<{ id: string }>; nextCursor: string | null }>(t.call('list_tracking_plans', { limit: 3, cursor: first.nextCursor }));
    expect(second.plans.map((entry) => entry.id)).toEqual(['roast-origin', 'roast-origin-2']);
    expect(second.nextCursor).toBeNull();

    const bad = await t.call('create_tracking_plan', { name: 'x', vertical: 'nope' });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error.details?.issues?.[0]?.path).toBe('vertical');
  });

  it('refuses an invalid property schema, storing nothing', async () => {
    const bad = await t.call('create_tracking_plan', { name: 'Bad', events: [{ name: 'a', properties: { type: 'nonsense' } }] });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error.details?.issues?.[0]?.path).toBe('events[0].properties');
    const { plans } = await expectOk<{ plans: unknown[] }>(t.call('list_tracking_plans', {}));
    expect(plans).toEqual([]);
  });

  it('block refuses a bad single event naming the field and stores nothing; a good one is stored', async () => {
    await expectOk(t.call('create_tracking_plan', jobPlan('block')));
    const bad = await t.call('ingest_event', { event: 'job.completed', properties: { hours: -1 } });
    expect(bad.ok).toBe(false);
    if (!bad.ok) {
      expect(bad.error.code).toBe('INVALID_INPUT');
      expect(bad.error.message).toContain('job.completed');
      expect(bad.error.details?.issues?.map((issue) => issue.path).sort()).toEqual(['properties.hours', 'properties.jobId']);
    }
    expect(await stored('job.completed')).toHaveLength(0);
    await expectOk(t.call('ingest_event', { event: 'job.completed', properties: { jobId: 'j1', hours: 2 } }));
    expect(await stored('job.completed')).toHaveLength(1);
  });

  it('a batch with one bad event stores the rest and reports the bad one by index', async () => {
    await expectOk(t.call('create_tracking_plan', jobPlan('block')));
    const out = await expectOk<{ accepted: number; rejected: Array<{ index: number; event: string; issues: Array<{ path: string }> }> }>(
      t.call('ingest_event', {
        events: [
          { event: 'job.completed', properties: { jobId: 'a' } },
          { event: 'job.completed', properties: { jobId: 7 } },
          { event: 'other.thing' },
        ],
      }),
    );
    expect(out.accepted).toBe(2);
    expect(out.rejected).toEqual([{ index: 1, event: 'job.completed', code: 'INVALID_INPUT', message: expect.stringContaining('properties.jobId'), issues: [{ path: 'properties.jobId', message: 'must be string' }] }]);
    expect(await stored('job.completed')).toHaveLength(1);
    expect(await stored('other.thing')).toHaveLength(1);
  });

  it('warn stores the event with its violations; unplanned events are violations only when not allowed', async () => {
    await expectOk(t.call('create_tracking_plan', jobPlan('warn', { allowUnplannedEvents: false })));
    await expectOk(t.call('ingest_event', { event: 'job.completed', properties: { hours: 'two' } }));
    await expectOk(t.call('ingest_event', { event: 'stray.event' }));
    const [job] = await stored('job.completed');
    expect((job!.context as Record<string, unknown>).trackingPlans).toEqual([
      {
        planId: 'crew-plan',
        version: 1,
        violations: [
          { path: 'properties.jobId', message: 'is required by the tracking plan' },
          { path: 'properties.hours', message: 'must be number' },
        ],
      },
    ]);
    const [stray] = await stored('stray.event');
    expect((stray!.context as Record<string, unknown>).trackingPlans).toEqual([
      { planId: 'crew-plan', version: 1, violations: [{ path: 'event', message: "'stray.event' is not in tracking plan 'crew-plan'" }] },
    ]);
  });

  it('a plan scoped to a business checks only its events; Agent Analytics track honours block (single 4xx, batch per event)', async () => {
    await expectOk(t.call('create_project', { name: 'site' }));
    const { projects } = await expectOk<{ projects: Array<{ id: string; name: string }> }>(t.call('list_projects', {}));
    const site = projects.find((project) => project.name === 'site')!;
    await expectOk(
      t.call('create_tracking_plan', {
        name: 'Site plan',
        enforcement: 'block',
        businessId: site.id,
        events: [{ name: 'signup', properties: { type: 'object', properties: { plan: { enum: ['free', 'pro'] } }, required: ['plan'] } }],
      }),
    );
    await expectOk(t.call('ingest_event', { event: 'signup' })); // another business: not checked
    const single = await t.call('track_event', { project: 'site', event: 'signup', properties: { plan: 'gold' } });
    expect(single.ok).toBe(false);
    if (!single.ok) expect(single.error.details?.issues?.[0]).toEqual({ path: 'properties.plan', message: 'must be equal to one of the allowed values: one of ["free","pro"]' });
    const batch = await expectOk<{ count: number; rejected: Array<{ index: number }> }>(
      t.call('track_batch', { project: 'site', events: [{ event: 'signup', properties: { plan: 'pro' } }, { event: 'signup' }] }),
    );
    expect(batch.count).toBe(1);
    expect(batch.rejected.map((entry) => entry.index)).toEqual([1]);
    const { events } = await expectOk<{ events: unknown[] }>(t.call('query_events', { event: 'signup', businessId: site.id }));
    expect(events).toHaveLength(1);
  });

  it('updates write new immutable versions; the current one is enforced', async () => {
    await expectOk(t.call('create_tracking_plan', jobPlan('warn')));
    const v2 = await expectOk<{ version: number; enforcement: string; events: Array<{ name: string }> }>(
      t.call('update_tracking_plan', {
        id: 'crew-plan',
        enforcement: 'block',
        upsertEvents: [{ name: 'invoice.sent', properties: { type: 'object', required: ['amount'] } }],
      }),
    );
    expect(v2.version).toBe(2);
    expect(v2.events.map((event) => event.name)).toEqual(['invoice.sent', 'job.completed']);
    const refused = await t.call('ingest_event', { event: 'invoice.sent' });
    expect(refused.ok).toBe(false);
    const v3 = await expectOk<{ version: number }>(t.call('update_tracking_plan', { id: 'crew-plan', removeEvents: ['invoice.sent'] }));
    expect(v3.version).toBe(3);
    await expectOk(t.call('ingest_event', { event: 'invoice.sent' }));
    const v1 = await expectOk<{ version: number; currentVersion: number; enforcement: string; events: unknown[] }>(t.call('get_tracking_plan', { id: 'crew-plan', version: 1 }));
    expect(v1).toMatchObject({ version: 1, currentVersion: 3, enforcement: 'warn' });
    expect(v1.events).toHaveLength(1);
    const missing = await t.call('get_tracking_plan', { id: 'crew-plan', version: 9 });
    expect(missing.ok).toBe(false);
    if (!missing.ok) expect(missing.error.details?.issues?.[0]?.path).toBe('version');
  });

  it('keeps plans to their workspace', async () => {
    await expectOk(t.call('create_tracking_plan', jobPlan('block')));
    const other = await expectOk<{ workspace: { id: string }; apiKey: string }>(t.call('create_workspace', { name: 'other' }));
    const principal = await t.engine.authenticate({ apiKey: other.apiKey });
    const read = await t.call('get_tracking_plan', { id: 'crew-plan' }, principal);
    expect(read.ok).toBe(false);
    if (!read.ok) expect(read.error.code).toBe('NOT_FOUND');
    await expectOk(t.call('ingest_event', { event: 'job.completed' }, principal));
    const { plans } = await expectOk<{ plans: unknown[] }>(t.call('list_tracking_plans', {}, principal));
    expect(plans).toEqual([]);
  });
});
