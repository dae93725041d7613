"""Calls one Lambda API operation with boto3 and prints the outcome as one JSON line.

    KUMO_ENDPOINT=http://127.0.0.1:7070 /usr/bin/python3 lambda_call.py get_function '{"FunctionName":"f"}'
    /usr/bin/python3 lambda_call.py wait:function_active_v2 '{"FunctionName":"f"}'   (boto3's waiters)

Prints {"ok": true, "status": 200, "output": {...}} or {"ok": false, "status": 404, "error": {...}}, where
error.exceptionClasses lists the classes of client.exceptions the raised exception is an instance of.
Exits 0 either way (a failed call is a result for the test to look at), 2 on a usage error.
"""
import json
import sys

import botocore.exceptions

from lambda_client import describe_error, describe_output, make_client, prepare, print_json


def main():
    if len(sys.argv) < 2:
        print("usage: lambda_call.py OPERATION [INPUT-JSON]", file=sys.stderr)
        return 2
    operation = sys.argv[1]
    params = prepare(json.loads(sys.argv[2] if len(sys.argv) > 2 else "{}"))
    client = make_client()
    try:
        if operation.startswith("wait:"):
            waiter = client.get_waiter(operation[len("wait:"):])
            waiter.wait(**params, WaiterConfig={"Delay": 1, "MaxAttempts": 60})
            result = {"ok": True, "status": None, "output": {"state": "SUCCESS"}}
        else:
            result = describe_output(getattr(client, operation)(**params))
    except botocore.exceptions.WaiterError as error:
        result = {"ok": False, "status": None, "error": {"name": "WaiterError", "message": str(error), "reason": None, "type": None, "exceptionClasses": []}}
    except (botocore.exceptions.ClientError, botocore.exceptions.BotoCoreError) as error:
        result = describe_error(client, error)
    print_json(result)
    return 0


if __name__ == "__main__":
    sys.exit(main())
