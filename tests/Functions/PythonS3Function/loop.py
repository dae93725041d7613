# A function with a recursive loop, for the bucket notification tests: for loop/N.txt it writes loop/N+1.txt into the
# bucket whose notification invoked it. boto3 sends the invocation's _X_AMZN_TRACE_ID with the write (botocore does
# inside Lambda), so Kumo counts the chain and stops it.
import os
from urllib.parse import unquote_plus

import boto3

# Debian's botocore predates AWS_ENDPOINT_URL; newer SDKs read the endpoint from the environment themselves.
s3 = boto3.client("s3", endpoint_url=os.environ["AWS_ENDPOINT_URL_S3"])


def handler(event, context):
    record = event["Records"][0]
    bucket = record["s3"]["bucket"]["name"]
    key = unquote_plus(record["s3"]["object"]["key"])
    following = int(key[len("loop/"):-len(".txt")]) + 1
    s3.put_object(Bucket=bucket, Key=f"loop/{following}.txt", Body=b"next")
    print(f"wrote loop/{following}.txt | {os.environ.get('_X_AMZN_TRACE_ID')}", flush=True)
    return {"wrote": following}
