// The ceiling for single-event ingest: a node:http server that reads the body and answers, doing no work.
import { createServer } from 'node:http';

const port = Number(process.env.PORT);
createServer((request, response) => {
  const chunks = [];
  request.on('data', (chunk) => chunks.push(chunk));
  request.on('end', () => {
    response.writeHead(request.url === '/api/health' ? 200 : 202, { 'content-type': 'application/json' });
    response.end('{"ok":true}');
  });
}).listen(port, '127.0.0.1');
