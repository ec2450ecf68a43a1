// The overview's end-to-end flow, command for command through the `ha` CLI against a running API: the growth agent
// provisions the tracking plan, creates the bag's QR code, records a scan and an order, reads agent context and
// GraphQL, creates a decision, enforces the spend through governance, exports a proof packet, verifies it offline
// and exports the events to a destination. Each step's ids go to the next; every outcome is asserted.
// Run: `npm run example -- coffee-bag-cli` (a local API on an in-memory database unless HA_API_URL/HA_API_KEY are set).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createServer } from 'node:http';
import { openApi } from '../local-api.mjs';

const HA = join(dirname(createRequire(import.meta.url).resolve('@headlessanalytics/cli/package.json')), 'dist/bin.js');
const scratch = mkdtempSync(join(tmpdir(), 'coffee-bag-cli-'));

// A stand-in for BigQuery's tabledata.insertAll on this machine (the documented request and response), so the
// spec's `ha destination-export bigquery ...` runs verbatim; the local API is told to send there and to allow it.
const inserted = [];
const bigquery = createServer((request, response) => {
  let body = '';
  request.on('data', (chunk) => (body += chunk));
  request.on('end', () => {
    const match = /^\/bigquery\/v2\/projects\/([^/]+)\/datasets\/([^/]+)\/tables\/([^/]+)\/insertAll$/.exec(new URL(request.url ?? '/', 'http://peer').pathname);
    if (request.method !== 'POST' || !match) return response.writeHead(404).end();
    inserted.push(...JSON.parse(body).rows.map((row) => ({ table: match.slice(1).join('.'), ...row })));
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ kind: 'bigquery#tableDataInsertAllResponse' }));
  });
});
await new Promise((resolve) => bigquery.listen(0, '127.0.0.1', resolve));
if (!process.env.HA_API_URL) {
  process.env.HA_EXPORT_BIGQUERY_ENDPOINT = `http://127.0.0.1:${bigquery.address().port}`;
  process.env.HA_OUTBOUND_ALLOW = '127.0.0.1';
}
const api = await openApi();
const env = { ...process.env, HA_API_URL: api.url, HA_API_KEY: api.apiKey };

/** Runs `ha <args>` (the local API answers in this process meanwhile): its exit code, stdout and stderr. */
function run(...args) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [HA, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

/** Runs `ha <args>` and answers its JSON; fails the example with the command's error if it failed. */
async function ha(...args) {
  const result = await run(...args);
  const shown = `ha ${args.map((arg) => (/^[\w./:-]+$/.test(arg) ? arg : `'${arg}'`)).join(' ')}`;
  if (result.status !== 0) throw new Error(`${shown} exited ${result.status}: ${result.stderr}`);
  console.log(`$ ${shown}`);
  return JSON.parse(result.stdout);
}

try {
  const plan = await ha('tracking-plan-create', '{"name":"Roast & Origin","vertical":"dtc_commerce_ops"}');
  assert.equal(plan.id, 'roast-origin');
  console.log(`  plan ${plan.id}, ${plan.events.length} events, enforcement ${plan.enforcement}`);

  const bag = await ha('create-trackable', 'qr_code', 'Ethiopia Single-Origin Bag', 'https://roastandorigin.com/ethiopia');
  assert.equal(bag.id, 'ethiopia-bag-001');
  console.log(`  trackable ${bag.id}, scan link ${bag.scanUrl}`);

  const scan = await ha('use', bag.id, 'qr_scan', '{"sku":"ETH-250G","lot":"L2026-04","campaign":"spring-launch"}');
  assert.equal(scan.recorded, true);
  console.log(`  scan event ${scan.eventId} (${scan.event})`);
  const order = await ha('track', 'order.created', '{"revenue":22,"source":"bag_qr","campaign":"spring-launch"}');
  assert.equal(order.accepted, 1);
  console.log(`  order event ${order.ids[0]}`);

  const context = await ha('agent-context', 'recommend_next_actions', '{"businessId":"default","limit":250}');
  assert.deepEqual(context.nextActions.map((action) => action.rank), context.nextActions.map((_action, index) => index + 1));
  if (context.nextActions.length === 0) console.log(`  no next action yet: ${context.summary.join(' ')}`);
  for (const action of context.nextActions) console.log(`  ${action.rank}. ${action.action}${action.consequential ? ' (consequential)' : ''}: ${action.reason}`);

  const graph = await ha('graphql', 'query Ops { businessHealth { healthScore revenue nextActions } attribution { bySource byCampaign } }');
  assert.equal(graph.errors, undefined);
  assert.equal(graph.data.businessHealth.revenue, 22);
  // The order carries its own source and campaign (and no actor): it is its own one-touch path, not `direct`.
  assert.deepEqual(graph.data.attribution.bySource.map((row) => [row.value, row.revenue]), [['bag_qr', 22]]);
  assert.deepEqual(graph.data.attribution.byCampaign.map((row) => [row.value, row.revenue]), [['spring-launch', 22]]);
  console.log(`  healthScore ${graph.data.businessHealth.healthScore}, revenue ${graph.data.businessHealth.revenue}, sources ${graph.data.attribution.bySource.map((row) => row.value).join(', ')}`);

  // The spend the agent may approve on its own: campaign actions up to 1,000 USD a day.
  const grant = await ha('grant-create', '{"name":"Ad spend","actions":["campaign.*"],"currency":"USD","caps":[{"maxAmount":1000,"period":"day"}]}');
  const decision = await ha('decision-create', 'campaign.scale', '{"status":"approved","risk":"medium"}');
  assert.equal(decision.status, 'approved');
  console.log(`  decision ${decision.id} (${decision.action}, ${decision.status}), grant ${grant.id}`);

  const enforced = await ha('enforce', '{"action":"campaign.scale","amount":500,"currency":"USD"}', JSON.stringify({ decisionObjectId: decision.id }));
  assert.equal(enforced.outcome, 'allow');
  assert.equal(enforced.decisionStatus, 'executed');
  console.log(`  enforce: ${enforced.outcome}, receipt ${enforced.receipt.id}, chained to ${enforced.receipt.prevHash ?? 'nothing (first)'}`);

  // A second 600 USD the same day would pass the 1,000 cap: the same rules deny it.
  const second = await ha('decision-create', 'campaign.scale', '{"status":"approved","risk":"medium"}');
  const over = await ha('enforce', '{"action":"campaign.scale","amount":600,"currency":"USD"}', JSON.stringify({ decisionObjectId: second.id }));
  assert.notEqual(over.outcome, 'allow');
  console.log(`  enforce 600 more: ${over.outcome} (${over.reasons.map((reason) => reason.code).join(', ')})`);

  const proof = await ha('proof-export', JSON.stringify({ title: 'Campaign scale proof', receiptIds: [enforced.receipt.id] }));
  console.log(`  proof trail ${proof.trail.id}, root ${proof.trail.rootHash}, ${proof.treeSize} items`);
  const packet = await ha('proof-packet', proof.trail.id);
  const file = join(scratch, 'packet.json');
  writeFileSync(file, JSON.stringify(packet, null, 2));
  const verified = await ha('proof-verify', file);
  assert.equal(verified.valid, true);
  console.log(`  proof-verify ${file.split('/').pop()}: valid (offline)`);
  const tampered = JSON.parse(readFileSync(file, 'utf8'));
  // The receipt's outcome, changed by one letter in the packet's canonical item.
  tampered.items[0].canonical = tampered.items[0].canonical.replace('"outcome":"allow"', '"outcome":"alloW"');
  writeFileSync(file, JSON.stringify(tampered));
  const refused = await run('proof-verify', file);
  assert.notEqual(refused.status, 0);
  console.log(`  proof-verify of a changed packet: exit ${refused.status}, ${JSON.parse(refused.stdout || '{}').failures?.[0]?.message ?? refused.stderr.trim()}`);

  const exported = await ha('destination-export', 'bigquery', '{"limit":500,"config":{"projectId":"analytics-prod","datasetId":"ha","tableId":"events"}}');
  assert.equal(exported.status, 'completed');
  if (api.local) assert.equal(inserted.length, exported.exported);
  console.log(`  destination-export bigquery: ${exported.status}, ${exported.exported} events in ${exported.batches} batch(es)${api.local ? `, ${inserted.length} rows arrived at analytics-prod.ha.events` : ''}`);
} finally {
  rmSync(scratch, { recursive: true, force: true });
  bigquery.close();
  await api.stop();
}
