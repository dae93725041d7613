# A Python function for the Lambda API tests. What it returns makes every change observable: the event's
# message, the GREETING variable (update-function-configuration) and the marker file in its package
# (update-function-code; the tests write marker.txt into each package they upload).
import os


def handler(event, context):
    with open(os.path.join(os.environ["LAMBDA_TASK_ROOT"], "marker.txt"), encoding="utf-8") as file:
        marker = file.read().strip()
    print(f"echo {event.get('message')} with marker {marker}", flush=True)
    return {
        "runtime": "python",
        "marker": marker,
        "echo": event.get("message"),
        "greeting": os.environ.get("GREETING"),
        "functionName": context.function_name,
        "memory": int(context.memory_limit_in_mb),
    }
