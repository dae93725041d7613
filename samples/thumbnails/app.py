"""Makes a thumbnail of each image put into a bucket, into another bucket: the classic S3-triggered function.

Invoked by a bucket notification with S3's event. Reads the image through Kumo's S3 API, shrinks it with Pillow
to fit THUMBNAIL_SIZE (default 128) pixels on its longer side, keeping its format, and writes it under the same
key into THUMBNAIL_BUCKET. Pillow comes from the host's Debian package python3-pil, which sandboxes see under
/usr; on Lambda you would bundle it in the package instead.
"""
import io
import os
import urllib.parse

import boto3
from PIL import Image

# Debian 12's boto3 (1.26) predates AWS_ENDPOINT_URL_S3, so the endpoint is passed in; boto3 >= 1.28 reads it itself.
s3 = boto3.client("s3", endpoint_url=os.environ.get("AWS_ENDPOINT_URL_S3"))
TARGET = os.environ["THUMBNAIL_BUCKET"]
SIZE = int(os.environ.get("THUMBNAIL_SIZE", "128"))
CONTENT_TYPES = {"JPEG": "image/jpeg", "PNG": "image/png", "GIF": "image/gif", "WEBP": "image/webp"}


def handler(event, context):
    made = []
    for record in event["Records"]:
        bucket = record["s3"]["bucket"]["name"]
        # S3 sends the key URL-encoded, a space as '+'.
        key = urllib.parse.unquote_plus(record["s3"]["object"]["key"])
        if bucket == TARGET:
            raise ValueError(f"the thumbnail bucket '{TARGET}' must not be the one that triggers this function")
        original = s3.get_object(Bucket=bucket, Key=key)["Body"].read()
        with Image.open(io.BytesIO(original)) as image:
            image_format = image.format
            if image_format not in CONTENT_TYPES:
                print(f"skipping {bucket}/{key}: {image_format or 'unknown'} is not an image format this function writes")
                continue
            image.thumbnail((SIZE, SIZE))
            out = io.BytesIO()
            image.save(out, format=image_format)
            width, height = image.size
        s3.put_object(Bucket=TARGET, Key=key, Body=out.getvalue(), ContentType=CONTENT_TYPES[image_format],
                      Metadata={"source": f"{bucket}/{key}"})
        print(f"{bucket}/{key} ({len(original)} bytes) -> {TARGET}/{key} {width}x{height} ({out.tell()} bytes)")
        made.append({"key": key, "width": width, "height": height})
    return {"thumbnails": made}
