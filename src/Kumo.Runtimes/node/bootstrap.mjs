// Kumo's runtime for Node.js functions.
//
// Loads the handler named by _HANDLER ("file.function"; the file may sit in folders, the function may be
// nested: "src/app.handlers.get") from /var/task, as CommonJS or an ES module, and serves invocations
// through the Lambda Runtime API with Lambda's context object, log format and error shapes. Async handlers
// and callback-style handlers both work. Handlers wrapped in awslambda.streamifyResponse stream their answer
// (Lambda-Runtime-Function-Response-Mode: streaming, chunked; an error mid-stream goes in the trailers).
//
// Started without _HANDLER, it is a stem cell: it readies everything that does not depend on the function,
// waits for the hand-over (GET /2018-06-01/runtime/kumo/specialization), takes the function's environment, moves
// into /var/task (mounted just before the answer) and only then loads the handler as a normal start does.
import fs from 'node:fs';
import http from 'node:http';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { format, types } from 'node:util';

const [host, port] = process.env.AWS_LAMBDA_RUNTIME_API.split(':');
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
const runtimeApi = { host, port, agent };
const requireModule = createRequire(import.meta.url);
// Re-read after a stem's hand-over: nothing may look under it before.
let taskRoot = process.env.LAMBDA_TASK_ROOT || '/var/task';
let currentRequestId;

// A request to the Runtime API (or, for a stem's warm-up, to another server: target).
function call(method, route, body, headers = {}, target = runtimeApi) {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : Buffer.isBuffer(body) ? body : Buffer.from(body);
    const request = http.request({
      host: target.host, port: target.port, agent: target.agent, method,
      path: `/2018-06-01/runtime${route}`,
      headers: payload === undefined ? headers : { ...headers, 'Content-Type': 'application/json', 'Content-Length': payload.length },
    }, (response) => {
      const chunks = [];
      response.on('data', (chunk) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode, headers: response.headers, body: Buffer.concat(chunks) }));
      response.on('error', reject);
    });
    request.on('error', reject);
    if (payload !== undefined) request.write(payload);
    request.end();
  });
}

// The awslambda global of Lambda's Node.js runtime: streamifyResponse marks a handler as streaming, with the
// same symbol Lambda uses, so that libraries that look for it find it; HttpResponseStream.from adds the
// prelude a function URL reads its status, headers and cookies from (JSON, then 8 NUL bytes).
const streamingMark = Symbol.for('aws.lambda.runtime.handler.streaming');
const preludeContentType = 'application/vnd.awslambda.http-integration-response';
globalThis.awslambda = {
  streamifyResponse(handler, options) {
    handler[streamingMark] = 'response';
    if (options && options.highWaterMark) handler.highWaterMark = options.highWaterMark;
    return handler;
  },
  HttpResponseStream: class HttpResponseStream {
    static from(stream, prelude) {
      stream.setContentType(preludeContentType);
      const text = JSON.stringify(prelude ?? {});
      stream._onBeforeFirstWrite = (write) => {
        write(text);
        write(new Uint8Array(8));
      };
      return stream;
    }
  },
};

// The response stream a streaming handler writes to: a Writable whose bytes go to the Runtime API as one chunked
// POST, opened at the first write (or at the end, when nothing was written).
function createResponseStream(requestId, highWaterMark) {
  let contentType = 'application/octet-stream';
  let request;
  let answered;
  const open = () => {
    if (request) return;
    request = http.request({
      host, port, method: 'POST', agent,
      path: `/2018-06-01/runtime/invocation/${requestId}/response`,
      headers: {
        'Content-Type': contentType,
        'Lambda-Runtime-Function-Response-Mode': 'streaming',
        'Transfer-Encoding': 'chunked',
        Trailer: 'Lambda-Runtime-Function-Error-Type, Lambda-Runtime-Function-Error-Body',
      },
    });
    answered = new Promise((resolve, reject) => {
      request.on('response', (response) => {
        response.resume();
        response.on('end', () => resolve(response.statusCode));
        response.on('error', reject);
      });
      request.on('error', reject);
    });
    request.flushHeaders();
    if (typeof stream._onBeforeFirstWrite === 'function') stream._onBeforeFirstWrite((bytes) => request.write(bytes));
  };
  const stream = new Writable({
    highWaterMark,
    write(chunk, encoding, callback) {
      open();
      request.write(chunk, encoding, callback);
    },
    final(callback) {
      open();
      request.end(callback);
    },
  });
  stream.setContentType = (type) => {
    if (request) throw new Error('Cannot set the content type once the response has started: call setContentType before the first write');
    contentType = type;
  };
  return {
    stream,
    // The handler failed: an open response ends with the error in its trailers; null when nothing was sent yet.
    fail(document) {
      if (!request) return null;
      if (!request.writableEnded) {
        request.addTrailers({
          'Lambda-Runtime-Function-Error-Type': document.errorType,
          'Lambda-Runtime-Function-Error-Body': Buffer.from(JSON.stringify(document)).toString('base64'),
        });
        request.end();
      }
      return answered;
    },
    // The handler is done: the response ends (if the handler did not end it) and the Runtime API has it.
    async finish() {
      if (!stream.writableEnded) stream.end();
      await new Promise((resolve, reject) => {
        if (stream.writableFinished) resolve(); else { stream.once('finish', resolve); stream.once('error', reject); }
      });
      return answered;
    },
  };
}

async function runStreaming(handler, event, context) {
  const response = createResponseStream(context.awsRequestId, handler.highWaterMark);
  try {
    await handler(event, response.stream, context);
    await response.finish();
  } catch (error) {
    const document = errorDocument(error);
    console.error(`Invoke Error \t${JSON.stringify(document)}`);
    const failed = response.fail(document);
    if (failed) await failed.catch(() => {});
    else await postError(`/invocation/${context.awsRequestId}/error`, document);
  }
}

function errorDocument(error, errorType) {
  const isError = error instanceof Error;
  return {
    errorType: errorType || (isError ? error.name : typeof error === 'object' && error !== null && error.name) || 'Error',
    errorMessage: isError ? error.message : typeof error === 'string' ? error : format('%o', error),
    trace: isError && error.stack ? error.stack.split('\n') : [],
  };
}

function postError(route, document) {
  return call('POST', route, JSON.stringify(document), { 'Lambda-Runtime-Function-Error-Type': document.errorType });
}

// Lambda's log lines: time, request id, level, message.
function patchConsole() {
  const write = (level, args) => {
    const text = format(...args).replace(/\n/g, '\r');
    process.stdout.write(`${new Date().toISOString()}\t${currentRequestId ?? 'undefined'}\t${level}\t${text}\n`);
  };
  console.log = (...args) => write('INFO', args);
  console.info = (...args) => write('INFO', args);
  console.warn = (...args) => write('WARN', args);
  console.error = (...args) => write('ERROR', args);
  console.debug = (...args) => write('DEBUG', args);
  console.trace = (...args) => write('TRACE', args);
}

async function failInit(errorType, message, error) {
  const document = error ? errorDocument(error, errorType) : { errorType, errorMessage: message, trace: [] };
  if (message) document.errorMessage = message;
  console.error(JSON.stringify(document));
  await postError('/init/error', document);
  process.exit(1);
}

function findModuleFile(root, modulePath) {
  const base = path.resolve(root, modulePath);
  for (const extension of ['.js', '.mjs', '.cjs']) {
    if (fs.existsSync(base + extension)) return base + extension;
  }
  return undefined;
}

// The handler named "file.function" (the file may sit in folders, the function may be nested) under root, or why
// there is none: { errorType, message, error }.
async function findHandler(name, root) {
  const lastSlash = name.lastIndexOf('/');
  const dot = name.indexOf('.', lastSlash + 1);
  if (dot <= lastSlash + 1 || dot === name.length - 1) {
    return { errorType: 'Runtime.MalformedHandlerName', message: `Bad handler '${name}': use file.function, such as index.handler` };
  }
  const modulePath = name.slice(0, dot);
  const functionPath = name.slice(dot + 1).split('.');
  const file = findModuleFile(root, modulePath);
  if (!file) {
    return { errorType: 'Runtime.ImportModuleError', message: `Error: Cannot find module '${modulePath}' (looked for ${modulePath}.js, .mjs and .cjs in ${root})` };
  }
  let module;
  try {
    module = await loadModule(file);
  } catch (error) {
    // As Lambda reports them: a syntax error in the code, a module (a dependency) that cannot be found.
    const missing = error?.code === 'MODULE_NOT_FOUND' || error?.code === 'ERR_MODULE_NOT_FOUND';
    return { errorType: error instanceof SyntaxError ? 'Runtime.UserCodeSyntaxError' : missing ? 'Runtime.ImportModuleError' : undefined, error };
  }
  const resolve = (value) => functionPath.reduce((found, key) => (found == null ? undefined : found[key]), value);
  // Looked up as in the namespace import() would give: a CommonJS module's holds its exports under their own names
  // and module.exports as default.
  // The first that is a function: "index.default" finds a CommonJS module's exports.default, or else module.exports.
  const isNamespace = types.isModuleNamespaceObject(module);
  const candidates = isNamespace ? [module, module.default] : [module, { default: module }];
  const handler = candidates.map(resolve).find((value) => typeof value === 'function');
  if (typeof handler !== 'function') {
    return { errorType: 'Runtime.HandlerNotFound', message: `${name} is undefined or not exported` };
  }
  return { handler };
}

async function loadHandler() {
  const found = await findHandler(process.env._HANDLER || '', taskRoot);
  return found.handler ?? failInit(found.errorType, found.message, found.error);
}

// The handler's module as import() gives it, but a CommonJS file is required, as Lambda's own runtime does: the ES
// module loader's way to a CommonJS file (an asynchronous read, a compile to tell CommonJS from ES module syntax, the
// export lexer) costs about a millisecond more. A .js file with ES module syntax is what require() can load too (the
// same namespace); one with top-level await it refuses, and import() loads it. A .js file in a package of
// "type": "module" and an .mjs file are imported as before.
async function loadModule(file) {
  if (file.endsWith('.cjs') || (file.endsWith('.js') && packageType(file) !== 'module')) {
    try {
      return requireModule(file);
    } catch (error) {
      // Only when the file itself is what require() refused (it never ran): a CommonJS handler whose own require of
      // an ES module failed has run its top-level code already, and must not run it a second time.
      const refused = error?.code === 'ERR_REQUIRE_ASYNC_MODULE' || error?.code === 'ERR_REQUIRE_ESM';
      if (!refused || String(error.stack).includes(`${file}:`)) throw error;
    }
  }
  return import(pathToFileURL(file).href);
}

// The "type" of the package.json nearest above a file, as Node finds it (up to the root, not out of node_modules);
// 'module' for anything unexpected, so that such a file is imported as before and Node reports what is wrong.
function packageType(file) {
  for (let folder = path.dirname(file); path.basename(folder) !== 'node_modules'; folder = path.dirname(folder)) {
    const candidate = path.join(folder, 'package.json');
    if (fs.existsSync(candidate)) {
      try {
        const type = JSON.parse(fs.readFileSync(candidate, 'utf8')).type;
        return type === undefined ? 'none' : type;
      } catch {
        return 'module';
      }
    }
    if (folder === path.dirname(folder)) break;
  }
  return 'none';
}

function makeContext(headers) {
  const deadline = Number(headers['lambda-runtime-deadline-ms'] || 0);
  const parse = (value) => (value ? JSON.parse(value) : undefined);
  return {
    awsRequestId: headers['lambda-runtime-aws-request-id'],
    invokedFunctionArn: headers['lambda-runtime-invoked-function-arn'],
    functionName: process.env.AWS_LAMBDA_FUNCTION_NAME,
    functionVersion: process.env.AWS_LAMBDA_FUNCTION_VERSION,
    memoryLimitInMB: process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE,
    logGroupName: process.env.AWS_LAMBDA_LOG_GROUP_NAME,
    logStreamName: process.env.AWS_LAMBDA_LOG_STREAM_NAME,
    clientContext: parse(headers['lambda-runtime-client-context']),
    identity: parse(headers['lambda-runtime-cognito-identity']),
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => Math.max(deadline - Date.now(), 0),
  };
}

function run(handler, event, context) {
  return new Promise((resolve, reject) => {
    let settled = false;
    const settle = (error, result) => {
      if (settled) return;
      settled = true;
      if (error !== undefined && error !== null) reject(error); else resolve(result);
    };
    context.done = settle;
    context.succeed = (result) => settle(null, result);
    context.fail = (error) => settle(error ?? new Error('handled'));
    try {
      const returned = handler(event, context, settle);
      if (returned && typeof returned.then === 'function') {
        returned.then((result) => settle(null, result), (error) => settle(error ?? new Error('rejected')));
      } else if (handler.length < 3) {
        settle(null, returned);
      }
    } catch (error) {
      settle(error);
    }
  });
}

// A stem cell's hand-over: a long poll through the same agent, so that its keep-alive connection and the HTTP code
// paths are warm for /next. The answer carries the function's complete environment; Node's env setter calls
// setenv, so child processes and native addons see it too. The cwd is entered again because /var/task is now a
// mount over the empty directory the process started in.
async function specialize() {
  await warmUp();
  const answer = await call('GET', '/kumo/specialization');
  if (answer.status !== 200) {
    throw new Error(`the hand-over GET /2018-06-01/runtime/kumo/specialization answered ${answer.status}: ${answer.body.toString('utf8')}`);
  }
  const message = JSON.parse(answer.body.toString('utf8'));
  const environment = message.environment;
  if (environment === null || typeof environment !== 'object') {
    throw new Error('the hand-over has no environment object: it must carry the function\'s complete environment');
  }
  for (const [name, value] of Object.entries(environment)) process.env[name] = String(value);
  if (process.env._HANDLER === undefined && typeof message.handler === 'string') process.env._HANDLER = message.handler;
  taskRoot = process.env.LAMBDA_TASK_ROOT || '/var/task';
  process.chdir(taskRoot);
}

// What loading a handler and every invocation run, run once on stand-ins while the stem waits (functions run once are
// compiled, caches filled): an ES module import (from a data: URL); findHandler on warm-up.js beside this file (never
// under /var/task): the file and package.json look-ups, require, and an import() of it, through the ES module loader's
// way to CommonJS; the context, the handler call and JSON both ways; the performance global (loaded on its first use,
// 0.6 ms, by a handler that times itself); and a round trip through call().
async function warmUp() {
  await import('data:text/javascript,export const handler = async (event) => event;');
  const folder = fileURLToPath(new URL('.', import.meta.url));
  const found = await findHandler('warm-up.handler', folder);
  if (!found.handler) throw new Error(`the warm-up handler did not load from ${folder}: ${found.message ?? found.error}`);
  await import(pathToFileURL(path.join(folder, 'warm-up.js')).href);
  const context = makeContext({ 'lambda-runtime-aws-request-id': 'warm-up', 'lambda-runtime-deadline-ms': String(Date.now() + 1000) });
  context.getRemainingTimeInMillis();
  performance.now();
  JSON.stringify(await run(found.handler, JSON.parse('{"warm":true}'), context));
  await warmUpCalls().catch(() => {});
}

// The hand-over's answer is the first response the process reads: its first parse, body and keep-alive socket cost
// milliseconds once. So call() runs first against a server of the stem's own on loopback (the sandbox's network
// namespace, its own), answering as the hand-over and a response post are answered; then the server is closed.
async function warmUpCalls() {
  const server = http.createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      if (request.method !== 'GET') {
        response.writeHead(202).end();
        return;
      }
      response.writeHead(200, { 'Content-Type': 'application/json' }).end('{"environment":{"WARM_UP":"1"},"handler":"warm-up.handler"}');
    });
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const target = { host: '127.0.0.1', port: server.address().port, agent: new http.Agent({ keepAlive: true, maxSockets: 1 }) };
  try {
    const answer = await call('GET', '/kumo/specialization', undefined, {}, target);
    JSON.parse(answer.body.toString('utf8'));
    await call('POST', '/invocation/warm-up/response', '{"warm":true}', {}, target);
  } finally {
    target.agent.destroy();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
}

async function main() {
  patchConsole();
  if (process.env._HANDLER === undefined) await specialize();
  const handler = await loadHandler();
  const fatal = async (error) => {
    const document = errorDocument(error, 'Runtime.UnhandledPromiseRejection');
    console.error(JSON.stringify(document));
    if (currentRequestId) await postError(`/invocation/${currentRequestId}/error`, document).catch(() => {});
    process.exit(128);
  };
  process.on('uncaughtException', fatal);
  process.on('unhandledRejection', fatal);

  for (;;) {
    const next = await call('GET', '/invocation/next');
    const context = makeContext(next.headers);
    currentRequestId = context.awsRequestId;
    if (next.headers['lambda-runtime-trace-id']) process.env._X_AMZN_TRACE_ID = next.headers['lambda-runtime-trace-id'];
    else delete process.env._X_AMZN_TRACE_ID;

    let event;
    try {
      event = next.body.length ? JSON.parse(next.body.toString('utf8')) : undefined;
    } catch (error) {
      await postError(`/invocation/${currentRequestId}/error`, errorDocument(error, 'Runtime.UnmarshalError'));
      continue;
    }

    if (handler[streamingMark] === 'response') {
      await runStreaming(handler, event, context);
      continue;
    }

    try {
      const result = await run(handler, event, context);
      let payload;
      try {
        payload = JSON.stringify(result === undefined ? null : result);
      } catch (error) {
        await postError(`/invocation/${currentRequestId}/error`, { ...errorDocument(error, 'Runtime.MarshalError'), errorMessage: `Unable to stringify response body: ${error.message}` });
        continue;
      }
      await call('POST', `/invocation/${currentRequestId}/response`, payload);
    } catch (error) {
      const document = errorDocument(error);
      console.error(`Invoke Error \t${JSON.stringify(document)}`);
      await postError(`/invocation/${currentRequestId}/error`, document);
    }
  }
}

main().catch((error) => {
  process.stderr.write(`kumo node bootstrap: ${error && error.stack ? error.stack : error}\n`);
  process.exit(1);
});
