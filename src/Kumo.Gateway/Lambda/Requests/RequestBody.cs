using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Kumo.Gateway.Lambda.Requests;

/// <summary>Reads a request body whole, but never more than a limit.</summary>
internal static class RequestBody
{
    private const int FirstChunk = 64 * 1024;

    /// <summary>
    /// The body, or null when it is larger than <paramref name="limit"/>: known from <c>Content-Length</c> before
    /// anything is read, or else once one byte past the limit has arrived.
    /// </summary>
    public static async Task<ReadOnlyMemory<byte>?> ReadAsync(HttpRequest request, long limit, CancellationToken cancellationToken)
    {
        var expected = request.ContentLength;
        if (expected > limit)
        {
            return null;
        }

        // The server's own limit becomes this one: it may be lower than the server default (Invoke) or higher
        // (CreateFunction), and it bounds what the server drains after an early answer.
        var sizeLimit = request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (sizeLimit is { IsReadOnly: false })
        {
            sizeLimit.MaxRequestBodySize = limit;
        }

        var buffer = new byte[expected ?? Math.Min(limit + 1, FirstChunk)];
        var length = 0;
        try
        {
            while (expected is null || length < expected)
            {
                if (length == buffer.Length)
                {
                    Array.Resize(ref buffer, (int)Math.Min(limit + 1, buffer.Length * 2L));
                }

                var read = await request.Body.ReadAsync(buffer.AsMemory(length), cancellationToken);
                if (read == 0)
                {
                    break;
                }

                length += read;
                if (length > limit)
                {
                    return null;
                }
            }
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return null;
        }

        return buffer.AsMemory(0, length);
    }
}
