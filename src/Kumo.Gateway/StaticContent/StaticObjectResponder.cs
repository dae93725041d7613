using System.Buffers;
using Kumo.Abstractions.Objects;
using Kumo.Gateway.S3;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Net.Http.Headers;

namespace Kumo.Gateway.StaticContent;

/// <summary>
/// Serves an object of a bucket as a web server serves a file, for GET and HEAD: its stored <c>Content-Type</c> (or one
/// from the key's extension when it was stored without one), its stored <c>Content-Encoding</c>, <c>Cache-Control</c>
/// and other content headers, <c>ETag</c>, <c>Last-Modified</c> and <c>Accept-Ranges</c>; the conditions of RFC 9110
/// in its order (<see cref="Preconditions"/>: 412, or 304 with a weak comparison of entity tags); and one byte range
/// (<see cref="ByteRange"/>: 206, or 416), which <c>If-Range</c> can turn off; <c>X-Content-Type-Options: nosniff</c>
/// on every object sent. The body is streamed from the store.
/// Used by buckets' static websites and by app routes served from a bucket; each writes its own error bodies.
/// </summary>
internal static class StaticObjectResponder
{
    /// <summary>The type S3 stores for an object written without a <c>Content-Type</c>.</summary>
    public const string UnknownContentType = "binary/octet-stream";

    private const int CopyBufferSize = 81920;

    private static readonly FileExtensionContentTypeProvider ContentTypes = new();

    /// <summary>
    /// Sends the object <paramref name="key"/> of <paramref name="bucket"/>. With <paramref name="status"/> 200 the
    /// request's conditions and range apply; with another status (an error document's 404) the whole object is sent
    /// with that status and they are ignored.
    /// </summary>
    /// <returns>What was done; for <see cref="StaticObjectOutcome.NotFound"/> nothing is written.</returns>
    public static async Task<StaticObjectOutcome> ServeAsync(
        HttpContext context, IObjectStore store, string bucket, string key, int status = StatusCodes.Status200OK)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(store);
        var request = context.Request;
        var response = context.Response;
        var aborted = context.RequestAborted;
        var head = HttpMethods.IsHead(request.Method);
        await using var content = head ? null : await store.OpenAsync(bucket, key, aborted);
        var info = head ? await store.HeadAsync(bucket, key, aborted) : content?.Info;
        if (info is null)
        {
            return StaticObjectOutcome.NotFound;
        }

        ByteRange? range = null;
        if (status == StatusCodes.Status200OK)
        {
            var headers = request.Headers;
            switch (Preconditions.Evaluate(info, headers.IfMatch.ToString(), headers.IfNoneMatch.ToString(),
                        headers.IfModifiedSince.ToString(), headers.IfUnmodifiedSince.ToString(), out _))
            {
                case PreconditionOutcome.Failed:
                    response.StatusCode = StatusCodes.Status412PreconditionFailed;
                    return StaticObjectOutcome.PreconditionFailed;
                case PreconditionOutcome.NotModified:
                    // RFC 9110 15.4.5: a 304 carries the validators and the caching headers a 200 would have had, no content.
                    WriteValidators(response, info);
                    CopyStored(response, info, HeaderNames.CacheControl, HeaderNames.Expires);
                    response.StatusCode = StatusCodes.Status304NotModified;
                    return StaticObjectOutcome.Sent;
            }

            var rangeHeader = headers.Range.ToString();
            if (rangeHeader.Length > 0 && RangeStillApplies(headers.IfRange.ToString(), info))
            {
                range = ByteRange.Parse(rangeHeader, info.Size);
                if (range == ByteRange.Unsatisfiable)
                {
                    response.Headers.ContentRange = $"bytes */{info.Size}";
                    response.Headers.AcceptRanges = "bytes";
                    response.StatusCode = StatusCodes.Status416RangeNotSatisfiable;
                    return StaticObjectOutcome.RangeNotSatisfiable;
                }
            }
        }

        WriteValidators(response, info);
        response.Headers.AcceptRanges = "bytes";
        response.ContentType = ContentTypeOf(info);
        foreach (var (name, value) in info.Headers)
        {
            response.Headers[name] = MimeWords.Encode(value);
        }

        // The path forms (/_kumo/site/{bucket}/, /_kumo/...) share an origin with Kumo's own API: a browser must take
        // an object for the type it was stored with, never sniff an upload into HTML or script.
        response.Headers.XContentTypeOptions = "nosniff";

        if (range is { } part)
        {
            response.StatusCode = StatusCodes.Status206PartialContent;
            response.Headers.ContentRange = part.ContentRange(info.Size);
            response.ContentLength = part.Length;
        }
        else
        {
            response.StatusCode = status;
            response.ContentLength = info.Size;
        }

        if (content is not null)
        {
            await SendAsync(response, content.Body, key, range?.Start ?? 0, range?.Length ?? info.Size, aborted);
        }

        return StaticObjectOutcome.Sent;
    }

    /// <summary>
    /// The type to send: the one the object was stored with, unless that is none (S3's <c>binary/octet-stream</c>, or
    /// empty), when the key's extension names one (<c>.html</c> → <c>text/html</c>, <c>.js</c> → <c>text/javascript</c> …).
    /// </summary>
    public static string ContentTypeOf(ObjectInfo info)
    {
        ArgumentNullException.ThrowIfNull(info);
        var stored = info.ContentType;
        if (!string.IsNullOrEmpty(stored) && !string.Equals(stored, UnknownContentType, StringComparison.OrdinalIgnoreCase))
        {
            return stored;
        }

        return ContentTypes.TryGetContentType(info.Key, out var byExtension) ? byExtension : UnknownContentType;
    }

    /// <summary>
    /// Whether a <c>Range</c> is served under the request's <c>If-Range</c> (RFC 9110 13.1.5): always without one;
    /// with an entity tag only when it is the object's, compared strongly; with a date only when it is exactly the
    /// object's <c>Last-Modified</c>. Otherwise the whole object is sent.
    /// </summary>
    internal static bool RangeStillApplies(string ifRange, ObjectInfo info)
    {
        if (ifRange.Length == 0)
        {
            return true;
        }

        if (ifRange.StartsWith('"') || ifRange.StartsWith("W/", StringComparison.Ordinal))
        {
            return ifRange == info.ETag;
        }

        return HeaderUtilities.TryParseDate(ifRange, out var date) && date == TruncateToSeconds(info.LastModified);
    }

    private static void WriteValidators(HttpResponse response, ObjectInfo info)
    {
        response.Headers.ETag = info.ETag;
        response.Headers.LastModified = S3Xml.HttpTime(info.LastModified);
    }

    private static void CopyStored(HttpResponse response, ObjectInfo info, params ReadOnlySpan<string> names)
    {
        foreach (var name in names)
        {
            foreach (var (stored, value) in info.Headers)
            {
                if (string.Equals(stored, name, StringComparison.OrdinalIgnoreCase))
                {
                    response.Headers[name] = MimeWords.Encode(value);
                }
            }
        }
    }

    private static async Task SendAsync(HttpResponse response, Stream body, string key, long start, long length, CancellationToken cancellationToken)
    {
        if (start > 0)
        {
            body.Seek(start, SeekOrigin.Begin);
        }

        await response.StartAsync(cancellationToken);
        var buffer = ArrayPool<byte>.Shared.Rent(CopyBufferSize);
        try
        {
            var left = length;
            while (left > 0)
            {
                var read = await body.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, left)), cancellationToken);
                if (read == 0)
                {
                    throw new IOException($"the stored body of '{key}' ended {left} bytes early");
                }

                await response.Body.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                left -= read;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static DateTimeOffset TruncateToSeconds(DateTimeOffset time) =>
        new(time.Ticks - (time.Ticks % TimeSpan.TicksPerSecond), time.Offset);
}
