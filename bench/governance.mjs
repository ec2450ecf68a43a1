// Governance figures (issue 16): enforce_action latency (p50/p99) and calls/s on an embedded file database, each call
// appending its hash-chained receipt (and executing its decision, adding to the cap's running total) in one write
// transaction that has committed before the answer. The floor is one fsync'd commit on the same file system, measured
// here too (a one-row transaction under synchronous=FULL), so a loaded machine's figure can be read against it. One workspace, one AuthorityGrant with a day cap and a ContextContract requiring context and a
// software_local attestation (an Ed25519 signature per call). `node bench/governance.mjs [--quick]` or `npm run bench -- governance`.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Engine } from '@headlessanalytics/engine';
import Database from 'libsql';
import { percentile, printTable, round, tempDatabaseUrl } from './lib.mjs';

const quick = process.argv.includes('--quick');
const CALLS = quick ? 1_000 : 5_000;
const WARMUP = 200;
const NOW = Date.UTC(2026, 3, 15, 12);

/** p50 of a one-row write transaction with the receipt's durability (WAL, synchronous=FULL): the floor of one enforce. */
function durableCommitP50(count) {
  const db = new Database(join(mkdtempSync(join(tmpdir(), 'ha-bench-fsync-')), 'commit.db'));
  db.exec('PRAGMA journal_mode = WAL');
  db.exec('PRAGMA synchronous = FULL');
  db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, body TEXT)');
  const insert = db.prepare('INSERT INTO t (body) VALUES (?)');
  const latencies = [];
  for (let index = 0; index < count; index++) {
    const begin = performance.now();
    db.exec('BEGIN IMMEDIATE');
    insert.run(['x'.repeat(1500)]);
    db.exec('COMMIT');
    latencies.push(performance.now() - begin);
  }
  db.close();
  return percentile(latencies, 50);
}

export async function runGovernance() {
  const engine = await Engine.open({ databaseUrl: tempDatabaseUrl('governance'), rateLimitPerMinute: 0, clock: () => NOW });
  const { workspace } = await engine.bootstrap();
  const principal = engine.localPrincipal(workspace.id);
  const call = async (name, input) => {
    const result = await engine.invoke(name, input, { principal, surface: 'internal' });
    if (!result.ok) throw new Error(`${name}: ${JSON.stringify(result.error.toJSON())}`);
    return result.output;
  };
  try {
    const grant = await call('create_authority_grant', { actions: ['campaign.*'], currency: 'USD', caps: [{ maxAmount: 1e12, period: 'day' }, { maxAmount: 1000, period: 'call' }] });
    const contract = await call('create_context_contract', {
      actions: ['campaign.*'],
      required: [{ field: 'healthScore', op: 'gte', value: 60 }],
      requiresAttestation: true,
      compliance: [{ pack: 'soc2', controls: ['CC8.1'] }],
    });
    const decisions = [];
    for (let index = 0; index < WARMUP + CALLS * 2; index++) {
      decisions.push((await call('create_decision_object', { action: 'campaign.scale', status: 'approved', amount: 50, currency: 'USD', evidence: [{ snapshot: index }] })).id);
    }
    let next = 0;
    const enforce = () =>
      call('enforce_action', {
        decisionObjectId: decisions[next++],
        authorityGrantId: grant.id,
        contextContractId: contract.id,
        proposedAction: { action: 'campaign.scale', amount: 50, currency: 'USD' },
        context: { healthScore: 80 },
        attestation: { provider: 'software_local' },
      });
    for (let index = 0; index < WARMUP; index++) await enforce();
    // One at a time: latency of a call whose receipt is durable before it answers.
    const latencies = [];
    let started = performance.now();
    for (let index = 0; index < CALLS; index++) {
      const begin = performance.now();
      const result = await enforce();
      latencies.push(performance.now() - begin);
      if (result.outcome !== 'allow') throw new Error(`unexpected ${result.outcome}`);
    }
    const serialSeconds = (performance.now() - started) / 1000;
    // 16 callers at once (enforcements of a workspace are serialized, so this is the chain's throughput).
    started = performance.now();
    let remaining = CALLS;
    await Promise.all(Array.from({ length: 16 }, async () => {
      while (remaining-- > 0) await enforce();
    }));
    const parallelSeconds = (performance.now() - started) / 1000;
    const verifyStart = performance.now();
    const verdict = await call('verify_enforcement_receipts', {});
    const verifyMs = performance.now() - verifyStart;
    if (!verdict.valid) throw new Error('chain does not verify');
    const p50 = percentile(latencies, 50);
    const floor = durableCommitP50(quick ? 300 : 1000);
    printTable(`Governance: enforce_action on an embedded file database (${CALLS} calls, receipt durable before the answer)`, [
      { figure: 'enforce p50', measured: `${round(p50, 3)} ms`, ceiling: '≤ 2 ms', ratio: round(p50 / 2, 2) },
      { figure: 'enforce p99', measured: `${round(percentile(latencies, 99), 3)} ms` },
      { figure: 'one durable commit alone (the floor), p50', measured: `${round(floor, 3)} ms` },
      { figure: 'enforce calls/s, one caller', measured: `${Math.round(CALLS / serialSeconds)}` },
      { figure: 'enforce calls/s, 16 callers', measured: `${Math.round(CALLS / parallelSeconds)}` },
      { figure: `verify_enforcement_receipts over ${verdict.checked} receipts`, measured: `${round(verifyMs, 1)} ms` },
    ]);
  } finally {
    await engine.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await runGovernance();
