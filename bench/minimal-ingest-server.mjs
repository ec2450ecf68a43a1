// A second ceiling for single-event ingest: the least a durable server can do. node:http, JSON.parse, and
// each event-loop turn's pending events committed as one multi-row INSERT (WAL, synchronous=FULL) before
// the 202. No auth, validation, ids, rollups or metering.
import { createServer } from 'node:http';
import { createClient } from '@libsql/client';

const db = createClient({ url: process.env.DATABASE_URL });
await db.execute('PRAGMA journal_mode = WAL');
await db.execute('PRAGMA synchronous = FULL');
await db.execute('CREATE TABLE IF NOT EXISTS events (seq INTEGER PRIMARY KEY, ts INTEGER NOT NULL, body TEXT NOT NULL)');

let pending = [];
let scheduled = false;
async function flush() {
  scheduled = false;
  const batch = pending;
  pending = [];
  const statements = [];
  for (let start = 0; start < batch.length; start += 200) {
    const chunk = batch.slice(start, start + 200);
    statements.push({ sql: `INSERT INTO events (ts, body) VALUES ${chunk.map(() => '(?, ?)').join(',')}`, args: chunk.flatMap((item) => [item.ts, item.body]) });
  }
  try {
    await db.batch(statements, 'write');
    for (const item of batch) item.done(202);
  } catch {
    for (const item of batch) item.done(500);
  }
}

createServer((request, response) => {
  const chunks = [];
  request.on('data', (chunk) => chunks.push(chunk));
  request.on('end', () => {
    if (request.url === '/api/health') return void response.end('{"ok":true}');
    let event;
    try {
      event = JSON.parse(Buffer.concat(chunks).toString());
    } catch {
      response.writeHead(400).end();
      return;
    }
    pending.push({
      ts: Date.now(),
      body: JSON.stringify(event),
      done: (status) => response.writeHead(status, { 'content-type': 'application/json' }).end('{"accepted":1}'),
    });
    if (!scheduled) (scheduled = true), setImmediate(flush);
  });
}).listen(Number(process.env.PORT), '127.0.0.1');
