# A Python function for the bucket notification tests (loop.py beside it is another). It prints one line per
# record of the S3 event it gets (event name, bucket, decoded key, trace header) and returns the keys, so a test can
# see what every run was sent.
import os
from urllib.parse import unquote_plus


def handler(event, context):
    keys = []
    for record in event["Records"]:
        key = unquote_plus(record["s3"]["object"]["key"])
        print(f"saw {record['eventName']} {record['s3']['bucket']['name']} {key} | {os.environ.get('_X_AMZN_TRACE_ID')}", flush=True)
        keys.append(key)
    return {"keys": keys}
