import time


def handler(event, context):
    """The benchmark's Python function: when it was entered (ms since the epoch), then a sleep of the event's sleepMs."""
    entered = time.time_ns() / 1e6
    if isinstance(event, dict) and event.get("sleepMs", 0) > 0:
        time.sleep(event["sleepMs"] / 1000.0)
    return {"entered": entered}
