// Proof trail figures (issue 16): a 10,000-item packet — the pure build (RFC 8785 canonicalization, RFC 9162 tree and
// every audit path, DSSE Ed25519 signature), export_proof_trail of 10,000 stored events in-process (reads, build,
// sign, store), and the offline verify (every leaf, every inclusion proof, the root, the signature) in-process and as
// `ha proof-verify packet.json` (a whole CLI run, startup included). `node bench/proofs.mjs [--quick]` or `npm run bench -- proofs`.
import { spawnSync } from 'node:child_process';
import { generateKeyPairSync, sign } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Engine } from '@headlessanalytics/engine';
import { percentile, printTable, root, round, tempDatabaseUrl } from './lib.mjs';

const quick = process.argv.includes('--quick');
const ITEMS = 10_000;
const RUNS = quick ? 3 : 7;
const NOW = Date.UTC(2026, 3, 15, 12);

const { buildPacket } = await import(new URL('../packages/engine/dist/domain/proofs/packet.js', import.meta.url).href);
const { verifyPacket } = await import(new URL('../packages/engine/dist/domain/proofs/verify.js', import.meta.url).href);
const { jwkThumbprint } = await import(new URL('../packages/engine/dist/domain/signing/signing.js', import.meta.url).href);

const median = (values) => percentile(values, 50);
async function timed(runs, work) {
  const times = [];
  let last;
  for (let run = 0; run < runs; run += 1) {
    const started = performance.now();
    last = await work(run);
    times.push(performance.now() - started);
  }
  return { ms: median(times), last };
}

function items() {
  return Array.from({ length: ITEMS }, (_, index) => ({
    type: 'event',
    ref: `evt_${index}`,
    data: { id: `evt_${index}`, event: 'order.created', actor: { type: 'customer', id: `c${index % 977}` }, properties: { orderId: `o${index}`, revenue: 20 + (index % 50), currency: 'USD' }, timestamp: NOW - index * 1000 },
  }));
}

async function pureBuild() {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const { x } = publicKey.export({ format: 'jwk' });
  const keyId = jwkThumbprint(x);
  const key = { keyId, publicKeyPem: publicKey.export({ format: 'pem', type: 'spki' }).toString(), publicKeyJwk: { kty: 'OKP', crv: 'Ed25519', x, kid: keyId } };
  const input = items();
  return timed(RUNS, () => buildPacket({ id: 'prf_bench', workspaceId: 'ws', title: 'bench', createdAt: NOW, items: input, key, sign: (data) => sign(null, data, privateKey).toString('base64url') }));
}

async function throughEngine() {
  const engine = await Engine.open({ databaseUrl: tempDatabaseUrl('proofs'), clock: () => NOW });
  try {
    const { apiKey } = await engine.bootstrap();
    const principal = await engine.authenticate({ apiKey });
    const call = async (name, input, options = {}) => {
      const result = await engine.invoke(name, input, { principal, surface: 'internal', ...options });
      if (!result.ok) throw new Error(JSON.stringify(result.error.toJSON()));
      return result.output;
    };
    const ids = [];
    for (let start = 0; start < ITEMS; start += 1000) {
      const events = items().slice(start, start + 1000).map(({ data }) => ({ event: data.event, actor: `${data.actor.type}:${data.actor.id}`, properties: data.properties, timestamp: data.timestamp }));
      ids.push(...(await call('ingest_event', { events, returnIds: true })).ids);
    }
    const exported = await timed(RUNS, () => call('export_proof_trail', { title: 'Campaign scale proof', eventIds: ids }));
    const read = await timed(RUNS, () => call('get_proof_trail_packet', { id: exported.last.trail.id }, { wholeAnswer: true }));
    return { exportMs: exported.ms, getMs: read.ms, packet: read.last };
  } finally {
    await engine.close();
  }
}

export async function runProofs() {
  const built = await pureBuild();
  const verifiedPure = await timed(RUNS, () => verifyPacket(built.last));
  if (!verifiedPure.last.valid) throw new Error('bench packet does not verify');
  const engine = await throughEngine();
  const verifiedStored = await timed(RUNS, () => verifyPacket(engine.packet));
  if (!verifiedStored.last.valid) throw new Error('stored packet does not verify');

  const dir = mkdtempSync(join(tmpdir(), 'ha-bench-proofs-'));
  const file = join(dir, 'packet.json');
  const json = JSON.stringify(engine.packet);
  writeFileSync(file, json);
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('HA_')));
  const cli = await timed(quick ? 2 : 3, () => {
    const run = spawnSync(process.execPath, [join(root, 'packages/cli/dist/bin.js'), 'proof-verify', file], { env, encoding: 'utf8' });
    if (run.status !== 0) throw new Error(`ha proof-verify failed: ${run.stderr}`);
  });
  rmSync(dir, { recursive: true, force: true });

  printTable(`Proof trails (${ITEMS.toLocaleString('en-US')}-item packet, median of ${RUNS})`, [
    { figure: 'packet size (JSON)', measured: `${round(Buffer.byteLength(json) / 2 ** 20, 1)} MiB`, ratio: `${engine.packet.items[0].auditPath.length} hashes in a full audit path` },
    { figure: 'build (canonicalize, leaves, tree + every audit path, DSSE sign), pure', measured: `${round(built.ms)} ms` },
    { figure: `export_proof_trail of ${ITEMS.toLocaleString('en-US')} stored events (read, build, sign, store)`, measured: `${round(engine.exportMs)} ms` },
    { figure: 'get_proof_trail_packet (whole packet)', measured: `${round(engine.getMs)} ms` },
    { figure: 'offline verify in-process (every leaf, inclusion proof, root, signature)', measured: `${round(verifiedStored.ms)} ms`, ratio: `pure-built packet: ${round(verifiedPure.ms)} ms` },
    { figure: 'ha proof-verify packet.json (whole CLI run, no server, no database)', measured: `${round(cli.ms)} ms` },
  ]);
}

if (import.meta.url === `file://${process.argv[1]}`) await runProofs();
