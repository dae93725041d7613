// Calls Kumo's Lambda API with the AWS SDK for JavaScript v3 as a Lambda function calls AWS: no endpoint, region or
// credentials in the code. The SDK reads AWS_ENDPOINT_URL_LAMBDA, AWS_REGION and the AWS_* credentials from the
// environment, and sends X-Amzn-Trace-Id from _X_AMZN_TRACE_ID (its recursion detection).
const { LambdaClient, InvokeCommand, ListFunctionsCommand } = require('@aws-sdk/client-lambda');

const lambda = new LambdaClient({});

// Asks for what a function may not have from inside its sandbox: Lambda's control plane and Kumo's native API.
async function controlPlane() {
  let listFunctions;
  try {
    const listed = await lambda.send(new ListFunctionsCommand({}));
    listFunctions = { ok: true, count: listed.Functions.length };
  } catch (e) {
    listFunctions = { ok: false, name: e.name, status: e.$metadata?.httpStatusCode ?? null, message: e.message };
  }
  const native = await fetch(`${process.env.AWS_ENDPOINT_URL_LAMBDA}/_kumo/v1/functions`);
  return { listFunctions, native: { status: native.status, body: await native.json() } };
}

exports.handler = async (event) => {
  if (event.controlPlane) {
    return controlPlane();
  }

  const answer = await lambda.send(new InvokeCommand({
    FunctionName: event.function,
    Payload: Buffer.from(JSON.stringify(event.payload)),
  }));
  return {
    status: answer.StatusCode,
    functionError: answer.FunctionError ?? null,
    result: JSON.parse(Buffer.from(answer.Payload).toString()),
    traceId: process.env._X_AMZN_TRACE_ID ?? null,
  };
};
