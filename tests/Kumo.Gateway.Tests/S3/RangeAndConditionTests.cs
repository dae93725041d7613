using System.Net;
using System.Net.Http.Headers;

namespace Kumo.Gateway.Tests.S3;

/// <summary>GetObject's byte ranges and partNumber, and the conditional headers of GET and HEAD.</summary>
public sealed class RangeAndConditionTests : S3TestHost
{
    private static readonly byte[] Digits = "0123456789"u8.ToArray();
    private string _etag = "";

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await CreateBucketAsync("data");
        _etag = Store.Seed("data", "digits", Digits).ETag;
    }

    private Task<HttpResponseMessage> GetAsync(string header, string value, HttpMethod? method = null) =>
        SendAsync(method ?? HttpMethod.Get, "/data/digits", configure: r => r.Headers.TryAddWithoutValidation(header, value));

    [Theory]
    [InlineData("bytes=0-3", "0123", "bytes 0-3/10")]
    [InlineData("bytes=4-", "456789", "bytes 4-9/10")]
    [InlineData("bytes=-3", "789", "bytes 7-9/10")]
    [InlineData("bytes=8-100", "89", "bytes 8-9/10")]
    [InlineData("bytes=-50", "0123456789", "bytes 0-9/10")]
    [InlineData("bytes=9-9", "9", "bytes 9-9/10")]
    public async Task Range_Satisfiable_Answers206WithContentRange(string range, string body, string contentRange)
    {
        using var response = await GetAsync("Range", range);

        Assert.Equal(HttpStatusCode.PartialContent, response.StatusCode);
        Assert.Equal(body, await response.Content.ReadAsStringAsync());
        Assert.Equal(contentRange, Header(response, "Content-Range"));
        Assert.Equal(body.Length, response.Content.Headers.ContentLength);
    }

    [Theory]
    [InlineData("bytes=10-")]
    [InlineData("bytes=10-20")]
    [InlineData("bytes=-0")]
    public async Task Range_Unsatisfiable_Answers416InvalidRange(string range)
    {
        using var response = await GetAsync("Range", range);

        var error = await ErrorAsync(response, HttpStatusCode.RequestedRangeNotSatisfiable, "InvalidRange");
        Assert.Equal("10", (string?)error.Element("ActualObjectSize"));
        Assert.Equal(range, (string?)error.Element("RangeRequested"));
        Assert.Equal("bytes */10", Header(response, "Content-Range"));
    }

    [Theory]
    [InlineData("bytes=5-2")]
    [InlineData("bytes=0-1,4-5")]
    [InlineData("items=0-1")]
    [InlineData("bytes=a-b")]
    public async Task Range_NotOneWellFormedRange_IsIgnored(string range)
    {
        using var response = await GetAsync("Range", range);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("0123456789", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Range_OnHead_AnswersTheRangesLength()
    {
        using var response = await GetAsync("Range", "bytes=2-5", HttpMethod.Head);

        Assert.Equal(HttpStatusCode.PartialContent, response.StatusCode);
        Assert.Equal(4, response.Content.Headers.ContentLength);
    }

    [Fact]
    public async Task PartNumberOne_OfASinglePartObject_IsTheWholeObjectAs206()
    {
        using var response = await SendAsync(HttpMethod.Get, "/data/digits?partNumber=1");

        Assert.Equal(HttpStatusCode.PartialContent, response.StatusCode);
        Assert.Equal("bytes 0-9/10", Header(response, "Content-Range"));
        Assert.Equal("0123456789", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task PartNumberTwo_OfASinglePartObject_Answers416InvalidPartNumber()
    {
        using var response = await SendAsync(HttpMethod.Get, "/data/digits?partNumber=2");

        await ErrorAsync(response, HttpStatusCode.RequestedRangeNotSatisfiable, "InvalidPartNumber");
    }

    [Fact]
    public async Task IfMatch_Matching_Serves()
    {
        using var response = await GetAsync("If-Match", _etag);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task IfMatch_Other_Answers412PreconditionFailedNamingIt()
    {
        using var response = await GetAsync("If-Match", "\"0000\"");

        var error = await ErrorAsync(response, HttpStatusCode.PreconditionFailed, "PreconditionFailed");
        Assert.Equal("If-Match", (string?)error.Element("Condition"));
    }

    [Fact]
    public async Task IfMatch_Other_OnHead_Answers412WithoutABody()
    {
        using var response = await GetAsync("If-Match", "\"0000\"", HttpMethod.Head);

        Assert.Equal(HttpStatusCode.PreconditionFailed, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task IfNoneMatch_Matching_Answers304WithETag()
    {
        using var response = await GetAsync("If-None-Match", $"\"x\", {_etag}");

        Assert.Equal(HttpStatusCode.NotModified, response.StatusCode);
        Assert.Equal(_etag, response.Headers.ETag?.ToString());
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task IfNoneMatch_Star_OnHead_Answers304()
    {
        using var response = await GetAsync("If-None-Match", "*", HttpMethod.Head);

        Assert.Equal(HttpStatusCode.NotModified, response.StatusCode);
    }

    [Fact]
    public async Task IfModifiedSince_NotModified_Answers304()
    {
        using var response = await GetAsync("If-Modified-Since", "Thu, 02 Jan 2025 03:04:05 GMT");

        Assert.Equal(HttpStatusCode.NotModified, response.StatusCode);
    }

    [Fact]
    public async Task IfModifiedSince_Modified_Serves()
    {
        using var response = await GetAsync("If-Modified-Since", "Thu, 02 Jan 2025 03:04:04 GMT");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task IfUnmodifiedSince_ModifiedSince_Answers412()
    {
        using var response = await GetAsync("If-Unmodified-Since", "Wed, 01 Jan 2025 00:00:00 GMT");

        var error = await ErrorAsync(response, HttpStatusCode.PreconditionFailed, "PreconditionFailed");
        Assert.Equal("If-Unmodified-Since", (string?)error.Element("Condition"));
    }

    [Fact]
    public async Task IfMatchHolds_AndIfUnmodifiedSinceFails_ServesAsS3Does()
    {
        using var response = await SendAsync(HttpMethod.Get, "/data/digits", configure: r =>
        {
            r.Headers.TryAddWithoutValidation("If-Match", _etag);
            r.Headers.IfUnmodifiedSince = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task IfNoneMatchFails_AndIfModifiedSinceWouldHold_Answers304AsS3Does()
    {
        using var response = await SendAsync(HttpMethod.Get, "/data/digits", configure: r =>
        {
            r.Headers.IfNoneMatch.Add(EntityTagHeaderValue.Parse(_etag));
            r.Headers.IfModifiedSince = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
        });

        Assert.Equal(HttpStatusCode.NotModified, response.StatusCode);
    }

    [Fact]
    public async Task ConditionsComeBeforeTheRange()
    {
        using var response = await SendAsync(HttpMethod.Get, "/data/digits", configure: r =>
        {
            r.Headers.TryAddWithoutValidation("If-Match", "\"nope\"");
            r.Headers.TryAddWithoutValidation("Range", "bytes=50-");
        });

        Assert.Equal(HttpStatusCode.PreconditionFailed, response.StatusCode);
    }
}
