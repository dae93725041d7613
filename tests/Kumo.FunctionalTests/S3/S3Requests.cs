using System.Globalization;
using System.Xml.Linq;

namespace Kumo.FunctionalTests.S3;

/// <summary>
/// Plain HTTP requests that Kumo takes as S3 requests, path-style on its own address: they carry an
/// <c>Authorization</c> header shaped like an SDK's SigV4 signature for the service <c>s3</c>, as every AWS client's
/// request does. Kumo does not check signatures yet, so the signature itself is zeros.
/// </summary>
internal static class S3Requests
{
    private static readonly XNamespace S3 = "http://s3.amazonaws.com/doc/2006-03-01/";

    public static HttpRequestMessage New(HttpMethod method, string path, HttpContent? content = null)
    {
        var now = DateTimeOffset.UtcNow;
        var request = new HttpRequestMessage(method, path) { Content = content };
        request.Headers.TryAddWithoutValidation("x-amz-date", now.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture));
        request.Headers.TryAddWithoutValidation("x-amz-content-sha256", "UNSIGNED-PAYLOAD");
        request.Headers.TryAddWithoutValidation(
            "Authorization",
            $"AWS4-HMAC-SHA256 Credential=test/{now.ToString("yyyyMMdd", CultureInfo.InvariantCulture)}/us-east-1/s3/aws4_request, " +
            $"SignedHeaders=host;x-amz-content-sha256;x-amz-date, Signature={new string('0', 64)}");
        return request;
    }

    /// <summary>Every object in <paramref name="bucket"/> (ListObjectsV2, page after page): key, size and ETag.</summary>
    public static async Task<List<(string Key, long Size, string ETag)>> ListAsync(HttpClient http, string bucket)
    {
        var objects = new List<(string Key, long Size, string ETag)>();
        string? token = null;
        do
        {
            var query = "?list-type=2" + (token is null ? "" : "&continuation-token=" + Uri.EscapeDataString(token));
            using var request = New(HttpMethod.Get, $"/{bucket}{query}");
            using var response = await http.SendAsync(request);
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.IsSuccessStatusCode, $"ListObjectsV2 of {bucket} answered {(int)response.StatusCode}: {body}");
            var result = XDocument.Parse(body).Root!;
            objects.AddRange(result.Elements(S3 + "Contents").Select(c => (
                (string)c.Element(S3 + "Key")!,
                (long)c.Element(S3 + "Size")!,
                ((string)c.Element(S3 + "ETag")!).Trim('"'))));
            token = (bool)result.Element(S3 + "IsTruncated")! ? (string?)result.Element(S3 + "NextContinuationToken") : null;
        }
        while (token is not null);

        return objects;
    }
}
