// The bare baseline over HTTP: the same handler behind Node's own http module, one process per worker
// (node:cluster, sharing the port) when a worker count above 1 is given. Prints "listening PORT" when ready.
// Usage: node server.mjs FUNCTION_DIR [WORKERS]
import cluster from 'node:cluster';
import http from 'node:http';
import path from 'node:path';
import { createRequire } from 'node:module';

const workers = Number(process.argv[3] ?? 1);
if (workers > 1 && cluster.isPrimary) {
  let ready = 0;
  for (let i = 0; i < workers; i++) {
    cluster.fork().on('listening', (address) => {
      if (++ready === workers) console.log(`listening ${address.port}`);
    });
  }
} else {
  const { handler } = createRequire(import.meta.url)(path.resolve(process.argv[2], 'index.js'));
  const server = http.createServer((request, response) => {
    const chunks = [];
    request.on('data', (chunk) => chunks.push(chunk));
    request.on('end', async () => {
      const body = Buffer.concat(chunks).toString();
      const result = await handler(body.length > 0 ? JSON.parse(body) : {}, undefined);
      const text = JSON.stringify(result);
      response.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
      response.end(text);
    });
  });
  server.keepAliveTimeout = 60_000;
  server.listen(0, '127.0.0.1', () => {
    if (!cluster.isWorker) console.log(`listening ${server.address().port}`);
  });
}
