// Invokes one function COUNT times at once (Promise.all) with the AWS SDK for JavaScript and prints one JSON
// line: the wall time of the whole burst and each call's outcome.
//   KUMO_ENDPOINT=http://127.0.0.1:7070 node invoke-many.mjs FUNCTION COUNT [PAYLOAD-JSON]
import { InvokeCommand } from "@aws-sdk/client-lambda";
import { makeClient, describeOutput, describeError } from "./client.mjs";

const [functionName, countText, payload = "{}"] = process.argv.slice(2);
const count = Number(countText);
if (!functionName || !Number.isInteger(count) || count < 1) {
  console.error("usage: node invoke-many.mjs FUNCTION COUNT [PAYLOAD-JSON]");
  process.exit(2);
}

const client = makeClient();
const body = new TextEncoder().encode(payload);
const started = performance.now();
const results = await Promise.all(
  Array.from({ length: count }, () =>
    client.send(new InvokeCommand({ FunctionName: functionName, Payload: body })).then(describeOutput, describeError)),
);
const elapsedMs = performance.now() - started;
console.log(JSON.stringify({ elapsedMs, results }));
client.destroy();
