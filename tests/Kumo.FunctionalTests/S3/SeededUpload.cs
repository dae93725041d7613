using System.Net;

namespace Kumo.FunctionalTests.S3;

/// <summary>One PUT of a <see cref="SeededBody"/> to Kumo's S3 API, and what became of it.</summary>
internal sealed class SeededUpload
{
    private readonly Lazy<string> _md5;

    private SeededUpload(string key, int seed, long size, SeededBody body)
    {
        Key = key;
        Size = size;
        Body = body;
        _md5 = new Lazy<string>(() => SeededBody.Md5Of(seed, size));
    }

    public string Key { get; }

    public long Size { get; }

    /// <summary>The MD5 of the whole body in lowercase hex: the ETag S3 gives it.</summary>
    public string Md5 => _md5.Value;

    public SeededBody Body { get; }

    /// <summary>Whether the server answered 200 with the ETag of what was sent.</summary>
    public bool Acknowledged { get; private set; }

    /// <summary>What went wrong, when it was not acknowledged.</summary>
    public string? Failure { get; private set; }

    public static SeededUpload Of(string key, int seed, long size, long? pauseAt = null, Task? resume = null) =>
        new(key, seed, size, new SeededBody(seed, size, pauseAt, resume));

    /// <summary>Sends the PUT and records the outcome; a connection cut (by a killed server) is an outcome, not an error.</summary>
    public async Task StartAsync(HttpClient http, string bucket)
    {
        try
        {
            using var request = S3Requests.New(HttpMethod.Put, $"/{bucket}/{Key}", Body);
            using var response = await http.SendAsync(request);
            var etag = response.Headers.ETag?.Tag.Trim('"');
            Acknowledged = response.StatusCode == HttpStatusCode.OK && etag == Md5;
            Failure = Acknowledged ? null : $"HTTP {(int)response.StatusCode}, ETag {etag}: {await response.Content.ReadAsStringAsync()}";
        }
        catch (Exception e) when (e is HttpRequestException or IOException or TaskCanceledException)
        {
            Failure = $"{e.GetType().Name}: {e.Message}";
        }
    }
}
