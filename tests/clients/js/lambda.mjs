// Calls one Lambda API operation with the AWS SDK for JavaScript and prints the outcome as one JSON line.
//   KUMO_ENDPOINT=http://127.0.0.1:7070 node lambda.mjs GetFunction '{"FunctionName":"f"}'
//   node lambda.mjs wait:FunctionActiveV2 '{"FunctionName":"f"}'   (the SDK's waiters: waitUntil…)
// Prints {"ok":true,"status":200,"output":{…}} or {"ok":false,"status":404,"error":{"name":…}}; exits 0
// either way (a failed call is a result for the test to look at), 2 on a usage error.
import * as lambda from "@aws-sdk/client-lambda";
import { makeClient, prepareInput, describeOutput, describeError } from "./client.mjs";

const [operation, inputJson = "{}"] = process.argv.slice(2);
if (!operation) {
  console.error("usage: node lambda.mjs OPERATION [INPUT-JSON]");
  process.exit(2);
}

const client = makeClient();
const input = prepareInput(JSON.parse(inputJson));
let result;
try {
  if (operation.startsWith("wait:")) {
    const waiter = lambda[`waitUntil${operation.slice("wait:".length)}`];
    if (typeof waiter !== "function") {
      console.error(`no waiter named ${operation}`);
      process.exit(2);
    }
    const outcome = await waiter({ client, minDelay: 1, maxDelay: 2, maxWaitTime: 60 }, input);
    result = { ok: outcome.state === "SUCCESS", status: null, output: { state: outcome.state, reason: String(outcome.reason ?? "") } };
  } else {
    const Command = lambda[`${operation}Command`];
    if (typeof Command !== "function") {
      console.error(`no operation named ${operation}`);
      process.exit(2);
    }
    result = describeOutput(await client.send(new Command(input)));
  }
} catch (error) {
  result = describeError(error);
}
console.log(JSON.stringify(result));
client.destroy();
