using System.Buffers;
using System.Globalization;
using Kumo.Abstractions.Objects;
using Microsoft.AspNetCore.Http;

namespace Kumo.Gateway.S3;

/// <summary>
/// GetObject and HeadObject: conditional requests (<see cref="Preconditions"/>), one byte range
/// (<see cref="ByteRange"/>) or one part (<c>partNumber</c>) of a multipart object (or part 1 of another), the
/// <c>response-*</c> header overrides, and the stored checksums with <c>x-amz-checksum-mode: ENABLED</c> when the
/// whole object is sent.
/// The body is streamed from the store.
/// </summary>
internal static class GetObjectOperation
{
    private const int CopyBufferSize = 81920;

    public static async Task ServeAsync(S3Call call)
    {
        var head = HttpMethods.IsHead(call.Request.Method);
        if (call.KeyProblem() is { } keyProblem)
        {
            await call.ErrorAsync(keyProblem);
            return;
        }

        if (VersionIdProblem(call) is { } versionProblem)
        {
            await call.ErrorAsync(versionProblem);
            return;
        }

        var partText = call.Query["partNumber"].ToString();
        var partNumber = 0;
        if (partText.Length > 0 && (!int.TryParse(partText, NumberStyles.None, CultureInfo.InvariantCulture, out partNumber) || partNumber is < 1 or > 10_000))
        {
            await call.ErrorAsync(S3Errors.InvalidArgument("Part number must be an integer between 1 and 10000, inclusive", "partNumber", partText));
            return;
        }

        var rangeHeader = call.Request.Headers.Range.ToString();
        if (partNumber > 0 && rangeHeader.Length > 0)
        {
            await call.ErrorAsync(S3Errors.InvalidRequest("Cannot specify both Range header and partNumber query parameter"));
            return;
        }

        if (await call.OwnBucketAsync() is null)
        {
            return;
        }

        await using var content = head ? null : await call.Store.OpenAsync(call.Bucket, call.Key, call.Aborted);
        var info = head ? await call.Store.HeadAsync(call.Bucket, call.Key, call.Aborted) : content?.Info;
        if (info is null)
        {
            await call.ErrorAsync(S3Errors.NoSuchKey(call.Key));
            return;
        }

        var headers = call.Request.Headers;
        switch (Preconditions.Evaluate(info, headers.IfMatch.ToString(), headers.IfNoneMatch.ToString(),
                    headers.IfModifiedSince.ToString(), headers.IfUnmodifiedSince.ToString(), out var condition))
        {
            case PreconditionOutcome.Failed:
                await call.ErrorAsync(S3Errors.PreconditionFailed(condition));
                return;
            case PreconditionOutcome.NotModified:
                call.Response.Headers.ETag = info.ETag;
                call.Response.Headers.LastModified = S3Xml.HttpTime(info.LastModified);
                await call.EmptyAsync(StatusCodes.Status304NotModified);
                return;
        }

        ByteRange? range = null;
        var emptyPart = false;
        if (partNumber > 0)
        {
            // A single upload is one part; a multipart object's part is the range its size and those before it give.
            IReadOnlyList<long> sizes = info.PartSizes.Count > 0 ? info.PartSizes : [info.Size];
            if (partNumber > sizes.Count)
            {
                await call.ErrorAsync(new S3Error(StatusCodes.Status416RangeNotSatisfiable, "InvalidPartNumber", "The requested partnumber is not satisfiable")
                    .With("PartNumberRequested", partText).With("ActualPartCount", sizes.Count.ToString(CultureInfo.InvariantCulture)));
                return;
            }

            // An empty part (the last, or the only one) has no byte range to send: its answer is an empty body.
            var length = sizes[partNumber - 1];
            range = length > 0 ? new ByteRange(sizes.Take(partNumber - 1).Sum(), length) : null;
            emptyPart = length == 0 && info.Size > 0;
        }
        else if (rangeHeader.Length > 0)
        {
            range = ByteRange.Parse(rangeHeader, info.Size);
            if (range == ByteRange.Unsatisfiable)
            {
                await call.ErrorAsync(S3Errors.InvalidRange(rangeHeader, info.Size));
                return;
            }
        }

        var withChecksums = !emptyPart && (range is null || range.Value.Length == info.Size);
        ObjectHeaders.Write(call.Response, info, call.Query,
            withChecksums && string.Equals(headers[S3Headers.ChecksumMode], "ENABLED", StringComparison.OrdinalIgnoreCase));
        if (range is { } part)
        {
            call.Response.StatusCode = StatusCodes.Status206PartialContent;
            call.Response.Headers.ContentRange = part.ContentRange(info.Size);
            call.Response.ContentLength = part.Length;
        }
        else
        {
            call.Response.StatusCode = StatusCodes.Status200OK;
            call.Response.ContentLength = emptyPart ? 0 : info.Size;
        }

        if (content is not null && !emptyPart)
        {
            var start = range?.Start ?? 0;
            await SendAsync(call, content, start, range?.Length ?? info.Size);
        }
    }

    /// <summary>S3 without versioning knows one version of each object, whose id is <c>null</c>.</summary>
    public static S3Error? VersionIdProblem(S3Call call)
    {
        var versionId = call.Query["versionId"].ToString();
        return versionId.Length > 0 && versionId != "null"
            ? S3Errors.InvalidArgument("Invalid version id specified", "versionId", versionId)
            : null;
    }

    private static async Task SendAsync(S3Call call, ObjectContent content, long start, long length)
    {
        var body = content.Body;
        if (start > 0)
        {
            body.Seek(start, SeekOrigin.Begin);
        }

        await call.Response.StartAsync(call.Aborted);
        var buffer = ArrayPool<byte>.Shared.Rent(CopyBufferSize);
        try
        {
            var left = length;
            while (left > 0)
            {
                var read = await body.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, left)), call.Aborted);
                if (read == 0)
                {
                    throw new IOException($"the stored body of '{call.Key}' ended {left} bytes early");
                }

                await call.Response.Body.WriteAsync(buffer.AsMemory(0, read), call.Aborted);
                left -= read;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
