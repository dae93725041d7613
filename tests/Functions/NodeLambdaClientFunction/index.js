// Calls Kumo's Lambda API with the AWS SDK for JavaScript v3 as a Lambda function calls AWS: no endpoint, region or
// credentials in the code. The SDK reads AWS_ENDPOINT_URL_LAMBDA, AWS_REGION and the AWS_* credentials from the
// environment, and sends X-Amzn-Trace-Id from _X_AMZN_TRACE_ID (its recursion detection).
const { LambdaClient, InvokeCommand } = require('@aws-sdk/client-lambda');

const lambda = new LambdaClient({});

exports.handler = async (event) => {
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
