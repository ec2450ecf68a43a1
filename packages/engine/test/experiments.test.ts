import { describe, expect, it } from 'vitest';
import { expectOk, useFileEngine } from './support.js';

const NOW = Date.UTC(2026, 6, 1, 12);
const MIN = 60_000;
const file = useFileEngine('experiments', { clock: () => NOW });

type Results = { results: { variants: Array<{ variant: string; exposures: number; conversions: number }> } };
const tally = (output: Results) => output.results.variants.map((row) => [row.variant, row.exposures, row.conversions]);

async function seed(): Promise<string> {
  const t = file.current();
  await expectOk(t.call('create_project', { name: 'site' }));
  const { id } = await expectOk<{ id: string }>(t.call('create_experiment', { project: 'site', name: 'cta', variants: ['control', 'bold'], goal_event: 'signup' }));
  const exposure = (variant: string | boolean, at: number, who: Record<string, string>, tag = 'cta') => ({
    event: '$experiment_exposure', ...who, properties: { experiment: tag, variant }, timestamp: NOW - at * MIN,
  });
  const goal = (at: number, who: Record<string, string>) => ({ event: 'signup', ...who, timestamp: NOW - at * MIN });
  await expectOk(
    t.call('track_batch', {
      project: 'site',
      events: [
        // u1: control first (by name), bold later (by id): control counts; converts after the first exposure
        exposure('control', 50, { user_id: 'u1' }), exposure('bold', 40, { user_id: 'u1' }, id), goal(30, { user_id: 'u1' }),
        // u2: bold, converted only before the exposure
        goal(60, { user_id: 'u2' }), exposure('bold', 50, { user_id: 'u2' }),
        // u3: bold, converts
        exposure('bold', 50, { user_id: 'u3' }), goal(10, { user_id: 'u3' }),
        // anonymous visitors known by their session: one converts in the same session, one in another
        exposure('bold', 50, { session_id: 's1' }), goal(20, { session_id: 's1' }),
        exposure('control', 50, { session_id: 's2' }), goal(20, { session_id: 's3' }),
        // a variant that is not a string is read as SQLite reads it; an untagged goal by nobody exposed
        exposure(true, 50, { user_id: 'u4' }), goal(5, { user_id: 'never-exposed' }),
      ],
    }),
  );
  return id;
}

describe('experiment results', () => {
  it('count each user once, at their first exposure, and conversions after it', async () => {
    const t = file.current();
    const id = await seed();
    expect(tally(await expectOk<Results>(t.call('get_experiment', { id })))).toEqual([
      ['control', 2, 1],
      ['bold', 3, 2],
    ]);
  });

  it('are the same when the exposures are rebuilt from the stored events (a database from before they were kept)', async () => {
    let t = file.current();
    const id = await seed();
    // u3 is exposed to the same tag again: results do not change, the latest exposure does.
    await expectOk(t.call('track_batch', { project: 'site', events: [{ event: '$experiment_exposure', user_id: 'u3', properties: { experiment: 'cta', variant: 'control' }, timestamp: NOW - 5 * MIN }] }));
    const before = tally(await expectOk<Results>(t.call('get_experiment', { id })));
    const store = t.engine.services.store;
    await store.batch([
      { sql: 'DROP TABLE aa_exposures', args: [] },
      { sql: 'DELETE FROM schema_migrations WHERE version IN (12, 13)', args: [] },
    ]);
    t = await file.reopen();
    const rebuilt = await t.engine.services.store.execute("SELECT count(*) AS n, sum(variant = '1') AS truthy FROM aa_exposures");
    expect(rebuilt.rows[0]).toMatchObject({ n: 7, truthy: 1 });
    const u3 = await t.engine.services.store.execute("SELECT variant, first_seen, last_seen FROM aa_exposures WHERE user_key = 'u3'");
    expect(u3.rows.map((row) => ({ ...row }))).toEqual([{ variant: 'bold', first_seen: NOW - 50 * MIN, last_seen: NOW - 5 * MIN }]);
    expect(tally(await expectOk<Results>(t.call('get_experiment', { id })))).toEqual(before);
  });
});
