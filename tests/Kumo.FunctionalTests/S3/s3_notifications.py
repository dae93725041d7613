"""Puts objects into a Kumo bucket with boto3 (Debian's python3-boto3), as the bucket notification tests need them.

    KUMO_ENDPOINT=http://127.0.0.1:7070 /usr/bin/python3 s3_notifications.py BUCKET KEY...

Each object's body is its key. Prints {"put": N} when every put succeeded.
"""
import json
import os
import sys

import boto3
import botocore.config


def main(bucket, keys):
    s3 = boto3.client(
        "s3",
        endpoint_url=os.environ["KUMO_ENDPOINT"],
        region_name="us-east-1",
        aws_access_key_id="test",
        aws_secret_access_key="test",
        config=botocore.config.Config(retries={"max_attempts": 1}),
    )
    for key in keys:
        s3.put_object(Bucket=bucket, Key=key, Body=key.encode())
    print(json.dumps({"put": len(keys)}))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2:])
