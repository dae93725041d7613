// A Node.js function for the Lambda API tests. What it returns makes every change observable: the event's
// message, the GREETING variable (update-function-configuration) and the marker file in its package
// (update-function-code; the tests write marker.txt into each package they upload).
const fs = require("node:fs");
const path = require("node:path");

exports.handler = async (event, context) => {
  const marker = fs.readFileSync(path.join(process.env.LAMBDA_TASK_ROOT, "marker.txt"), "utf8").trim();
  console.log(`echo ${event.message} with marker ${marker}`);
  return {
    runtime: "node",
    marker,
    echo: event.message ?? null,
    greeting: process.env.GREETING ?? null,
    functionName: context.functionName,
    memory: Number(context.memoryLimitInMB),
  };
};
