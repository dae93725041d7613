"""The boto3 Lambda client the test scripts share.

Endpoint from KUMO_ENDPOINT, region and test credentials from the usual AWS_* variables, no retries (a
throttled call must surface, not be retried away), and enough connections for a burst of calls at once.
Run with /usr/bin/python3: boto3 is Debian's python3-boto3.
"""
import json
import os
import sys

import boto3
import botocore.config
import botocore.exceptions


def make_client():
    endpoint = os.environ.get("KUMO_ENDPOINT")
    if not endpoint:
        sys.exit("set KUMO_ENDPOINT to the Kumo server's URL, e.g. http://127.0.0.1:7070")
    config = botocore.config.Config(
        retries={"total_max_attempts": 1, "mode": "standard"},
        max_pool_connections=64,
        read_timeout=120,
    )
    return boto3.client(
        "lambda",
        endpoint_url=endpoint,
        region_name=os.environ.get("AWS_DEFAULT_REGION", "us-east-1"),
        config=config,
    )


def prepare(value):
    """Values written "fileb://PATH" are replaced by the file's bytes, as the aws CLI does."""
    if isinstance(value, str) and value.startswith("fileb://"):
        with open(value[len("fileb://"):], "rb") as file:
            return file.read()
    if isinstance(value, dict):
        return {key: prepare(item) for key, item in value.items()}
    return value


def describe_output(output):
    """An answer as plain JSON, with an Invoke's Payload as text."""
    output = dict(output)
    metadata = output.pop("ResponseMetadata", {})
    if "Payload" in output:
        output["Payload"] = output["Payload"].read().decode("utf-8")
    return {"ok": True, "status": metadata.get("HTTPStatusCode"), "output": output}


def describe_error(client, error):
    """An error as boto3 raised it: the classes of client.exceptions it is an instance of, and its code."""
    if isinstance(error, botocore.exceptions.ClientError):
        response = error.response
        matches = [
            name
            for name in dir(client.exceptions)
            if not name.startswith("_")
            and isinstance(getattr(client.exceptions, name), type)
            and issubclass(getattr(client.exceptions, name), botocore.exceptions.ClientError)
            and getattr(client.exceptions, name) is not botocore.exceptions.ClientError
            and isinstance(error, getattr(client.exceptions, name))
        ]
        return {
            "ok": False,
            "status": response.get("ResponseMetadata", {}).get("HTTPStatusCode"),
            "error": {
                "name": response.get("Error", {}).get("Code"),
                "message": response.get("Error", {}).get("Message") or response.get("message"),
                "reason": response.get("Reason"),
                "type": response.get("Type"),
                "exceptionClasses": matches,
            },
        }
    return {
        "ok": False,
        "status": None,
        "error": {"name": type(error).__name__, "message": str(error), "reason": None, "type": None, "exceptionClasses": []},
    }


def print_json(result):
    print(json.dumps(result, default=str), flush=True)
