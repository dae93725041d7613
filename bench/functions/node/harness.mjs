// The bare baseline: the same handler in a plain process, events in on stdin and results out on stdout.
import { createRequire } from 'node:module';
import readline from 'node:readline';
import path from 'node:path';

const require = createRequire(import.meta.url);
const { handler } = require(path.resolve(process.argv[2], 'index.js'));
for await (const line of readline.createInterface({ input: process.stdin })) {
  process.stdout.write(JSON.stringify(await handler(JSON.parse(line), undefined)) + '\n');
}
