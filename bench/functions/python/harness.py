# The bare baseline: the same handler in a plain process, events in on stdin and results out on stdout.
import json
import sys

sys.path.insert(0, sys.argv[1])
import app  # noqa: E402

for line in sys.stdin:
    print(json.dumps(app.handler(json.loads(line), None)), flush=True)
