"""Invokes one function COUNT times at once (one thread each, released together) with boto3 and prints one
JSON line: the wall time of the whole burst and each call's outcome.

    KUMO_ENDPOINT=http://127.0.0.1:7070 /usr/bin/python3 invoke_many.py FUNCTION COUNT [PAYLOAD-JSON]
"""
import sys
import threading
import time

import botocore.exceptions

from lambda_client import describe_error, describe_output, make_client, print_json


def main():
    if len(sys.argv) < 3:
        print("usage: invoke_many.py FUNCTION COUNT [PAYLOAD-JSON]", file=sys.stderr)
        return 2
    function_name, count = sys.argv[1], int(sys.argv[2])
    payload = sys.argv[3] if len(sys.argv) > 3 else "{}"
    client = make_client()
    results = [None] * count
    # Every thread waits here, so that the calls leave together rather than as the threads happen to start.
    start_line = threading.Barrier(count + 1)

    def invoke(index):
        start_line.wait()
        try:
            results[index] = describe_output(client.invoke(FunctionName=function_name, Payload=payload))
        except (botocore.exceptions.ClientError, botocore.exceptions.BotoCoreError) as error:
            results[index] = describe_error(client, error)

    threads = [threading.Thread(target=invoke, args=(index,)) for index in range(count)]
    for thread in threads:
        thread.start()
    started = time.monotonic()
    start_line.wait()
    for thread in threads:
        thread.join()
    print_json({"elapsedMs": (time.monotonic() - started) * 1000, "results": results})
    return 0


if __name__ == "__main__":
    sys.exit(main())
