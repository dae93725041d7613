"""Kumo's runtime for Python functions.

Loads the handler named by _HANDLER ("module.function", with "/" allowed in the module path) from
/var/task and serves invocations through the Lambda Runtime API, with Lambda's context object, log
format and error shapes, so that code written for AWS Lambda runs unchanged.

Started without _HANDLER, it is a stem cell: it readies everything that does not depend on the function, waits
for the hand-over (GET /2018-06-01/runtime/kumo/specialization), takes the function's environment, moves into
/var/task (mounted just before the answer) and only then puts it on sys.path and imports the handler.
"""

import http.client
import importlib
import json
import logging
import os
import sys
import time
import traceback

RUNTIME_PREFIX = "/2018-06-01/runtime"


class RuntimeClient:
    """A keep-alive HTTP connection to the Runtime API."""

    def __init__(self, address):
        host, port = address.rsplit(":", 1)
        self._host, self._port = host, int(port)
        self._connection = http.client.HTTPConnection(self._host, self._port)

    def call(self, method, path, body=None, headers=None):
        for attempt in (1, 2):
            try:
                self._connection.request(method, RUNTIME_PREFIX + path, body=body, headers=headers or {})
                response = self._connection.getresponse()
                return response, response.read()
            except (http.client.HTTPException, ConnectionError):
                self._connection.close()
                self._connection = http.client.HTTPConnection(self._host, self._port)
                if attempt == 2:
                    raise

    def next(self):
        return self.call("GET", "/invocation/next")

    def specialization(self):
        """The stem cell's hand-over: a long poll (no timeout) answered once with the function to become."""
        response, body = self.call("GET", "/kumo/specialization")
        if response.status != 200:
            raise RuntimeError(f"the hand-over GET {RUNTIME_PREFIX}/kumo/specialization answered {response.status}: {body.decode(errors='replace')}")
        return json.loads(body)

    def respond(self, request_id, payload):
        self.call("POST", f"/invocation/{request_id}/response", payload, {"Content-Type": "application/json"})

    def fail(self, request_id, error):
        self._post_error(f"/invocation/{request_id}/error", error)

    def init_failed(self, error):
        self._post_error("/init/error", error)

    def _post_error(self, path, error):
        body = json.dumps(error).encode()
        self.call("POST", path, body, {"Content-Type": "application/json", "Lambda-Runtime-Function-Error-Type": error["errorType"]})


class CognitoIdentity:
    def __init__(self, document):
        self.cognito_identity_id = document.get("cognitoIdentityId")
        self.cognito_identity_pool_id = document.get("cognitoIdentityPoolId")


class ClientContext:
    def __init__(self, document):
        self.client = document.get("client")
        self.custom = document.get("custom")
        self.env = document.get("env")


class LambdaContext:
    """The context object handlers receive, as on AWS Lambda."""

    def __init__(self, request_id, deadline_ms, function_arn, client_context, identity):
        self.aws_request_id = request_id
        self.invoked_function_arn = function_arn
        self.function_name = os.environ.get("AWS_LAMBDA_FUNCTION_NAME")
        self.function_version = os.environ.get("AWS_LAMBDA_FUNCTION_VERSION")
        self.memory_limit_in_mb = int(os.environ.get("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "128"))
        self.log_group_name = os.environ.get("AWS_LAMBDA_LOG_GROUP_NAME")
        self.log_stream_name = os.environ.get("AWS_LAMBDA_LOG_STREAM_NAME")
        self.client_context = ClientContext(json.loads(client_context)) if client_context else None
        self.identity = CognitoIdentity(json.loads(identity)) if identity else None
        self._deadline_ms = deadline_ms

    def get_remaining_time_in_millis(self):
        return max(self._deadline_ms - int(time.time() * 1000), 0)

    def log(self, message):
        sys.stdout.write(str(message))
        sys.stdout.flush()


class LambdaLogFormatter(logging.Formatter):
    """[LEVEL]<tab>time<tab>request id<tab>message, as Lambda formats Python log records."""

    request_id = None

    def format(self, record):
        when = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created)) + f".{int(record.msecs):03d}Z"
        text = f"[{record.levelname}]\t{when}\t{self.request_id or ''}\t{record.getMessage()}"
        if record.exc_info:
            text += "\n" + self.formatException(record.exc_info)
        return text


def error_document(exception, request_id=None, error_type=None):
    frames = traceback.extract_tb(exception.__traceback__)
    document = {
        "errorMessage": str(exception),
        "errorType": error_type or type(exception).__name__,
        "stackTrace": traceback.format_list(frames),
    }
    if request_id:
        document["requestId"] = request_id
    return document


def log_error(document):
    stack = "".join(document.get("stackTrace", []))
    print(f"[ERROR] {document['errorType']}: {document['errorMessage']}" + (f"\nTraceback (most recent call last):\n{stack}" if stack else ""), flush=True)


def load_handler(client):
    name = os.environ.get("_HANDLER", "")
    try:
        module_path, function_name = name.rsplit(".", 1)
        if not module_path or not function_name:
            raise ValueError
    except ValueError:
        return fail_init(client, "Runtime.MalformedHandlerName", f"Bad handler '{name}': use module.function, such as app.handler")

    module_name = module_path.replace("/", ".")
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as error:
        return fail_init(client, "Runtime.ImportModuleError", f"Unable to import module '{module_name}': {error}")
    except SyntaxError as error:
        return fail_init(client, "Runtime.UserCodeSyntaxError", f"Syntax error in module '{module_name}': {error}")
    except Exception as error:  # noqa: BLE001 - any failure of user init code is an init error
        document = error_document(error)
        log_error(document)
        client.init_failed(document)
        sys.exit(1)

    handler = getattr(module, function_name, None)
    if handler is None:
        return fail_init(client, "Runtime.HandlerNotFound", f"Handler '{function_name}' missing on module '{module_name}'")
    return handler


def fail_init(client, error_type, message):
    document = {"errorMessage": message, "errorType": error_type, "stackTrace": []}
    log_error(document)
    client.init_failed(document)
    sys.exit(1)


def specialize(client, formatter):
    """Waits for the function (stem mode), then takes its environment and moves into its task root.

    Nothing under the task root is looked at before the answer: it is an empty directory until the host mounts
    the code over it. os.environ calls putenv, so child processes and native code see the function's variables.
    The cwd is entered again because the task root is now a mount over the directory the process started in.
    """
    warm_up(formatter)
    message = client.specialization()
    environment = message.get("environment")
    if not isinstance(environment, dict):
        raise RuntimeError("the hand-over has no environment object: it must carry the function's complete environment")
    os.environ.update({name: str(value) for name, value in environment.items()})
    if "_HANDLER" not in os.environ and isinstance(message.get("handler"), str):
        os.environ["_HANDLER"] = message["handler"]
    time.tzset()
    task_root = os.environ.get("LAMBDA_TASK_ROOT", "/var/task")
    os.chdir(task_root)
    return task_root


def warm_up(formatter):
    """Runs once, on stand-ins, what every invocation runs: JSON both ways, the context, a log line's format and an
    error document (traceback), so that the stem has them imported and warm before its function arrives."""
    LambdaContext("warm-up", int(time.time() * 1000) + 1000, "", json.dumps({"client": {}}), json.dumps({"cognitoIdentityId": ""})).get_remaining_time_in_millis()
    json.dumps(json.loads(b'{"warm": [true, 1, 1.5, null, "text"]}')).encode()
    formatter.format(logging.LogRecord("warm-up", logging.INFO, __file__, 0, "warm-up", None, None))
    try:
        raise ValueError("warm-up")
    except ValueError as error:
        error_document(error, "warm-up")


def main():
    stem = "_HANDLER" not in os.environ
    formatter = LambdaLogFormatter()
    handler_for_logs = logging.StreamHandler(sys.stdout)
    handler_for_logs.setFormatter(formatter)
    logging.getLogger().addHandler(handler_for_logs)
    client = RuntimeClient(os.environ["AWS_LAMBDA_RUNTIME_API"])
    if stem:
        task_root = specialize(client, formatter)
        sys.path.insert(0, task_root)
        # A finder may have cached what a directory held before the code was mounted.
        importlib.invalidate_caches()
    else:
        sys.path.insert(0, os.environ.get("LAMBDA_TASK_ROOT", "/var/task"))
    logging.getLogger().setLevel(os.environ.get("AWS_LAMBDA_LOG_LEVEL", "INFO").upper())

    handler = load_handler(client)

    while True:
        response, body = client.next()
        request_id = response.getheader("Lambda-Runtime-Aws-Request-Id")
        formatter.request_id = request_id
        trace_id = response.getheader("Lambda-Runtime-Trace-Id")
        if trace_id:
            os.environ["_X_AMZN_TRACE_ID"] = trace_id
        else:
            os.environ.pop("_X_AMZN_TRACE_ID", None)
        context = LambdaContext(
            request_id,
            int(response.getheader("Lambda-Runtime-Deadline-Ms", "0")),
            response.getheader("Lambda-Runtime-Invoked-Function-Arn"),
            response.getheader("Lambda-Runtime-Client-Context"),
            response.getheader("Lambda-Runtime-Cognito-Identity"),
        )
        try:
            event = json.loads(body) if body else None
        except ValueError as error:
            client.fail(request_id, error_document(error, request_id, "Runtime.UnmarshalError") | {"errorMessage": f"Unable to unmarshal input: {error}"})
            continue

        try:
            result = handler(event, context)
        except Exception as error:  # noqa: BLE001 - every exception of a handler is reported, as Lambda does
            document = error_document(error, request_id)
            log_error(document)
            client.fail(request_id, document)
            continue

        try:
            payload = json.dumps(result).encode()
        except (TypeError, ValueError) as error:
            document = {"errorMessage": f"Unable to marshal response: {error}", "errorType": "Runtime.MarshalError", "requestId": request_id, "stackTrace": []}
            log_error(document)
            client.fail(request_id, document)
            continue

        client.respond(request_id, payload)


if __name__ == "__main__":
    main()
