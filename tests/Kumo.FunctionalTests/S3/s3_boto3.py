"""Drives Kumo's S3 API with boto3 (Debian's python3-boto3) and prints what happened as one JSON object.

    KUMO_ENDPOINT=http://127.0.0.1:7070 /usr/bin/python3 s3_boto3.py objects BUCKET
    ... s3_boto3.py paginate BUCKET
    ... s3_boto3.py errors BUCKET

The client is made as a user makes one for a local endpoint: endpoint_url, a region and any key; an endpoint that
is an IP address makes botocore address buckets path-style. The script reports facts; the C# test asserts them.
"""
import base64
import hashlib
import json
import os
import random
import sys
import urllib.error
import urllib.request
import zlib

import boto3
import botocore.config
import botocore.exceptions


def make_client():
    return boto3.client(
        "s3",
        endpoint_url=os.environ["KUMO_ENDPOINT"],
        region_name="us-east-1",
        aws_access_key_id="test",
        aws_secret_access_key="test",
        config=botocore.config.Config(retries={"max_attempts": 1}),
    )


def b64(digest):
    return base64.b64encode(digest).decode()


def objects(s3, bucket):
    """Put and get with metadata and each checksum, a range read, copy, delete_objects and a presigned GET."""
    s3.create_bucket(Bucket=bucket)
    body = random.Random(5).randbytes(300_000)
    expected = {
        "CRC32": b64(zlib.crc32(body).to_bytes(4, "big")),
        "SHA1": b64(hashlib.sha1(body).digest()),
        "SHA256": b64(hashlib.sha256(body).digest()),
    }
    report = {"md5": hashlib.md5(body).hexdigest(), "checksums": {}}
    # No checksum asked for (botocore's default here), then each algorithm S3 offers: the SDK computes it and the
    # server must agree, store it and send it back; ChecksumMode makes botocore check the body it downloads against it.
    for algorithm in [None, "CRC32", "CRC32C", "SHA1", "SHA256"]:
        key = f"data/{algorithm or 'plain'}.bin"
        params = {"ChecksumAlgorithm": algorithm} if algorithm else {}
        put = s3.put_object(Bucket=bucket, Key=key, Body=body, ContentType="application/x-kumo", Metadata={"colour": "blue", "Owner": "Ann"}, **params)
        got = s3.get_object(Bucket=bucket, Key=key, ChecksumMode="ENABLED")
        data = got["Body"].read()
        name = "Checksum" + (algorithm or "")
        report["checksums"][algorithm or "none"] = {
            "etag": put["ETag"],
            "sent": expected.get(algorithm),
            "stored": put.get(name) if algorithm else None,
            "returned": got.get(name) if algorithm else None,
            "equal": data == body,
            "contentType": got["ContentType"],
            "metadata": got["Metadata"],
        }

    put = s3.put_object(Bucket=bucket, Key="data/md5.bin", Body=body, ContentMD5=b64(hashlib.md5(body).digest()))
    report["contentMd5Etag"] = put["ETag"]
    try:
        s3.put_object(Bucket=bucket, Key="data/bad-md5.bin", Body=body, ContentMD5=b64(hashlib.md5(b"other").digest()))
        report["badMd5"] = None
    except botocore.exceptions.ClientError as error:
        report["badMd5"] = error.response["Error"]["Code"]
    report["badMd5Stored"] = "Contents" in s3.list_objects_v2(Bucket=bucket, Prefix="data/bad-md5.bin")

    ranged = s3.get_object(Bucket=bucket, Key="data/plain.bin", Range="bytes=1000-1999")
    report["range"] = {"contentRange": ranged["ContentRange"], "equal": ranged["Body"].read() == body[1000:2000]}

    copied = s3.copy_object(Bucket=bucket, Key="copies/plain copy.bin", CopySource={"Bucket": bucket, "Key": "data/plain.bin"})
    head = s3.head_object(Bucket=bucket, Key="copies/plain copy.bin")
    report["copy"] = {"etag": copied["CopyObjectResult"]["ETag"], "length": head["ContentLength"], "metadata": head["Metadata"]}

    deleted = s3.delete_objects(Bucket=bucket, Delete={"Objects": [{"Key": "data/CRC32.bin"}, {"Key": "data/SHA1.bin"}]})
    report["deleted"] = sorted(d["Key"] for d in deleted.get("Deleted", []))
    report["left"] = [o["Key"] for o in s3.list_objects_v2(Bucket=bucket).get("Contents", [])]

    url = s3.generate_presigned_url("get_object", Params={"Bucket": bucket, "Key": "data/plain.bin"}, ExpiresIn=300)
    with urllib.request.urlopen(url) as answer:
        report["presigned"] = {"url": url, "status": answer.status, "equal": answer.read() == body}
    return report


def paginate(s3, bucket):
    """25 keys, listed 10 at a time with and without a delimiter."""
    s3.create_bucket(Bucket=bucket)
    keys = [f"k/{i:02d}" for i in range(20)] + ["k/sub1/a", "k/sub1/b", "k/sub2/c", "k/sub3/d", "k/sub3/e"]
    for key in keys:
        s3.put_object(Bucket=bucket, Key=key, Body=key.encode())
    paginator = s3.get_paginator("list_objects_v2")
    report = {}
    for name, params in [("delimited", {"Prefix": "k/", "Delimiter": "/"}), ("flat", {})]:
        pages = []
        for page in paginator.paginate(Bucket=bucket, PaginationConfig={"PageSize": 10}, **params):
            pages.append({
                "maxKeys": page["MaxKeys"],
                "keyCount": page["KeyCount"],
                "truncated": page["IsTruncated"],
                "keys": [o["Key"] for o in page.get("Contents", [])],
                "prefixes": [p["Prefix"] for p in page.get("CommonPrefixes", [])],
            })
        report[name] = pages
    return report


def errors(s3, bucket):
    """S3's error codes, each raised as boto3's own exception class where it has one."""
    s3.create_bucket(Bucket=bucket)
    calls = {
        "NoSuchKey": lambda: s3.get_object(Bucket=bucket, Key="no/such key"),
        "NoSuchBucket": lambda: s3.list_objects_v2(Bucket=bucket + "-missing"),
        "BucketAlreadyOwnedByYou": lambda: s3.create_bucket(Bucket=bucket),
        "HeadObject": lambda: s3.head_object(Bucket=bucket, Key="no/such key"),
    }
    report = {}
    for name, call in calls.items():
        try:
            call()
            report[name] = None
        except botocore.exceptions.ClientError as error:
            modeled = getattr(s3.exceptions, name, None)
            report[name] = {
                "code": error.response["Error"]["Code"],
                "status": error.response["ResponseMetadata"]["HTTPStatusCode"],
                "modeled": isinstance(error, modeled) if modeled else None,
            }
    return report


def main():
    if len(sys.argv) != 3 or sys.argv[1] not in ("objects", "paginate", "errors"):
        print("usage: s3_boto3.py objects|paginate|errors BUCKET", file=sys.stderr)
        return 2
    s3 = make_client()
    report = globals()[sys.argv[1]](s3, sys.argv[2])
    print(json.dumps(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
