// Calls InvokeWithResponseStream with the AWS SDK for JavaScript and prints what arrived as one JSON line:
//   KUMO_ENDPOINT=http://127.0.0.1:7070 node invoke-stream.mjs FUNCTION [PAYLOAD-JSON] [SIGNAL-KEY] [INVOCATION-TYPE]
// Prints {"ok":true,"status":200,"chunks":["…",…],"complete":{…},…} or {"ok":false,"error":{…}}; exits 0 either
// way. With SIGNAL-KEY, once the first PayloadChunk has arrived the script puts an empty object of that key
// ("bucket/key") into Kumo's S3, unsigned on the s3.localhost host: a function that waits for it proves that
// its first chunk reached the client before it ended.
import http from "node:http";
import { InvokeWithResponseStreamCommand } from "@aws-sdk/client-lambda";
import { makeClient, describeError } from "./client.mjs";

const [functionName, payload = "{}", signalKey = "", invocationType = "RequestResponse"] = process.argv.slice(2);
if (!functionName) {
  console.error("usage: node invoke-stream.mjs FUNCTION [PAYLOAD-JSON] [SIGNAL-KEY] [INVOCATION-TYPE]");
  process.exit(2);
}

function signal(key) {
  const endpoint = new URL(process.env.KUMO_ENDPOINT);
  return new Promise((resolve, reject) => {
    const request = http.request(
      { host: endpoint.hostname, port: endpoint.port, method: "PUT", path: `/${key}`, headers: { host: "s3.localhost", "content-length": 0 } },
      (response) => {
        response.resume();
        response.on("end", () => (response.statusCode === 200 ? resolve() : reject(new Error(`signal PUT answered ${response.statusCode}`))));
      });
    request.on("error", reject);
    request.end();
  });
}

const client = makeClient();
let result;
try {
  const output = await client.send(new InvokeWithResponseStreamCommand({
    FunctionName: functionName,
    Payload: new TextEncoder().encode(payload),
    InvocationType: invocationType,
    LogType: "Tail",
  }));
  const chunks = [];
  const others = [];
  let complete = null;
  for await (const event of output.EventStream ?? []) {
    if (event.PayloadChunk) {
      chunks.push(new TextDecoder().decode(event.PayloadChunk.Payload));
      if (chunks.length === 1 && signalKey) await signal(signalKey);
    } else if (event.InvokeComplete) {
      complete = event.InvokeComplete;
    } else {
      others.push(Object.keys(event).join(","));
    }
  }
  result = {
    ok: true,
    status: output.$metadata.httpStatusCode,
    executedVersion: output.ExecutedVersion ?? null,
    contentType: output.ResponseStreamContentType ?? null,
    chunks,
    complete,
    others,
  };
} catch (error) {
  result = describeError(error);
}
console.log(JSON.stringify(result));
client.destroy();
