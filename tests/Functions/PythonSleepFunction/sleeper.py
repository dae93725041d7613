# A Python function that takes 200 ms (or the event's "ms"), for the throttling and scale-out tests.
import time


def handler(event, context):
    ms = (event or {}).get("ms", 200)
    time.sleep(ms / 1000)
    return {"slept": ms, "requestId": context.aws_request_id}
