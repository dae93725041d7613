using Microsoft.AspNetCore.Http;

namespace Kumo.Gateway.Http.Payloads;

/// <summary>Sends a <see cref="MappedHttpResponse"/> as the answer to a request.</summary>
internal static class MappedHttpResponseExtensions
{
    // Headers of one connection, not of the response, and Content-Length, which is set from the body itself.
    private static readonly HashSet<string> SkippedHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "Connection",
        "Transfer-Encoding",
        "Keep-Alive",
        "Upgrade",
        "Content-Length",
    };

    /// <summary>
    /// Sets the status, appends the headers (a name given more than once gets every value; connection headers and
    /// <c>Content-Length</c> skipped) and writes the body with its length, unless the status allows no body
    /// (1xx, 204, 205, 304). The response must not have started.
    /// </summary>
    public static async Task WriteAsync(this MappedHttpResponse mapped, HttpResponse response, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(mapped);
        ArgumentNullException.ThrowIfNull(response);
        response.StatusCode = mapped.StatusCode;
        foreach (var (name, value) in mapped.Headers)
        {
            if (!SkippedHeaders.Contains(name))
            {
                response.Headers.Append(name, value);
            }
        }

        if (mapped.StatusCode is < 200 or StatusCodes.Status204NoContent or StatusCodes.Status205ResetContent or StatusCodes.Status304NotModified)
        {
            return;
        }

        response.ContentLength = mapped.Body.Length;
        if (!mapped.Body.IsEmpty)
        {
            await response.Body.WriteAsync(mapped.Body, cancellationToken);
        }
    }
}
