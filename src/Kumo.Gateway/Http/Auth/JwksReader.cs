using System.Text;
using System.Text.Json;
using Microsoft.IdentityModel.Tokens;

namespace Kumo.Gateway.Http.Auth;

/// <summary>
/// Reads a JSON Web Key Set into its signing keys: from an http(s) URL (at most <see cref="MaxBytes"/>, within
/// <see cref="FetchTimeout"/>) or from a file. Each read says why it found no keys; it keeps nothing.
/// </summary>
internal sealed class JwksReader(IHttpClientFactory httpClients)
{
    /// <summary>The name of the <see cref="HttpClient"/> that fetches JWKS documents.</summary>
    public const string ClientName = "Kumo.Jwks";

    private const int MaxBytes = 1 << 20;

    private static readonly TimeSpan FetchTimeout = TimeSpan.FromSeconds(10);

    /// <summary>The http(s) URL <paramref name="source"/> names, or null and the file path it names.</summary>
    public static Uri? Url(string source, out string path)
    {
        path = source;
        if (!Uri.TryCreate(source, UriKind.Absolute, out var uri))
        {
            return null;
        }

        if (uri.IsFile)
        {
            path = uri.LocalPath;
            return null;
        }

        return uri;
    }

    /// <summary>The signing keys of the JWKS at <paramref name="url"/>, or null and why there are none.</summary>
    public async Task<(IList<SecurityKey>? Keys, string Problem)> FetchAsync(Uri url, CancellationToken cancellationToken)
    {
        if (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp)
        {
            return (null, $"'{url.Scheme}' is neither http nor https, and the JWKS is not a file");
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(FetchTimeout);
        try
        {
            using var client = httpClients.CreateClient(ClientName);
            using var response = await client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            if (!response.IsSuccessStatusCode)
            {
                return (null, $"GET answered {(int)response.StatusCode}");
            }

            await using var body = await response.Content.ReadAsStreamAsync(timeout.Token);
            return await ReadLimitedAsync(body, timeout.Token) is { } json ? Parse(json) : (null, $"the JWKS is larger than {MaxBytes} bytes");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (null, $"GET took longer than {FetchTimeout.TotalSeconds:0} s");
        }
        catch (HttpRequestException e)
        {
            return (null, $"GET failed: {e.Message}");
        }
    }

    /// <summary>The signing keys of the JWKS in the file at <paramref name="path"/>, or null and why there are none.</summary>
    public static async Task<(IList<SecurityKey>? Keys, string Problem)> ReadFileAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            return Parse(await File.ReadAllTextAsync(path, cancellationToken));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return (null, e.Message);
        }
    }

    private static async Task<string?> ReadLimitedAsync(Stream body, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    private static (IList<SecurityKey>? Keys, string Problem) Parse(string json)
    {
        try
        {
            var keys = new JsonWebKeySet(json).GetSigningKeys();
            return keys.Count == 0 ? (null, "the JWKS has no RSA or EC signing keys") : (keys, "");
        }
        catch (Exception e) when (e is ArgumentException or JsonException)
        {
            return (null, $"the JWKS is not valid JSON Web Key Set: {e.Message}");
        }
    }
}
