"""The thumbnail pattern against Kumo's S3, with boto3 as a Lambda function would use it.

Debian's boto3 (botocore 1.29) predates AWS_ENDPOINT_URL, so the endpoint is passed in; newer SDKs read it
from the environment themselves. The credentials and the region come from the environment, as on Lambda.
"""
import os

import boto3
import botocore

s3 = boto3.client("s3", endpoint_url=os.environ["AWS_ENDPOINT_URL_S3"])
sent = []


def remember(request, **kwargs):
    def text(value):
        return value.decode() if isinstance(value, bytes) else value

    sent.append({"method": request.method, "url": request.url, "trace": text(request.headers.get("X-Amzn-Trace-Id"))})


s3.meta.events.register("before-send.s3", remember)


def handler(event, context):
    sent.clear()
    bucket, key = event["bucket"], event["key"]
    original = s3.get_object(Bucket=bucket, Key=key)["Body"].read()
    thumbnail = b"thumbnail of " + original
    s3.put_object(Bucket=bucket, Key="thumbnails/" + key, Body=thumbnail, ContentType="text/plain")
    return {
        "thumbnail": "thumbnails/" + key,
        "bytes": len(thumbnail),
        "requests": sent,
        "traceId": os.environ.get("_X_AMZN_TRACE_ID"),
        "botocore": botocore.__version__,
    }
