import time


def handler(event, context):
    return {"entered": time.time() * 1000.0, "echo": event}
