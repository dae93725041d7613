// The Lambda client the test scripts share: endpoint from KUMO_ENDPOINT, region and test credentials from
// the usual AWS_* variables, no retries (a throttled call must surface, not be retried away), and enough
// sockets for every call of a burst to be in flight at once.
import http from "node:http";
import { readFileSync } from "node:fs";
import * as lambda from "@aws-sdk/client-lambda";

export function makeClient() {
  const endpoint = process.env.KUMO_ENDPOINT;
  if (!endpoint) {
    throw new Error("set KUMO_ENDPOINT to the Kumo server's URL, e.g. http://127.0.0.1:7070");
  }
  return new lambda.LambdaClient({
    endpoint,
    region: process.env.AWS_DEFAULT_REGION ?? "us-east-1",
    maxAttempts: 1,
    requestHandler: { httpAgent: new http.Agent({ keepAlive: true, maxSockets: 256 }) },
  });
}

// Values written "fileb://PATH" are replaced by the file's bytes, as the aws CLI does; a Payload given as a
// string is sent as its UTF-8 bytes.
export function prepareInput(input) {
  const prepared = {};
  for (const [key, value] of Object.entries(input)) {
    if (typeof value === "string" && value.startsWith("fileb://")) {
      prepared[key] = readFileSync(value.slice("fileb://".length));
    } else if (key === "Payload" && typeof value === "string") {
      prepared[key] = new TextEncoder().encode(value);
    } else if (value && typeof value === "object" && !Array.isArray(value)) {
      prepared[key] = prepareInput(value);
    } else {
      prepared[key] = value;
    }
  }
  return prepared;
}

// An answer as plain JSON, with an Invoke's Payload as text.
export function describeOutput(output) {
  const { $metadata, ...rest } = output;
  if (rest.Payload instanceof Uint8Array) {
    rest.Payload = new TextDecoder().decode(rest.Payload);
  }
  return { ok: true, status: $metadata?.httpStatusCode ?? null, output: rest };
}

// An error as the SDK parsed it: its name is the exception type the SDK chose, and "modeled" says whether it
// is an instance of the SDK's class of that name (as `catch (e) { if (e instanceof ResourceNotFoundException)`).
export function describeError(error) {
  return {
    ok: false,
    status: error.$metadata?.httpStatusCode ?? null,
    error: {
      name: error.name,
      message: error.message,
      fault: error.$fault ?? null,
      reason: error.Reason ?? null,
      type: error.Type ?? null,
      modeled: typeof lambda[error.name] === "function" && error instanceof lambda[error.name],
    },
  };
}
