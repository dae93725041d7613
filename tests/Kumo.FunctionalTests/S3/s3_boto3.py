"""Drives Kumo's S3 API with boto3 (Debian's python3-boto3) and prints what happened as one JSON object.

    KUMO_ENDPOINT=http://127.0.0.1:7070 /usr/bin/python3 s3_boto3.py objects BUCKET
    ... s3_boto3.py paginate BUCKET
    ... s3_boto3.py errors BUCKET
    ... s3_boto3.py multipart BUCKET

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
import boto3.s3.transfer
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


def error_of(s3, call):
    """The S3 error code a call fails with, and whether boto3 raised its own class for it; None when it succeeds."""
    try:
        call()
        return None
    except botocore.exceptions.ClientError as error:
        code = error.response["Error"]["Code"]
        modeled = getattr(s3.exceptions, code, None)
        return {"code": code, "status": error.response["ResponseMetadata"]["HTTPStatusCode"], "modeled": isinstance(error, modeled) if modeled else None}


def complete_small(s3, bucket):
    """An upload of two 4-byte parts: the first is under S3's 5 MiB minimum for a part that is not the last."""
    upload_id = s3.create_multipart_upload(Bucket=bucket, Key="small.bin")["UploadId"]
    parts = [{"PartNumber": n, "ETag": s3.upload_part(Bucket=bucket, Key="small.bin", UploadId=upload_id, PartNumber=n, Body=b"tiny")["ETag"]} for n in (1, 2)]
    try:
        s3.complete_multipart_upload(Bucket=bucket, Key="small.bin", UploadId=upload_id, MultipartUpload={"Parts": parts})
    finally:
        s3.abort_multipart_upload(Bucket=bucket, Key="small.bin", UploadId=upload_id)


def multipart(s3, bucket):
    """Every multipart call: create, upload_part, upload_part_copy, list_parts, list_multipart_uploads, abort,
    complete (plain and with SHA256 part checksums), S3's errors, and upload_file/download_file in parts."""
    s3.create_bucket(Bucket=bucket)
    mib = 1024 * 1024
    first = random.Random(1).randbytes(5 * mib)
    second = random.Random(2).randbytes(1000)
    source = random.Random(3).randbytes(6 * mib)
    s3.put_object(Bucket=bucket, Key="source.bin", Body=source)
    report = {}

    created = s3.create_multipart_upload(Bucket=bucket, Key="joined.bin", ContentType="application/x-kumo", Metadata={"colour": "green"})
    upload_id = created["UploadId"]
    one = s3.upload_part(Bucket=bucket, Key="joined.bin", UploadId=upload_id, PartNumber=1, Body=first)
    copied = s3.upload_part_copy(Bucket=bucket, Key="joined.bin", UploadId=upload_id, PartNumber=2,
                                 CopySource={"Bucket": bucket, "Key": "source.bin"}, CopySourceRange="bytes=0-5242879")
    three = s3.upload_part(Bucket=bucket, Key="joined.bin", UploadId=upload_id, PartNumber=3, Body=second)
    parts = s3.list_parts(Bucket=bucket, Key="joined.bin", UploadId=upload_id)
    in_progress = s3.list_multipart_uploads(Bucket=bucket)
    report["listedParts"] = [{"number": p["PartNumber"], "size": p["Size"], "etag": p["ETag"]} for p in parts["Parts"]]
    report["partETags"] = [one["ETag"], copied["CopyPartResult"]["ETag"], three["ETag"]]
    report["uploads"] = [{"key": u["Key"], "uploadId": u["UploadId"]} for u in in_progress.get("Uploads", [])]
    report["uploadId"] = upload_id
    report["errors"] = {
        "InvalidPart": error_of(s3, lambda: s3.complete_multipart_upload(Bucket=bucket, Key="joined.bin", UploadId=upload_id,
            MultipartUpload={"Parts": [{"PartNumber": 1, "ETag": three["ETag"]}]})),
        "EntityTooSmall": error_of(s3, lambda: complete_small(s3, bucket)),
        "NoSuchUpload": error_of(s3, lambda: s3.list_parts(Bucket=bucket, Key="joined.bin", UploadId="no-such-upload")),
        "InvalidPartOrder": error_of(s3, lambda: s3.complete_multipart_upload(Bucket=bucket, Key="joined.bin", UploadId=upload_id,
            MultipartUpload={"Parts": [{"PartNumber": 3, "ETag": three["ETag"]}, {"PartNumber": 1, "ETag": one["ETag"]}]})),
    }
    done = s3.complete_multipart_upload(Bucket=bucket, Key="joined.bin", UploadId=upload_id, MultipartUpload={"Parts": [
        {"PartNumber": 1, "ETag": one["ETag"]},
        {"PartNumber": 2, "ETag": copied["CopyPartResult"]["ETag"]},
        {"PartNumber": 3, "ETag": three["ETag"]},
    ]})
    got = s3.get_object(Bucket=bucket, Key="joined.bin")
    part2 = s3.get_object(Bucket=bucket, Key="joined.bin", PartNumber=2)
    report["completed"] = {
        "etag": done["ETag"],
        "getETag": got["ETag"],
        "equal": got["Body"].read() == first + source[:5 * mib] + second,
        "contentType": got["ContentType"],
        "metadata": got["Metadata"],
        "part2Equal": part2["Body"].read() == source[:5 * mib],
        "partsCount": part2.get("PartsCount"),
        "md5s": [hashlib.md5(b).hexdigest() for b in (first, source[:5 * mib], second)],
    }
    report["afterComplete"] = error_of(s3, lambda: s3.list_parts(Bucket=bucket, Key="joined.bin", UploadId=upload_id))

    aborted = s3.create_multipart_upload(Bucket=bucket, Key="aborted.bin")["UploadId"]
    s3.upload_part(Bucket=bucket, Key="aborted.bin", UploadId=aborted, PartNumber=1, Body=b"gone")
    s3.abort_multipart_upload(Bucket=bucket, Key="aborted.bin", UploadId=aborted)
    report["afterAbort"] = {
        "uploadPart": error_of(s3, lambda: s3.upload_part(Bucket=bucket, Key="aborted.bin", UploadId=aborted, PartNumber=2, Body=b"x")),
        "uploads": [u["Key"] for u in s3.list_multipart_uploads(Bucket=bucket).get("Uploads", [])],
        "object": error_of(s3, lambda: s3.head_object(Bucket=bucket, Key="aborted.bin")),
    }

    # SHA256 part checksums: the object's checksum is the SHA256 of the parts' digests, then -2 (composite).
    checked = s3.create_multipart_upload(Bucket=bucket, Key="checked.bin", ChecksumAlgorithm="SHA256")["UploadId"]
    sums = []
    for number, body in ((1, first), (2, second)):
        part = s3.upload_part(Bucket=bucket, Key="checked.bin", UploadId=checked, PartNumber=number, Body=body, ChecksumAlgorithm="SHA256")
        sums.append({"PartNumber": number, "ETag": part["ETag"], "ChecksumSHA256": part["ChecksumSHA256"]})
    checked_done = s3.complete_multipart_upload(Bucket=bucket, Key="checked.bin", UploadId=checked, MultipartUpload={"Parts": sums})
    checked_got = s3.get_object(Bucket=bucket, Key="checked.bin", ChecksumMode="ENABLED")
    report["checksums"] = {
        "parts": [s["ChecksumSHA256"] for s in sums],
        "expectedParts": [b64(hashlib.sha256(first).digest()), b64(hashlib.sha256(second).digest())],
        "object": checked_done.get("ChecksumSHA256"),
        "expectedObject": b64(hashlib.sha256(hashlib.sha256(first).digest() + hashlib.sha256(second).digest()).digest()) + "-2",
        "returned": checked_got.get("ChecksumSHA256"),
        "equal": checked_got["Body"].read() == first + second,
    }

    # The transfer manager: parts of 5 MiB above a 5 MiB threshold, up and back down.
    path = os.path.join(os.environ.get("TMPDIR", "/tmp"), f"kumo-boto3-{bucket}.bin")
    back = path + ".back"
    big = random.Random(4).randbytes(13 * mib)
    with open(path, "wb") as f:
        f.write(big)
    config = boto3.s3.transfer.TransferConfig(multipart_threshold=5 * mib, multipart_chunksize=5 * mib)
    try:
        s3.upload_file(path, bucket, "transfer.bin", Config=config)
        s3.download_file(bucket, "transfer.bin", back, Config=config)
        with open(back, "rb") as f:
            report["transfer"] = {"equal": f.read() == big, "etag": s3.head_object(Bucket=bucket, Key="transfer.bin")["ETag"]}
    finally:
        for leftover in (path, back):
            if os.path.exists(leftover):
                os.remove(leftover)
    return report


def empty(s3, bucket):
    """An empty object, then more requests on the same connection: botocore sends the empty body with Expect: 100-continue."""
    quick = boto3.client(
        "s3",
        endpoint_url=os.environ["KUMO_ENDPOINT"],
        region_name="us-east-1",
        aws_access_key_id="test",
        aws_secret_access_key="test",
        config=botocore.config.Config(retries={"total_max_attempts": 1}, read_timeout=10, max_pool_connections=1),
    )
    quick.create_bucket(Bucket=bucket)
    report = {}
    try:
        quick.put_object(Bucket=bucket, Key="empty", Body=b"")
        quick.put_object(Bucket=bucket, Key="after", Body=b"after the empty one")
        quick.put_object(Bucket=bucket, Key="empty-again", Body=b"")
        report["sizes"] = [quick.head_object(Bucket=bucket, Key=k)["ContentLength"] for k in ("empty", "after", "empty-again")]
        report["after"] = quick.get_object(Bucket=bucket, Key="after")["Body"].read().decode()
    except botocore.exceptions.BotoCoreError as e:
        report["failure"] = f"{type(e).__name__}: {e}"
    return report


def main():
    if len(sys.argv) != 3 or sys.argv[1] not in ("objects", "paginate", "errors", "multipart", "empty"):
        print("usage: s3_boto3.py objects|paginate|errors|multipart|empty BUCKET", file=sys.stderr)
        return 2
    s3 = make_client()
    report = globals()[sys.argv[1]](s3, sys.argv[2])
    print(json.dumps(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
